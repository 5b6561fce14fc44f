"""Reads of late charges for the tenant's billing page."""

from __future__ import annotations

from .models_late import LateCharge
from .services.late_charges import late_charge_amounts, late_charge_policies


def late_charges_for_company(*, company_id: int) -> list[dict]:
    """The company's late charges that have days, newest due date first, with their amounts in won (three
    queries whatever their number; none more when there are none)."""
    charges = list(LateCharge.objects.filter(invoice__company_id=company_id, days__isnull=False).distinct()
                   .select_related("invoice__lease__unit__floor__building__lessor").prefetch_related("days")
                   .order_by("-invoice__due_on", "invoice__number"))
    if not charges:
        return []
    policies = late_charge_policies(lessor_ids=[c.invoice.lease.unit.floor.building.lessor_id for c in charges])
    return [{"charge": charge, "invoice": charge.invoice,
             **late_charge_amounts(charge, policy=policies[charge.invoice.lease.unit.floor.building.lessor_id])}
            for charge in charges]
