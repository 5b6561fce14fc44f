"""Lease renewals: the tenant asks, staff decide after a performance review; approval drafts the next lease."""

from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from portal.exceptions import DomainError, PermissionRefused
from portal.formatting import format_kst_date
from portal.workflow import status_change_record, transition_apply

from .. import notifications
from ..models import Lease, LeaseRenewal, LeaseStatus, RenewalStatus, TeamMembership
from ..workflow import RENEWAL_WORKFLOW
from .leases import lease_create


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def lease_renewal_opens_on(lease: Lease) -> dt.date:
    """The first day a renewal may be requested: TENANTS_RENEWAL_WINDOW_DAYS before the end."""
    return lease.end_date - dt.timedelta(days=settings.TENANTS_RENEWAL_WINDOW_DAYS)


@transaction.atomic
def lease_renewal_request(*, lease: Lease, actor: User, term_months: int = 24, note: str = "") -> LeaseRenewal:
    lease = Lease.objects.select_for_update().select_related("company", "unit").get(pk=lease.pk)
    membership = TeamMembership.objects.filter(company_id=lease.company_id, user=actor).first()
    if membership is None or not membership.can_manage:
        raise PermissionRefused(_("Only the company's owners and administrators can do this."))
    if lease.status not in (LeaseStatus.ACTIVE, LeaseStatus.ENDING):
        raise DomainError(_("Only an active or ending lease can be renewed."), code="status")
    opens = lease_renewal_opens_on(lease)
    if timezone.localdate() < opens:
        raise DomainError(
            _("A renewal can be requested from %(date)s.") % {"date": format_kst_date(opens)}, code="too_early"
        )
    if lease.renewals.filter(status=RenewalStatus.REQUESTED).exists():
        raise DomainError(_("A renewal request for this lease is already waiting for a decision."), code="open")
    try:
        with transaction.atomic():
            renewal = LeaseRenewal.objects.create(
                lease=lease, term_months=term_months, note=note.strip(), requested_by=actor
            )
        status_change_record(instance=renewal, to_status=RenewalStatus.REQUESTED, actor=actor, reason=note)
    except IntegrityError:
        raise DomainError(_("A renewal request for this lease is already waiting for a decision."), code="open")
    notifications.renewal_requested(renewal=renewal, lease=lease)
    return renewal


def _lock_undecided(renewal: LeaseRenewal, *, reason: str) -> LeaseRenewal:
    renewal = LeaseRenewal.objects.select_for_update().select_related("lease__company", "lease__unit").get(
        pk=renewal.pk
    )
    if renewal.status != RenewalStatus.REQUESTED:
        raise DomainError(_("This renewal request has already been decided."), code="decided")
    if not reason.strip():
        raise DomainError(_("Record the performance review and the reason for the decision."), code="reason")
    return renewal


def _decide(renewal: LeaseRenewal, *, name: str, actor: User, reason: str, changes: dict | None = None):
    return transition_apply(
        workflow=RENEWAL_WORKFLOW, instance=renewal, name=name, actor=actor, reason=reason,
        changes={"decided_by": actor, "decided_at": timezone.now(), "decision_reason": reason.strip(),
                 **(changes or {})},
    )


def _notify(renewal: LeaseRenewal) -> None:
    notifications.renewal_decided(renewal=renewal, approved=renewal.status == RenewalStatus.APPROVED)


@transaction.atomic
def lease_renewal_approve(*, renewal: LeaseRenewal, actor: User, reason: str) -> LeaseRenewal:
    """Approve: a draft lease of the same unit follows the current one, at the building's current rates."""
    renewal = _lock_undecided(renewal, reason=reason)
    lease = renewal.lease
    start = lease.end_date + dt.timedelta(days=1)
    new_lease = lease_create(
        company=lease.company, unit=lease.unit, start_date=start,
        end_date=add_months(start, renewal.term_months) - dt.timedelta(days=1),
        relocation_deadline=start, actor=actor,
    )
    # The head office is already at the center: the relocation carries over.
    new_lease.relocation_proof_path = lease.relocation_proof_path
    new_lease.relocation_proof_name = lease.relocation_proof_name
    new_lease.relocation_proof_uploaded_at = lease.relocation_proof_uploaded_at
    new_lease.relocation_confirmed_at = lease.relocation_confirmed_at
    new_lease.relocation_confirmed_by_id = lease.relocation_confirmed_by_id
    new_lease.save(update_fields=["relocation_proof_path", "relocation_proof_name", "relocation_proof_uploaded_at",
                                  "relocation_confirmed_at", "relocation_confirmed_by", "updated_at"])
    renewal = _decide(renewal, name="approve", actor=actor, reason=reason, changes={"new_lease": new_lease})
    _notify(renewal)
    return renewal


@transaction.atomic
def lease_renewal_decline(*, renewal: LeaseRenewal, actor: User, reason: str) -> LeaseRenewal:
    _lock_undecided(renewal, reason=reason)
    renewal = _decide(renewal, name="decline", actor=actor, reason=reason)
    _notify(renewal)
    return renewal
