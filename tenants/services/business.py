"""The monthly NTS business-status check of the tenants (portal/providers/nts.py): a company that closed
or suspended its business is flagged on the occupancy map."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from portal.providers.nts import BATCH, BusinessStatus, business_status_lookup, nts_configured

from ..models import LEASE_LIVE_STATUSES, Company


def companies_business_check() -> int | None:
    """Check every company with a live lease, 100 numbers a call, and record each answer. None when
    skipped (no service key). A timeout raises `NtsUnavailable` (the task retries the whole run: answers
    already recorded are simply recorded again)."""
    if not nts_configured():
        return None
    companies = list(Company.objects.filter(leases__status__in=LEASE_LIVE_STATUSES).exclude(
        business_registration_number="").distinct().order_by("pk").values_list("pk", "business_registration_number"))
    checked = 0
    for start in range(0, len(companies), BATCH):
        batch = companies[start:start + BATCH]
        answers = business_status_lookup([number for _pk, number in batch])
        now = timezone.now()
        with transaction.atomic():
            for company in Company.objects.select_for_update().filter(pk__in=[pk for pk, _n in batch]):
                answer = answers.get("".join(ch for ch in company.business_registration_number if ch.isdigit()))
                company.business_status = answer.status if answer else BusinessStatus.UNREGISTERED
                company.business_status_label = (answer.label if answer else "")[:200]
                company.business_checked_at = now
                company._change_reason = "NTS business status"
                company.save(update_fields=["business_status", "business_status_label", "business_checked_at",
                                            "updated_at"])
                checked += 1
    return checked
