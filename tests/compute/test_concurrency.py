"""A GPU allocation never goes below zero remaining through concurrent usage reports: real PostgreSQL, one
connection per thread, all released at the same moment; the allocation's row lock makes them queue."""

from decimal import Decimal

from django.utils import timezone

from compute import services
from compute.imports import usage_import
from compute.models import UsageReport, month_first
from portal.exceptions import DomainError
from tests.factories import gpu_allocation
from tests.tenants.concurrency import run_concurrently


def test_concurrent_reports_never_take_a_month_below_zero(transactional_db):
    allocation = gpu_allocation(hours=100)
    month = month_first(timezone.localdate())

    def report():
        return services.usage_record(allocation_id=allocation.pk, month=month, hours=Decimal("30"),
                                     source="grantee", actor=None).pk

    results = run_concurrently(*[report for _ in range(8)])
    kinds = sorted(kind for kind, _value in results)
    assert kinds == ["error"] * 5 + ["ok"] * 3
    assert all(isinstance(value, DomainError) and value.code == "exceeds_remaining"
               for kind, value in results if kind == "error")
    assert services.month_used(allocation_id=allocation.pk, month=month) == Decimal("90")


def test_an_import_and_reports_at_the_same_moment_stay_within_the_month(transactional_db):
    allocation = gpu_allocation(hours=100)
    month = month_first(timezone.localdate())
    data = f"allocation,month,hours\n{allocation.number},{month:%Y-%m},50\n".encode()

    def imported():
        result = usage_import(data=data, filename="operator.csv", actor=None, programme_ids=None)
        if result.errors:
            raise DomainError(result.errors[0][2], code="refused")
        return result.usage_import.pk

    def report():
        return services.usage_record(allocation_id=allocation.pk, month=month, hours=Decimal("40"),
                                     source="grantee", actor=None).pk

    run_concurrently(imported, report, report, report)
    used = services.month_used(allocation_id=allocation.pk, month=month)
    assert used <= Decimal("100")
    assert used == sum(UsageReport.objects.filter(allocation=allocation).values_list("hours", flat=True))
