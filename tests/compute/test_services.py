"""Allocations from selected applications of a GPU programme, their workflow and adjustments, a month's usage."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from compute import services
from compute.models import Adjustment, Allocation, UsageReport, month_first
from compute.workflow import AllocationStatus
from notifications.models import Notification
from portal.exceptions import DomainError, PermissionRefused
from portal.models import StatusChange
from tests.factories import (
    CapacityPoolFactory,
    CompanyFactory,
    GpuSelectedApplicationFactory,
    MembershipFactory,
    ProgrammeFactory,
    SelectedApplicationFactory,
    StaffFactory,
    gpu_allocation,
)

pytestmark = pytest.mark.django_db


def this_month() -> dt.date:
    return month_first(timezone.localdate())


def term(months: int = 12) -> tuple[dt.date, dt.date]:
    start = this_month()
    end = dt.date(start.year + (start.month - 1 + months) // 12, (start.month - 1 + months) % 12 + 1, 1)
    return start, end - dt.timedelta(days=1)


def create(application=None, pool=None, hours=100, **kwargs):
    pool = pool or CapacityPoolFactory()
    application = application or GpuSelectedApplicationFactory(call__programme=pool.programme)
    start, end = term()
    return services.allocation_create(application=application, pool=pool, hours_per_month=hours,
                                      starts_on=kwargs.get("starts_on", start), ends_on=kwargs.get("ends_on", end),
                                      actor=StaffFactory())


def test_a_selected_gpu_application_gets_a_proposed_numbered_allocation_linked_to_its_tenant_company():
    company = CompanyFactory()
    pool = CapacityPoolFactory()
    application = GpuSelectedApplicationFactory(
        call__programme=pool.programme, business_registration_number=company.business_registration_number.replace(
            "-", ""))
    allocation = create(application, pool)
    assert allocation.status == AllocationStatus.PROPOSED
    assert allocation.number == f"GPU-{this_month().year}-0001"
    assert allocation.company == company
    log = StatusChange.objects.get(gpu_allocation=allocation)
    assert (log.name, log.to_status) == ("create", "proposed")
    assert create(pool=pool).number == f"GPU-{this_month().year}-0002"


@pytest.mark.parametrize(("case", "code", "field"), [
    ("not selected", "not_selected", "application"),
    ("tenancy programme", "programme", "application"),
    ("other pool", "pool", "pool"),
    ("twice", "open_allocation", "application"),
])
def test_only_a_selected_application_of_the_pools_gpu_programme_without_one_gets_an_allocation(case, code, field):
    pool = CapacityPoolFactory()
    application = {
        "not selected": lambda: GpuSelectedApplicationFactory(call__programme=pool.programme, status="stage2"),
        "tenancy programme": lambda: SelectedApplicationFactory(call__programme=ProgrammeFactory()),
        "other pool": lambda: GpuSelectedApplicationFactory(call__programme=ProgrammeFactory(
            code="gpu-2", outcome="gpu_allocation")),
        "twice": lambda: create(pool=pool).application,
    }[case]()
    with pytest.raises(DomainError) as refused:
        create(application, pool)
    assert (refused.value.code, refused.value.field) == (code, field)
    assert Allocation.objects.filter(application=application).count() == (1 if case == "twice" else 0)


def test_the_pool_never_gives_more_hours_in_a_month_than_it_has():
    pool = CapacityPoolFactory(hours_per_month=1000)
    create(pool=pool, hours=700)
    with pytest.raises(DomainError) as refused, translation.override("en"):
        create(pool=pool, hours=400)
    assert (refused.value.code, refused.value.field) == ("capacity", "hours_per_month")
    assert "only 300 GPU-hours left" in refused.value.message
    create(pool=pool, hours=300)  # exactly what is left


def test_a_term_outside_the_pools_period_is_refused_beside_the_field():
    start, _end = term()
    pool = CapacityPoolFactory(starts_on=start, ends_on=start + dt.timedelta(days=60))
    with pytest.raises(DomainError) as refused:
        create(pool=pool)
    assert refused.value.field == "ends_on"


def test_activation_tells_the_applicant_and_the_companys_managers_once_each():
    company = CompanyFactory()
    owner = MembershipFactory(company=company, role="owner").user
    MembershipFactory(company=company, role="member")
    pool = CapacityPoolFactory()
    application = GpuSelectedApplicationFactory(
        call__programme=pool.programme, business_registration_number=company.business_registration_number.replace(
            "-", ""))
    allocation = services.allocation_activate(allocation=create(application, pool), actor=StaffFactory())
    assert allocation.status == AllocationStatus.ACTIVE
    notified = set(Notification.objects.filter(template="compute/allocation_activated").values_list(
        "recipient_id", flat=True))
    assert notified == {application.applicant_id, owner.pk}


def test_staff_of_another_programme_cannot_take_the_allocations_transitions():
    allocation = gpu_allocation(status="proposed")
    tenancy_staff = StaffFactory(programmes=[ProgrammeFactory()])
    with pytest.raises(PermissionRefused) as refused:
        services.allocation_activate(allocation=allocation, actor=tenancy_staff)
    assert refused.value.code == "other_programme"
    assert Allocation.objects.get(pk=allocation.pk).status == "proposed"


def test_usage_adds_up_and_never_goes_beyond_the_months_hours_with_the_message_in_the_users_language():
    allocation = gpu_allocation(hours=100)
    month = this_month()
    services.usage_record(allocation_id=allocation.pk, month=month, hours=Decimal("60"), source="grantee",
                          actor=allocation.application.applicant)
    services.usage_record(allocation_id=allocation.pk, month=month, hours=Decimal("40"), source="grantee",
                          actor=None)
    for language, words in (("ko", "남은 GPU 사용 시간"), ("en", "Only 0 GPU-hours remain")):
        with translation.override(language), pytest.raises(DomainError) as refused:
            services.usage_record(allocation_id=allocation.pk, month=month, hours=Decimal("0.5"), source="grantee",
                                  actor=None)
        assert refused.value.field == "hours" and words in refused.value.message
    assert services.month_used(allocation_id=allocation.pk, month=month) == Decimal("100")


@pytest.mark.parametrize(("status", "month_offset", "code"), [
    ("proposed", 0, "not_active"), ("cancelled", 0, "not_active"), ("active", 1, "month"),
    ("active", -3, "month"),
])
def test_usage_is_recorded_for_the_terms_months_up_to_this_one_of_a_running_allocation(status, month_offset, code):
    allocation = gpu_allocation(status=status, months_back=2)
    month = this_month()
    for _ in range(abs(month_offset)):
        month = month_first(month + dt.timedelta(days=32)) if month_offset > 0 else month_first(
            month - dt.timedelta(days=1))
    with pytest.raises(DomainError) as refused:
        services.usage_record(allocation_id=allocation.pk, month=month, hours=Decimal(1), source="grantee",
                              actor=None)
    assert refused.value.code == code
    assert not UsageReport.objects.exists()


def test_an_ended_allocation_still_takes_the_usage_of_its_months():
    allocation = gpu_allocation(status="ended", months_back=2)
    services.usage_record(allocation_id=allocation.pk, month=allocation.starts_on, hours=Decimal(5), source="import",
                          actor=None)


def test_an_adjustment_records_who_when_from_to_and_why_and_never_drops_below_usage():
    allocation = gpu_allocation(hours=100)
    staff = StaffFactory()
    services.usage_record(allocation_id=allocation.pk, month=this_month(), hours=Decimal(80), source="grantee",
                          actor=None)
    with pytest.raises(DomainError) as refused:
        services.allocation_adjust(allocation=allocation, actor=staff, hours_per_month=70, ends_on=allocation.ends_on,
                                   reason="축소")
    assert (refused.value.code, refused.value.field) == ("below_usage", "hours_per_month")
    with pytest.raises(DomainError) as refused:
        services.allocation_adjust(allocation=allocation, actor=staff, hours_per_month=120,
                                   ends_on=allocation.ends_on, reason=" ")
    assert refused.value.code == "reason_required"
    adjusted = services.allocation_adjust(allocation=allocation, actor=staff, hours_per_month=120,
                                          ends_on=allocation.ends_on, reason="학습 일정 확대")
    assert adjusted.hours_per_month == 120
    adjustment = Adjustment.objects.get(allocation=allocation)
    assert (adjustment.hours_from, adjustment.hours_to, adjustment.adjusted_by, adjustment.reason) == (
        100, 120, staff, "학습 일정 확대")
    assert adjustment.ends_from == adjustment.ends_to == allocation.ends_on


def test_an_adjustment_stays_within_the_pool():
    pool = CapacityPoolFactory(hours_per_month=300)
    allocation = gpu_allocation(pool=pool, hours=200)
    gpu_allocation(pool=pool, hours=100)
    with pytest.raises(DomainError) as refused:
        services.allocation_adjust(allocation=allocation, actor=StaffFactory(), hours_per_month=201,
                                   ends_on=allocation.ends_on, reason="확대")
    assert refused.value.code == "capacity"


def test_an_allocation_with_usage_is_ended_not_cancelled():
    allocation = gpu_allocation(hours=100)
    staff = StaffFactory()
    services.usage_record(allocation_id=allocation.pk, month=this_month(), hours=Decimal(1), source="grantee",
                          actor=None)
    with pytest.raises(DomainError) as refused:
        services.allocation_cancel(allocation=allocation, actor=staff, reason="취소")
    assert refused.value.code == "has_usage"
    ended = services.allocation_end(allocation=allocation, actor=staff, reason="사업 종료")
    assert ended.status == AllocationStatus.ENDED
    assert ended.ends_on == timezone.localdate()


def test_a_pool_cannot_shrink_below_its_allocations():
    pool = CapacityPoolFactory(hours_per_month=1000)
    allocation = gpu_allocation(pool=pool, hours=600)
    with pytest.raises(DomainError) as refused:
        services.pool_change_check(pool=pool, hours_per_month=500, starts_on=pool.starts_on, ends_on=pool.ends_on)
    assert refused.value.field == "hours_per_month"
    with pytest.raises(DomainError) as refused:
        services.pool_change_check(pool=pool, hours_per_month=1000, starts_on=pool.starts_on,
                                   ends_on=allocation.ends_on - dt.timedelta(days=40))
    assert refused.value.field == "ends_on"
    services.pool_change_check(pool=pool, hours_per_month=600, starts_on=pool.starts_on, ends_on=pool.ends_on)
