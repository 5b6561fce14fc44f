"""Reads of co-applicants: who may open an application and how, its collaborators and invitations, its edit log."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from .models import Application
from .models_collaborators import ApplicationCollaborator, ApplicationEdit, ApplicationInvitation, CollaboratorRole

OWNER = "owner"


def application_get_for_participant(*, user, pk: int, need: str = CollaboratorRole.VIEWER) -> Application:
    """The application of the signed-in applicant, or of an application they collaborate on, in one query;
    `application.access` says how: "owner", "editor" or "viewer"; `application.last_edit_id` is the id of its
    latest edit (0 before any), the version a step page is opened at.

    Anyone else gets 404 as if it did not exist; a collaborator whose role falls short of `need` ("editor"
    to change it, "owner" for what only the representative does) gets 403.
    """
    role = ApplicationCollaborator.objects.filter(application=OuterRef("pk"), user_id=user.pk).values("role")[:1]
    application = (
        Application.objects.select_related("call", "desired_unit_type", "form_definition")
        .annotate(
            collaborator_role=Subquery(role),
            last_edit=Subquery(
                ApplicationEdit.objects.filter(application=OuterRef("pk")).order_by("-id").values("id")[:1]
            ),
        )
        .filter(Q(applicant_id=user.pk) | Q(collaborator_role__isnull=False), pk=pk)
        .first()
    )
    if application is None:
        raise Http404
    application.last_edit_id = application.last_edit or 0
    application.access = OWNER if application.applicant_id == user.pk else application.collaborator_role
    if not access_allows(application.access, need):
        raise PermissionDenied
    return application


_RANK = {CollaboratorRole.VIEWER: 0, CollaboratorRole.EDITOR: 1, OWNER: 2}


def access_allows(access: str, need: str) -> bool:
    return _RANK[access] >= _RANK[need]


def application_ids_for_collaborator(*, user) -> QuerySet:
    return ApplicationCollaborator.objects.filter(user_id=user.pk).values("application_id")


def collaborator_list(*, application) -> list[ApplicationCollaborator]:
    return list(
        ApplicationCollaborator.objects.filter(application=application)
        .select_related("user")
        .order_by("accepted_at", "id")
    )


def invitation_list_open(*, application) -> list[ApplicationInvitation]:
    """The invitations still waiting for an answer, newest first (expired and withdrawn ones left out)."""
    return list(
        ApplicationInvitation.objects.filter(
            application=application,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).order_by("-created_at")
    )


@dataclass(frozen=True)
class EditRow:
    at: object
    actor: str
    role: str
    kind: str
    items: list[str]


def application_edit_history(*, application, labels: dict[str, str], limit: int = 20) -> list[EditRow]:
    """The latest edits of the application, each with who made it (and as what) and the items' labels."""
    roles = dict(ApplicationCollaborator.objects.filter(application=application).values_list("user_id", "role"))
    role_labels = dict(CollaboratorRole.choices)
    rows = []
    for edit in ApplicationEdit.objects.filter(application=application).select_related("actor")[:limit]:
        if edit.actor_id == application.applicant_id:
            role = _representative_label()
        else:
            role = str(role_labels.get(roles.get(edit.actor_id), ""))
        rows.append(
            EditRow(
                at=edit.at,
                actor=edit.actor.get_full_name() if edit.actor else "—",
                role=role,
                kind=edit.get_kind_display(),
                items=[labels.get(key, key) for key in edit.keys],
            )
        )
    return rows


def _representative_label() -> str:
    from django.utils.translation import gettext

    return gettext("Applicant (representative)")
