"""What the retention schedule (privacy/retention.py) destroys in tenancy: a former tenant company's team,
invitations, billing contact and the notes of its renewals, five years after its last lease ended."""

from __future__ import annotations

import datetime

from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from privacy.retention import has_personal_data
from privacy.services import fields_erase, history_delete

from .models import Company, Invitation, LeaseRenewal, TeamMembership
from .workflow import _LEASE_OPEN

COMPANY_FIELDS = ("billing_contact_name", "billing_contact_email")
RENEWAL_FIELDS = ("requested_by", "decided_by", "note", "decision_reason")


def companies_ended_before(cutoff: datetime.datetime):
    """Former tenant companies: no open lease, and the last lease ended before the cutoff."""
    return (Company.objects.filter(leases__isnull=False).exclude(leases__status__in=_LEASE_OPEN)
            .annotate(last_end=Max("leases__end_date")).filter(last_end__lt=timezone.localtime(cutoff).date()))


def former_companies_due(cutoff: datetime.datetime):
    """Companies with no open lease whose last lease ended before the cutoff and that still hold personal data."""
    ended = companies_ended_before(cutoff)
    holding = Company.objects.filter(
        has_personal_data(Company, COMPANY_FIELDS)
        | Exists(TeamMembership.objects.filter(company=OuterRef("pk")))
        | Exists(Invitation.objects.filter(company=OuterRef("pk")))
        | Exists(LeaseRenewal.objects.filter(lease__company=OuterRef("pk")).filter(
            has_personal_data(LeaseRenewal, RENEWAL_FIELDS))))
    return Company.objects.filter(pk__in=ended.values("pk")).filter(pk__in=holding.values("pk"))


def former_companies_destroy(ids: list, now: datetime.datetime) -> int:
    """Remove the team and the invitations, blank the billing contact and who asked for and decided renewals."""
    fields_erase(model=Company, pks=ids, names=list(COMPANY_FIELDS))
    memberships = list(TeamMembership.objects.filter(company_id__in=ids).values_list("pk", flat=True))
    history_delete(TeamMembership, memberships)
    TeamMembership.objects.filter(pk__in=memberships).delete()
    Invitation.objects.filter(company_id__in=ids).delete()
    renewals = list(LeaseRenewal.objects.filter(lease__company_id__in=ids).values_list("pk", flat=True))
    fields_erase(model=LeaseRenewal, pks=renewals, names=list(RENEWAL_FIELDS))
    return len(ids)
