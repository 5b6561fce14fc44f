"""Leases: creation with the building's defaults, one service per status change, head-office
relocation proof and its reminders."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.files.storage import storages
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from portal.exceptions import DomainError, PermissionRefused, TransitionNotAllowed
from portal.formatting import format_kst_date
from portal.uploads import sanitize_filename, stored_name
from portal.workflow import status_change_record, transition_apply
from premises.models import Unit, UnitStatus
from premises.money import monthly_amount
from premises.services import unit_status_refresh

from .. import notifications
from ..models import (
    LEASE_LIVE_STATUSES,
    Company,
    Lease,
    LeaseStatus,
    RelocationReminder,
    TeamMembership,
    TeamRole,
    default_lease_end,
    default_relocation_deadline,
)
from ..workflow import LEASE_WORKFLOW
from .bookings import is_exclusion_conflict


def _overlap_error(unit: Unit) -> DomainError:
    return DomainError(
        _("Unit %(unit)s already has a lease for part of this period. Choose another unit or period.")
        % {"unit": unit.code},
        code="overlap",
    )


def lease_list_overlapping(unit: Unit, start: dt.date, end: dt.date, exclude_pk: int | None = None):
    qs = Lease.objects.filter(unit=unit, start_date__lte=end, end_date__gte=start).exclude(
        status=LeaseStatus.TERMINATED
    )
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs


@transaction.atomic
def lease_create(
    *, company: Company, unit: Unit, start_date: dt.date, end_date: dt.date | None = None,
    rent_per_pyeong: int | None = None, management_fee_per_pyeong: int | None = None,
    deposit: int | None = None, relocation_deadline: dt.date | None = None, actor: User | None = None,
) -> Lease:
    """A draft lease of a unit; amounts default to the building's settings.

    The unit row is locked while the overlap is checked; the exclusion constraint backs it up,
    so two staff leasing one unit at the same moment get one lease and one clear refusal.
    """
    unit = Unit.objects.select_for_update().select_related("floor__building", "unit_type").get(pk=unit.pk)
    if unit.status == UnitStatus.MAINTENANCE:
        raise DomainError(_("Unit %(unit)s is under maintenance.") % {"unit": unit.code}, code="maintenance")
    building = unit.floor.building
    end_date = end_date or default_lease_end(start_date)
    if end_date <= start_date:
        raise DomainError(_("The lease must end after it starts."), code="dates")
    if lease_list_overlapping(unit, start_date, end_date).exists():
        raise _overlap_error(unit)
    area = unit.unit_type.area_pyeong
    rent = building.rent_per_pyeong if rent_per_pyeong is None else rent_per_pyeong
    fee = building.management_fee_per_pyeong if management_fee_per_pyeong is None else management_fee_per_pyeong
    lease = Lease(
        company=company, unit=unit, start_date=start_date, end_date=end_date, area_pyeong=area,
        rent_per_pyeong=rent, management_fee_per_pyeong=fee,
        deposit=deposit if deposit is not None else (
            monthly_amount(area_pyeong=area, rate_per_pyeong=rent, rule=building.lessor.money_rule)
            * building.deposit_months),
        relocation_deadline=relocation_deadline or default_relocation_deadline(start_date),
    )
    try:
        with transaction.atomic():
            lease.save()
    except (IntegrityError, OperationalError) as exc:
        if is_exclusion_conflict(exc, "lease_no_overlap_per_unit"):
            raise _overlap_error(unit)
        raise
    status_change_record(instance=lease, to_status=LeaseStatus.DRAFT, actor=actor)
    unit_status_refresh(unit_id=unit.pk)
    return lease


_LEASE_TRANSITION_TO = {t.target: t.name for t in LEASE_WORKFLOW.transitions.values()}


@transaction.atomic
def lease_transition(*, lease: Lease, to_status: str, actor: User | None, reason: str = "") -> Lease:
    """The one guarded status change of a lease (the workflow engine); the unit's status follows (premises)."""
    name = _LEASE_TRANSITION_TO.get(to_status)
    if name is None:
        raise TransitionNotAllowed(_("Unknown action."), code="unknown_transition")

    def check(locked: Lease) -> None:
        if to_status == LeaseStatus.ACTIVE and locked.start_date > timezone.localdate():
            raise DomainError(_("The lease starts on %(date)s: the tenant moves in from that day, not before.")
                              % {"date": format_kst_date(locked.start_date)}, code="not_started")
        if to_status == LeaseStatus.TERMINATED and not reason.strip():
            raise DomainError(_("Give the reason for the early termination."), code="reason")

    changes = {}
    if to_status == LeaseStatus.SIGNED:
        changes["signed_at"] = timezone.now()
    if to_status == LeaseStatus.TERMINATED:
        changes["termination_reason"] = reason.strip()
    lease = transition_apply(workflow=LEASE_WORKFLOW, instance=lease, name=name, actor=actor, reason=reason,
                             changes=changes, check=check)
    unit_status_refresh(unit_id=lease.unit_id)
    return lease


def lease_sign(*, lease: Lease, actor: User | None, reason: str = "") -> Lease:
    return lease_transition(lease=lease, to_status=LeaseStatus.SIGNED, actor=actor, reason=reason)


def lease_activate(*, lease: Lease, actor: User | None, reason: str = "") -> Lease:
    return lease_transition(lease=lease, to_status=LeaseStatus.ACTIVE, actor=actor, reason=reason)


def lease_begin_ending(*, lease: Lease, actor: User | None, reason: str = "") -> Lease:
    return lease_transition(lease=lease, to_status=LeaseStatus.ENDING, actor=actor, reason=reason)


def lease_end(*, lease: Lease, actor: User | None, reason: str = "") -> Lease:
    return lease_transition(lease=lease, to_status=LeaseStatus.ENDED, actor=actor, reason=reason)


def lease_terminate(*, lease: Lease, actor: User | None, reason: str) -> Lease:
    return lease_transition(lease=lease, to_status=LeaseStatus.TERMINATED, actor=actor, reason=reason)


@transaction.atomic
def lease_relocation_proof_upload(*, lease: Lease, actor: User, upload) -> Lease:
    """The tenant uploads the new business registration certificate (kept in private storage)."""
    lease = Lease.objects.select_for_update().get(pk=lease.pk)
    membership = TeamMembership.objects.filter(company_id=lease.company_id, user=actor).first()
    if membership is None or membership.role not in (TeamRole.OWNER, TeamRole.ADMIN):
        raise PermissionRefused(_("Only the company's owners and administrators can do this."))
    if lease.status not in (LeaseStatus.SIGNED, LeaseStatus.ACTIVE):
        raise DomainError(_("Proof of relocation can be sent for a signed or active lease only."), code="status")
    if lease.relocation_confirmed_at:
        raise DomainError(_("The relocation is already confirmed."), code="confirmed")
    name = sanitize_filename(upload.name, default="certificate")
    path = storages["private"].save(f"tenants/leases/{lease.pk}/relocation/{stored_name(name)}", upload)
    lease.relocation_proof_path, lease.relocation_proof_name = path, name[:255]
    lease.relocation_proof_uploaded_at = timezone.now()
    lease._change_reason = "relocation proof uploaded"
    lease.save(update_fields=["relocation_proof_path", "relocation_proof_name", "relocation_proof_uploaded_at",
                              "updated_at"])
    company = Company.objects.get(pk=lease.company_id)
    notifications.relocation_proof_submitted(lease=lease, company_name=company.name_ko,
                                             unit_code=Unit.objects.get(pk=lease.unit_id).code)
    return lease


@transaction.atomic
def lease_relocation_confirm(*, lease: Lease, actor: User) -> Lease:
    """Staff confirm the head office has moved into the center."""
    lease = Lease.objects.select_for_update().get(pk=lease.pk)
    if not lease.relocation_proof_path:
        raise DomainError(_("There is no proof of relocation to confirm yet."), code="no_proof")
    if lease.relocation_confirmed_at is None:
        lease.relocation_confirmed_at = timezone.now()
        lease.relocation_confirmed_by = actor
        lease._change_reason = "relocation confirmed"
        lease.save(update_fields=["relocation_confirmed_at", "relocation_confirmed_by", "updated_at"])
    return lease


def lease_relocation_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind tenants whose relocation deadline is near; each (lease, days-before) reminder goes out once.

    Only the nearest threshold that has been reached is sent: a lease first seen 5 days before its
    deadline gets the 7-day reminder, not the 14-day one as well. Returns the number of reminders sent.
    """
    today = today or timezone.localdate()
    thresholds = sorted(settings.TENANTS_RELOCATION_REMINDER_DAYS)
    horizon = today + dt.timedelta(days=max(thresholds))
    due = Lease.objects.filter(
        status__in=LEASE_LIVE_STATUSES, relocation_confirmed_at__isnull=True, relocation_proof_path="",
        relocation_deadline__gte=today, relocation_deadline__lte=horizon,
    ).values_list("pk", "relocation_deadline")
    sent = 0
    for lease_pk, deadline in due:
        days_left = (deadline - today).days
        days_before = next(t for t in thresholds if days_left <= t)
        sent += _relocation_reminder_send(lease_pk=lease_pk, days_before=days_before, days_left=days_left)
    return sent


@transaction.atomic
def _relocation_reminder_send(*, lease_pk: int, days_before: int, days_left: int) -> int:
    lease = Lease.objects.select_for_update().select_related("company", "unit").get(pk=lease_pk)
    if lease.relocation_confirmed_at or lease.relocation_proof_path:
        return 0
    _reminder, created = RelocationReminder.objects.get_or_create(lease=lease, days_before=days_before)
    if not created:
        return 0
    notifications.relocation_reminder(lease=lease, days_left=days_left)
    return 1
