"""Reads of collections shared by the admin and the tenant's billing page."""

from __future__ import annotations

from .models import Refund, VirtualAccountAssignment


def virtual_accounts_for_company(*, company_id: int) -> list[VirtualAccountAssignment]:
    from tenants.models import LEASE_LIVE_STATUSES

    return list(VirtualAccountAssignment.objects.filter(
        lease__company_id=company_id, lease__status__in=LEASE_LIVE_STATUSES, released_at__isnull=True,
    ).select_related("account", "lease__unit").order_by("lease__unit__code"))


def virtual_account_for_lease(*, lease_id: int) -> VirtualAccountAssignment | None:
    return (VirtualAccountAssignment.objects.filter(lease_id=lease_id, released_at__isnull=True)
            .select_related("account").first())


def refunds_for_company(*, company_id: int) -> list[Refund]:
    return list(Refund.objects.filter(company_id=company_id).order_by("-created_at"))
