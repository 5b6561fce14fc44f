"""Reads of late charges for the tenant's billing page."""

from __future__ import annotations

from django.utils.translation import gettext

from .models_late import LateCharge
from .services.late_charges import late_charge_amounts, late_charge_policies


def late_charges_for_company(*, company_id: int) -> list[dict]:
    """The company's late charges that have days, newest due date first, with their amounts in won (four
    queries whatever their number; one when there are none)."""
    charges = list(LateCharge.objects.filter(invoice__company_id=company_id, days__isnull=False).distinct()
                   .select_related("invoice__lease__unit__floor__building__lessor").prefetch_related("days")
                   .order_by("-invoice__due_on", "invoice__number"))
    if not charges:
        return []
    policies = late_charge_policies(lessor_ids=[c.invoice.lease.unit.floor.building.lessor_id for c in charges])
    rows = []
    for charge in charges:
        policy = policies[charge.invoice.lease.unit.floor.building.lessor_id]
        rows.append({"charge": charge, "invoice": charge.invoice, "policy": policy,
                     **late_charge_amounts(charge, policy=policy)})
    return rows


def late_charge_rates_text(rows: list[dict]) -> list[str]:
    """The rates and cap of the policies behind the rows, one sentence per distinct policy, for the tenant."""
    texts = []
    for policy in dict.fromkeys(row["policy"] for row in rows if row["policy"] is not None):
        bands = ", ".join(gettext("from month %(month)s: %(rate)s%%")
                          % {"month": start, "rate": f"{rate.normalize():f}"} for start, rate in sorted(policy.bands))
        texts.append(gettext("Rates by months of delay: %(bands)s; charged for at most %(cap)s months.")
                     % {"bands": bands, "cap": policy.cap_months})
    return texts
