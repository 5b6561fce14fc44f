"""Companies and their teams: profile changes, members, roles and invitations by e-mail."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.invitations import invitation_check_acceptable, invitation_expiry, invitation_token, invited_user_create
from accounts.models import User
from accounts.roles import Role
from accounts.services import user_grant_role
from portal.exceptions import DomainError, PermissionRefused
from portal.validators import format_business_registration_number

from .. import notifications
from ..models import Company, Invitation, TeamMembership, TeamRole

PROFILE_FIELDS = (
    "name_ko", "name_en", "logo", "description_ko", "description_en", "ai_field", "website", "hiring_url",
    "is_published", "representative", "business_type", "business_item", "tax_invoice_email",
    "billing_contact_name", "billing_contact_email", "address", "phone",
)
# What a tax invoice names of the recipient beside its name and registration number (asked at the
# offer's acceptance, kept up to date by the company's managers).
TAX_INVOICE_FIELDS = ("representative", "business_type", "business_item", "tax_invoice_email")


def _lock_company(company: Company) -> Company:
    return Company.objects.select_for_update().get(pk=company.pk)


def _require_manager(*, company: Company, actor: User) -> TeamMembership:
    membership = TeamMembership.objects.filter(company=company, user=actor).first()
    if membership is None or not membership.can_manage:
        raise PermissionRefused(_("Only the company's owners and administrators can do this."))
    return membership


def _revoke_role_if_no_company(user: User) -> None:
    if not TeamMembership.objects.filter(user=user).exists():
        group = Group.objects.filter(name=Role.TENANT_MEMBER.value).first()
        if group is not None:
            user.groups.remove(group)
        user._role_cache = None


@transaction.atomic
def company_create(*, name_ko: str, business_registration_number: str, owner: User | None = None, **fields) -> Company:
    company = Company(
        name_ko=name_ko, business_registration_number=format_business_registration_number(business_registration_number),
        **fields,
    )
    company.full_clean()
    company.save()
    if owner is not None:
        membership_add(company=company, user=owner, role=TeamRole.OWNER)
    return company


@transaction.atomic
def company_update(*, company: Company, actor: User, data: dict) -> Company:
    """Change the profile (public and private parts); owners and administrators only."""
    _require_manager(company=company, actor=actor)
    changed = []
    for field, value in data.items():
        if field not in PROFILE_FIELDS:
            raise ValueError(f"not a profile field: {field}")
        if field == "logo" and value is False:  # "clear" ticked in the form
            value = ""
        if getattr(company, field) != value:
            setattr(company, field, value)
            changed.append(field)
    if "logo" in changed:  # stored under a generated name (company_logo_path), which sets logo_name
        changed.append("logo_name")
        if not company.logo:
            company.logo_name = ""
    if changed:
        company.save(update_fields=[*changed, "updated_at"])
    return company


@transaction.atomic
def membership_add(*, company: Company, user: User, role: str = TeamRole.MEMBER) -> TeamMembership:
    """Make a user a member of the company and give them the tenant-member role."""
    if TeamMembership.objects.filter(company=company, user=user).exists():
        raise DomainError(_("%(user)s is already a member of this company.") % {"user": user.email})
    membership = TeamMembership.objects.create(company=company, user=user, role=role)
    user_grant_role(user=user, role=Role.TENANT_MEMBER)
    return membership


def _owner_count(company: Company) -> int:
    return TeamMembership.objects.filter(company=company, role=TeamRole.OWNER).count()


@transaction.atomic
def membership_remove(*, membership: TeamMembership, actor: User | None) -> None:
    """An owner or administrator (or district staff in the admin: actor None) removes someone from
    the team; the last owner stays."""
    _lock_company(membership.company)
    membership = TeamMembership.objects.select_for_update().get(pk=membership.pk)
    acting = _require_manager(company=membership.company, actor=actor) if actor is not None else None
    if membership.role == TeamRole.OWNER and acting is not None and acting.role != TeamRole.OWNER:
        raise PermissionRefused(_("Only an owner can remove another owner."))
    if membership.role == TeamRole.OWNER and _owner_count(membership.company) <= 1:
        raise DomainError(
            _("The last owner cannot be removed. Make another member an owner first."), code="last_owner"
        )
    user = membership.user
    membership.delete()
    _revoke_role_if_no_company(user)


@transaction.atomic
def membership_leave(*, membership: TeamMembership) -> None:
    """A member leaves the company's team (the last owner cannot)."""
    _lock_company(membership.company)
    membership = TeamMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == TeamRole.OWNER and _owner_count(membership.company) <= 1:
        raise DomainError(
            _("You are the last owner: make another member an owner before you leave."), code="last_owner"
        )
    user = membership.user
    membership.delete()
    _revoke_role_if_no_company(user)


@transaction.atomic
def membership_change_role(*, membership: TeamMembership, role: str, actor: User | None) -> TeamMembership:
    """Change a member's role (actor None: district staff in the admin); the company keeps an owner."""
    _lock_company(membership.company)
    membership = TeamMembership.objects.select_for_update().get(pk=membership.pk)
    acting = _require_manager(company=membership.company, actor=actor) if actor is not None else None
    if TeamRole.OWNER in (role, membership.role) and acting is not None and acting.role != TeamRole.OWNER:
        raise PermissionRefused(_("Only an owner can make or unmake owners."))
    if membership.role == TeamRole.OWNER and role != TeamRole.OWNER and _owner_count(membership.company) <= 1:
        raise DomainError(_("The company needs at least one owner."), code="last_owner")
    if membership.role != role:
        membership.role = role
        membership.save(update_fields=["role", "updated_at"])
    return membership


@transaction.atomic
def invitation_create(*, company: Company, email: str, role: str, actor: User, language: str = "") -> Invitation:
    """Invite a colleague by e-mail; the link expires after TENANTS_INVITATION_DAYS days. The e-mail is
    in the language of the invitee's account, or for an address without one in `language` (default:
    the portal's)."""
    acting = _require_manager(company=company, actor=actor)
    email = User.objects.normalize_email(email).strip()
    if role == TeamRole.OWNER and acting.role != TeamRole.OWNER:
        raise PermissionRefused(_("Only an owner can invite another owner."))
    if TeamMembership.objects.filter(company=company, user__email__iexact=email).exists():
        raise DomainError(_("%(email)s is already a member of this company.") % {"email": email}, code="member")
    now = timezone.now()
    # A new invitation replaces any open one for the same address.
    Invitation.objects.filter(
        company=company, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    invitation = Invitation.objects.create(
        company=company, email=email, role=role, invited_by=actor, token=invitation_token(),
        expires_at=invitation_expiry(days=settings.TENANTS_INVITATION_DAYS, at=now),
    )
    notifications.invitation_sent(invitation=invitation, recipient=User.objects.filter(email__iexact=email).first(),
                                  language=language, actor=actor)
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor: User) -> None:
    _require_manager(company=invitation.company, actor=actor)
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])


@transaction.atomic
def invitation_accept_with_signup(
    *, invitation: Invitation, name: str, password: str, phone: str = "", preferred_language: str = "ko",
    consents: list[str], request=None,
) -> TeamMembership:
    """Create the account of an invited address that has none and join the team."""
    user = invited_user_create(email=invitation.email, name=name, password=password, phone=phone,
                               preferred_language=preferred_language, consents=consents, request=request)
    return invitation_accept(invitation=invitation, user=user)


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> TeamMembership:
    """The invited person joins the team with the invitation's role."""
    invitation = Invitation.objects.select_for_update().select_related("company").get(pk=invitation.pk)
    invitation_check_acceptable(invitation=invitation, user=user,
                                expired_message=_("This invitation has expired. Ask the company for a new one."))
    membership = membership_add(company=invitation.company, user=user, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    notifications.invitation_accepted(invitation=invitation, user=user)
    return membership
