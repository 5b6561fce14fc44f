"""Reads of collections shared by the admin and the tenant's billing page."""

from __future__ import annotations

from django.db.models import BigIntegerField, Exists, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from .models import Refund, RefundSource, VirtualAccountAssignment
from .workflow import RefundStatus


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


def assignments_with_company_credit(queryset: QuerySet[VirtualAccountAssignment]) -> QuerySet:
    """Assignments annotated with their company's account credit (`company_credit`, whole won), whether a
    refund of it is under way (`credit_refund_under_way`) and whether the company has another live lease
    (`company_other_live_lease`), in one query whatever the number of rows."""
    from billing.models import AccountCredit
    from tenants.models import LEASE_LIVE_STATUSES, Lease

    company = OuterRef("lease__company_id")
    credit = AccountCredit.objects.filter(company_id=company).order_by().values("company_id").annotate(
        s=Sum("amount")).values("s")[:1]
    return queryset.annotate(
        company_credit=Coalesce(Subquery(credit, output_field=BigIntegerField()), Value(0)),
        credit_refund_under_way=Exists(Refund.objects.filter(
            company_id=company, source=RefundSource.ACCOUNT_CREDIT,
            status__in=[RefundStatus.REQUESTED, RefundStatus.APPROVED])),
        company_other_live_lease=Exists(Lease.objects.filter(company_id=company, status__in=LEASE_LIVE_STATUSES)
                                        .exclude(pk=OuterRef("lease_id"))),
    )


def assignments_ended_with_credit(queryset: QuerySet[VirtualAccountAssignment]) -> QuerySet:
    """Open assignments of ended leases whose company, with no other live lease, still holds account credit:
    the refunds staff owe before the account can be released."""
    from tenants.models import LeaseStatus

    return assignments_with_company_credit(queryset).filter(
        released_at__isnull=True, lease__status__in=[LeaseStatus.ENDED, LeaseStatus.TERMINATED], company_credit__gt=0,
        company_other_live_lease=False)
