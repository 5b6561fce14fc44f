"""Writes on co-applicants: invitations (accounts/invitations.py), accepting them, removal, and the edit log."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.invitations import (
    invitation_check_acceptable,
    invitation_expiry,
    invitation_token,
    invited_user_create,
)
from accounts.models import User
from portal.exceptions import DomainError, PermissionRefused

from . import notifications
from .models import Application
from .models_collaborators import (
    ApplicationCollaborator,
    ApplicationEdit,
    ApplicationInvitation,
    CollaboratorRole,
    EditKind,
)
from .workflow import Status


def _require_representative(*, application: Application, actor) -> None:
    if actor is None or actor.pk != application.applicant_id:
        raise PermissionRefused(_("Only the applicant (the representative) can do this."))


@transaction.atomic
def collaborator_invite(
    *,
    application: Application,
    email: str,
    role: str,
    actor,
    language: str = "",
) -> ApplicationInvitation:
    """The applicant invites a colleague to the draft by e-mail as an editor or a viewer; the link expires after
    APPLICATION_INVITATION_DAYS days. A new invitation to the same address withdraws the open one."""
    locked = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    _require_representative(application=locked, actor=actor)
    if locked.status != Status.DRAFT:
        raise DomainError(_("Colleagues can be invited only while the application is a draft."), code="not_draft")
    if role not in CollaboratorRole.values:
        raise DomainError(_("Choose editor or viewer."), code="role")
    email = User.objects.normalize_email(email).strip()
    if email.lower() == (actor.email or "").lower():
        raise DomainError(_("This is your own address."), code="self")
    if ApplicationCollaborator.objects.filter(application=locked, user__email__iexact=email).exists():
        raise DomainError(_("%(email)s already works on this application.") % {"email": email}, code="member")
    now = timezone.now()
    ApplicationInvitation.objects.filter(
        application=locked,
        email__iexact=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    ).update(revoked_at=now, updated_at=now)
    invitation = ApplicationInvitation.objects.create(
        application=locked,
        email=email,
        role=role,
        invited_by=actor,
        token=invitation_token(),
        expires_at=invitation_expiry(days=settings.APPLICATION_INVITATION_DAYS, at=now),
    )
    notifications.collaborator_invited(
        invitation=invitation,
        language=language,
        actor=actor,
        recipient=User.objects.filter(email__iexact=email).first(),
    )
    return invitation


@transaction.atomic
def collaborator_invitation_revoke(*, invitation: ApplicationInvitation, actor) -> bool:
    """The applicant withdraws an invitation not yet accepted; its link stops working. False if it was not open."""
    locked = ApplicationInvitation.objects.select_for_update().select_related("application").get(pk=invitation.pk)
    _require_representative(application=locked.application, actor=actor)
    if locked.accepted_at is not None or locked.revoked_at is not None:
        return False
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at", "updated_at"])
    return True


@transaction.atomic
def collaborator_invitation_accept(*, invitation: ApplicationInvitation, user) -> ApplicationCollaborator:
    """The invited person, signed in with the invited address, joins the application in the invitation's role;
    the applicant is told."""
    locked = (
        ApplicationInvitation.objects.select_for_update()
        .select_related("application__call", "application__applicant")
        .get(pk=invitation.pk)
    )
    invitation_check_acceptable(
        invitation=locked, user=user, expired_message=_("This invitation has expired. Ask the applicant for a new one.")
    )
    if user.pk == locked.application.applicant_id:
        raise DomainError(_("This is your own application."), code="self")
    now = timezone.now()
    collaborator, created = ApplicationCollaborator.objects.get_or_create(
        application=locked.application,
        user=user,
        defaults={"role": locked.role, "invited_by": locked.invited_by, "accepted_at": now},
    )
    if not created and collaborator.role != locked.role:
        collaborator.role = locked.role
        collaborator.save(update_fields=["role", "updated_at"])
    locked.accepted_at, locked.accepted_by = now, user
    locked.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    notifications.collaborator_joined(collaborator=collaborator)
    return collaborator


@transaction.atomic
def collaborator_invitation_accept_with_signup(
    *,
    invitation: ApplicationInvitation,
    name: str,
    password: str,
    phone: str = "",
    preferred_language: str = "ko",
    consents: list[str],
    request=None,
) -> ApplicationCollaborator:
    """Create the account of an invited address that has none, and join the application."""
    user = invited_user_create(
        email=invitation.email,
        name=name,
        password=password,
        phone=phone,
        preferred_language=preferred_language,
        consents=consents,
        request=request,
    )
    return collaborator_invitation_accept(invitation=invitation, user=user)


@transaction.atomic
def collaborator_remove(*, collaborator: ApplicationCollaborator, actor) -> None:
    """The applicant removes a colleague from the application: they no longer open it."""
    _require_representative(application=collaborator.application, actor=actor)
    collaborator._change_reason = "removed by the applicant"
    collaborator.delete()


def collaborator_may_edit(*, application: Application, actor) -> bool:
    """Whether `actor` may change the application's content: its applicant, or an editor among its colleagues."""
    if actor is None:
        return False
    return (
        actor.pk == application.applicant_id
        or ApplicationCollaborator.objects.filter(
            application_id=application.pk, user_id=actor.pk, role=CollaboratorRole.EDITOR
        ).exists()
    )


def application_edit_record(*, application: Application, actor, keys, kind: str = EditKind.SAVED) -> None:
    """Log who changed which items of the application, in the caller's transaction."""
    keys = list(keys)
    if keys:
        ApplicationEdit.objects.create(application_id=application.pk, actor=actor, kind=kind, keys=keys)


class StaleEdit(DomainError):
    """Someone else saved some of the same items after the page was opened: nothing is saved."""

    def __init__(self, *, editors: list[str], keys: list[str], version: int):
        super().__init__(
            _(
                "%(names)s saved this page after you opened it. Your input is kept below: check it "
                "against theirs and save again."
            )
            % {"names": ", ".join(editors)},
            code="stale",
        )
        self.editors, self.keys, self.version = editors, keys, version


def application_stale_check(*, application: Application, actor, seen: int | None, differing) -> None:
    """Raise StaleEdit when another person's edit after version `seen` (an edit id) touched an item whose value
    the save would change (`differing(key)` is true): the later save would silently undo theirs. The
    application's row is locked by the caller."""
    if seen is None:
        return
    later = list(
        ApplicationEdit.objects.filter(application_id=application.pk, id__gt=seen)
        .exclude(actor_id=actor.pk)
        .select_related("actor")
        .order_by("id")
    )
    keys = [key for key in dict.fromkeys(k for edit in later for k in edit.keys) if differing(key)]
    if keys:
        editors = list(
            dict.fromkeys(
                edit.actor.get_full_name() if edit.actor else "—" for edit in later if set(edit.keys) & set(keys)
            )
        )
        raise StaleEdit(editors=editors, keys=keys, version=later[-1].pk)
