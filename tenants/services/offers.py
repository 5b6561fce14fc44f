"""Offers of a unit: staff offer a unit to a selected application; the applicant accepts (the company
and a draft lease are created from the application, nothing typed twice) or declines; an unanswered
offer lapses; a freed place goes to the best-ranked application of the waiting list."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from applications.models import Application
from applications.selectors import results_released
from applications.services import application_transition
from applications.workflow import Status
from evaluations.selectors import call_ranking
from portal.exceptions import DomainError, PermissionRefused
from portal.validators import format_business_registration_number
from portal.workflow import status_change_record, transition_apply
from premises.models import Unit, UnitStatus
from premises.services import unit_status_refresh

from .. import notifications
from ..models import (
    OFFER_OPEN_STATUSES,
    Company,
    Offer,
    OfferStatus,
    TeamMembership,
    TeamRole,
    default_lease_end,
)
from ..workflow import OFFER_WORKFLOW
from .companies import TAX_INVOICE_FIELDS, company_create, company_update, membership_add
from .leases import lease_create, lease_list_overlapping


def _lock_offer(offer: Offer) -> Offer:
    return (
        Offer.objects.select_for_update(of=("self",))
        .select_related("application__applicant", "unit__unit_type", "unit__floor__building")
        .get(pk=offer.pk)
    )


def offer_default_lease_start(*, application: Application, today: dt.date | None = None) -> dt.date:
    """The applicant's desired move-in date, or the first day after the answer period if that is sooner."""
    today = today or timezone.localdate()
    earliest = today + dt.timedelta(days=settings.TENANTS_OFFER_RESPONSE_DAYS + 1)
    desired = application.desired_move_in
    return desired if desired and desired >= earliest else earliest


def _unit_taken_error(unit: Unit) -> DomainError:
    return DomainError(
        _("Unit %(unit)s has just been offered to another company or is leased for this period. "
          "Choose another unit.") % {"unit": unit.code},
        code="unit_taken",
    )


@transaction.atomic
def offer_create(
    *, application: Application, unit: Unit, actor: User, lease_start: dt.date | None = None, note: str = "",
) -> Offer:
    """Offer a unit to a selected application; the applicant is told and has until the deadline.

    The unit row is locked while its pending offers and leases are checked, so that two staff offering
    one unit at the same moment get one offer and one clear refusal (the partial unique constraint on
    pending offers backs it up)."""
    if actor is None or not actor.is_district_staff:
        raise PermissionRefused(_("Only district staff can do this."))
    unit = Unit.objects.select_for_update(of=("self",)).select_related("unit_type", "floor__building").get(pk=unit.pk)
    application = (
        Application.objects.select_for_update(of=("self",)).select_related("applicant", "call").get(pk=application.pk)
    )
    if application.status != Status.SELECTED:
        raise DomainError(_("Only a selected application can be offered a unit."), code="not_selected")
    if not results_released(call=application.call):
        # The applicant learns of the selection from the results, not from an offer.
        raise DomainError(_("The results of call %(call)s are not released yet: units are offered after the "
                            "release.") % {"call": application.call.code}, code="not_released")
    if Offer.objects.filter(application=application, status__in=OFFER_OPEN_STATUSES).exists():
        raise DomainError(
            _("This application already has an offer awaiting an answer or accepted."), code="has_offer"
        )
    if unit.status == UnitStatus.MAINTENANCE:
        raise DomainError(_("Unit %(unit)s is under maintenance.") % {"unit": unit.code}, code="maintenance")
    lease_start = lease_start or offer_default_lease_start(application=application)
    if lease_start <= timezone.localdate():
        raise DomainError(_("The lease must start after today."), code="dates")
    if (
        Offer.objects.filter(unit=unit, status=OfferStatus.PENDING).exists()
        or lease_list_overlapping(unit, lease_start, default_lease_end(lease_start)).exists()
    ):
        raise _unit_taken_error(unit)
    now = timezone.now()
    offer = Offer(
        application=application, unit=unit, lease_start=lease_start, note=note.strip(), offered_by=actor,
        offered_at=now, respond_by=now + dt.timedelta(days=settings.TENANTS_OFFER_RESPONSE_DAYS),
    )
    try:
        with transaction.atomic():
            offer.save()
    except IntegrityError as exc:
        if "offer_one_pending_per_unit" in str(exc):
            raise _unit_taken_error(unit) from exc
        if "offer_one_open_per_application" in str(exc):
            raise DomainError(
                _("This application already has an offer awaiting an answer or accepted."), code="has_offer"
            ) from exc
        raise
    status_change_record(instance=offer, to_status=OfferStatus.PENDING, actor=actor, reason=note)
    unit_status_refresh(unit_id=unit.pk)
    notifications.offer_made(offer=offer)
    return offer


def _company_from_application(application: Application, *, owner: User, tax_details: dict) -> Company:
    """The tenant company, built from what the applicant already typed in the application and the
    registration data a tax invoice names (asked with the acceptance)."""
    brn = format_business_registration_number(application.business_registration_number)
    existing = Company.objects.filter(business_registration_number=brn).first()
    if existing is not None:
        if not TeamMembership.objects.filter(company=existing, user=owner).exists():
            raise DomainError(
                _("A company with the business registration number %(brn)s is already registered. "
                  "Please contact the center.") % {"brn": brn},
                code="company_exists",
            )
        membership = TeamMembership.objects.get(company=existing, user=owner)
        if tax_details and membership.can_manage:
            return company_update(company=existing, actor=owner, data=tax_details)
        return existing
    try:
        return company_create(
            name_ko=application.company_name_ko, business_registration_number=brn, owner=owner,
            name_en=application.company_name_en,
            ai_field=application.ai_field or "other",
            website=application.website, description_ko=application.business_summary[:1000],
            address=application.head_office_address, phone=application.contact_phone,
            billing_contact_name=application.contact_name, billing_contact_email=application.contact_email,
            **tax_details,
        )
    except ValidationError as exc:
        raise DomainError(
            _("The company could not be created from the application (%(problem)s). Please contact the center.")
            % {"problem": "; ".join(exc.messages)},
            code="company_invalid",
        ) from exc


@transaction.atomic
def offer_accept(*, offer: Offer, actor: User, tax_details: dict | None = None) -> Offer:
    """The applicant accepts: the company is created from the application with the applicant as its
    owner, and a draft lease of the unit with the building's default rates and term (signed later by staff).

    `tax_details`: the company's representative, business type and item and tax-invoice e-mail
    (TAX_INVOICE_FIELDS), as the acceptance form asks them."""
    offer = _lock_offer(offer)
    application = offer.application
    if actor is None or actor.pk != application.applicant_id:
        raise PermissionRefused(_("Only the applicant can answer this offer."))
    _require_answerable(offer)
    unknown = set(tax_details or {}) - set(TAX_INVOICE_FIELDS)
    if unknown:
        raise ValueError(f"not tax-invoice fields: {sorted(unknown)}")
    company = _company_from_application(application, owner=actor, tax_details=dict(tax_details or {}))
    if not TeamMembership.objects.filter(company=company, user=actor).exists():
        membership_add(company=company, user=actor, role=TeamRole.OWNER)
    lease = lease_create(company=company, unit=offer.unit, start_date=offer.lease_start, actor=actor)
    offer = transition_apply(workflow=OFFER_WORKFLOW, instance=offer, name="accept", actor=actor,
                             changes={"responded_at": timezone.now(), "company": company, "lease": lease})
    notifications.offer_accepted(offer=offer, actor=actor, company=company, lease=lease)
    return offer


def _require_answerable(offer: Offer) -> None:
    if offer.status != OfferStatus.PENDING:
        raise DomainError(
            _("This offer is no longer open (%(status)s).") % {"status": OfferStatus(offer.status).label},
            code="closed",
        )
    if offer.respond_by <= timezone.now():
        raise DomainError(_("The deadline to answer this offer has passed."), code="overdue")


def _close(offer: Offer, *, name: str, actor: User | None, reason: str = "") -> Offer:
    offer = transition_apply(workflow=OFFER_WORKFLOW, instance=offer, name=name, actor=actor, reason=reason,
                             changes={"responded_at": timezone.now(), "decline_reason": reason})
    unit_status_refresh(unit_id=offer.unit_id)
    return offer


def _next_company(offer: Offer) -> str:
    """Who is next on the call's waiting list, as the offer's notices to staff name them."""
    following = waitlist_next(call=offer.application.call)
    return following.company_name_ko if following else ""


@transaction.atomic
def offer_decline(*, offer: Offer, actor: User, reason: str = "") -> Offer:
    """The applicant declines: the unit is free for staff to offer to the next on the waiting list."""
    offer = _lock_offer(offer)
    if actor is None or actor.pk != offer.application.applicant_id:
        raise PermissionRefused(_("Only the applicant can answer this offer."))
    _require_answerable(offer)
    offer = _close(offer, name="decline", actor=actor, reason=reason.strip())
    notifications.offer_declined(offer=offer, next_company=_next_company(offer))
    return offer


@transaction.atomic
def offer_withdraw(*, offer: Offer, actor: User, reason: str) -> Offer:
    """Staff withdraw a pending offer (the applicant is told)."""
    if actor is None or not actor.is_district_staff:
        raise PermissionRefused(_("Only district staff can do this."))
    offer = _lock_offer(offer)
    if offer.status != OfferStatus.PENDING:
        raise DomainError(
            _("This offer is no longer open (%(status)s).") % {"status": OfferStatus(offer.status).label},
            code="closed",
        )
    if not reason.strip():
        raise DomainError(_("Please give a reason or message."), code="reason")
    offer = _close(offer, name="withdraw", actor=actor, reason=reason.strip())
    notifications.offer_withdrawn(offer=offer, reason=reason.strip())
    return offer


@transaction.atomic
def offer_lapse(*, offer_id: int, now: dt.datetime | None = None) -> bool:
    """Close an offer whose deadline passed without an answer; False when there is nothing to do
    (answered meanwhile, or not due), so running it twice changes nothing."""
    now = now or timezone.now()
    offer = Offer.objects.select_for_update(of=("self",)).select_related(
        "application__applicant", "application__call", "unit__unit_type"
    ).filter(pk=offer_id).first()
    if offer is None or offer.status != OfferStatus.PENDING or offer.respond_by > now:
        return False
    offer = _close(offer, name="lapse", actor=None)
    notifications.offer_lapsed(offer=offer, next_company=_next_company(offer))
    return True


def offer_lapse_overdue(*, now: dt.datetime | None = None) -> int:
    """The periodic sweep: lapse every pending offer past its deadline, each in its own transaction."""
    now = now or timezone.now()
    due = Offer.objects.filter(status=OfferStatus.PENDING, respond_by__lte=now).values_list("pk", flat=True)
    return sum(offer_lapse(offer_id=pk, now=now) for pk in list(due))


def waitlist_next(*, call) -> Application | None:
    """The waitlisted application of the call with the best rank (the evaluation's ranking order)."""
    ranked = call_ranking(call=call, statuses=(Status.WAITLISTED,))
    return ranked[0].extra["application"] if ranked else None


@transaction.atomic
def waitlist_promote_next(*, call, actor: User) -> Application:
    """Select the best-ranked waitlisted application of the call (a place became free); it is told and
    staff can then offer it a unit."""
    following = waitlist_next(call=call)
    if following is None:
        raise DomainError(_("Nobody is left on the waiting list of this call."), code="empty")
    application_transition(
        application=following, name="select", actor=actor, reason=_("Promoted from the waiting list."),
    )
    notifications.waitlist_promoted(application=following)
    return following
