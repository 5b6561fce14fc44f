"""The admin of GPU support: an allocation created from a selected application through the service, its workflow
buttons and adjustment page, the capacity chart with its table; lists pinned and scoped to the programme."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from compute import services
from compute.models import Adjustment, Allocation, month_first
from portal.models import StatusChange
from tests.factories import (
    CapacityPoolFactory,
    GpuSelectedApplicationFactory,
    ProgrammeFactory,
    SelectedApplicationFactory,
    StaffFactory,
    gpu_allocation,
)

pytestmark = pytest.mark.django_db


def test_staff_allocate_hours_to_a_selected_gpu_application(client):
    pool = CapacityPoolFactory(hours_per_month=1000)
    application = GpuSelectedApplicationFactory(call__programme=pool.programme)
    tenancy = SelectedApplicationFactory()
    staff = StaffFactory()
    client.force_login(staff)
    url = reverse("admin:compute_allocation_add")
    form = client.get(url).context["adminform"].form
    choices = set(form.fields["application"].queryset)
    assert application in choices and tenancy not in choices
    start = month_first(timezone.localdate())
    data = {"application": application.pk, "pool": pool.pk, "hours_per_month": 2000,
            "starts_on": start.isoformat(), "ends_on": (start + dt.timedelta(days=200)).isoformat()}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "hours_per_month" in response.context["adminform"].form.errors
    response = client.post(url, {**data, "hours_per_month": 300})
    allocation = Allocation.objects.get()
    assert response.status_code == 302
    assert (allocation.status, allocation.created_by, allocation.hours_per_month) == ("proposed", staff, 300)


def test_activation_and_adjustment_from_the_change_page(client):
    allocation = gpu_allocation(status="proposed", hours=100)
    client.force_login(StaffFactory())
    change = reverse("admin:compute_allocation_change", args=[allocation.pk])
    page = client.get(change).content.decode()
    assert 'data-transition="activate"' in page and 'data-testid="adjust"' in page
    client.post(reverse("admin:compute_allocation_workflow", args=[allocation.pk, "activate"]))
    assert Allocation.objects.get(pk=allocation.pk).status == "active"
    adjust = reverse("admin:compute_allocation_adjust", args=[allocation.pk])
    assert client.get(adjust).status_code == 200
    response = client.post(adjust, {"hours_per_month": 150, "ends_on": allocation.ends_on.isoformat(), "reason": ""})
    assert "reason" in response.context["form"].errors
    response = client.post(adjust, {"hours_per_month": 150, "ends_on": allocation.ends_on.isoformat(),
                                    "reason": "학습 확대"})
    assert response.status_code == 302
    assert Adjustment.objects.get().hours_to == 150
    assert StatusChange.objects.filter(gpu_allocation=allocation, name="activate").exists()


def test_the_capacity_chart_draws_each_month_and_gives_the_same_figures_as_a_table(client,
                                                                                    django_assert_num_queries):
    pool = CapacityPoolFactory(hours_per_month=1000)
    allocation = gpu_allocation(pool=pool, hours=400)
    services.usage_record(allocation_id=allocation.pk, month=month_first(timezone.localdate()),
                          hours=Decimal("123.5"), source="grantee", actor=None)
    client.force_login(StaffFactory())
    url = reverse("admin:compute_capacitypool_capacity")
    client.get(url)
    with django_assert_num_queries(12):
        response = client.get(url)
    html = response.content.decode()
    months = response.context["months"]
    assert len(months) == len(pool.months) == 36
    current = next(m for m in months if m.month == month_first(timezone.localdate()))
    assert (current.capacity, current.allocated, current.used, current.free) == (1000, 400, Decimal("123.5"), 600)
    assert html.count('class="gpu-capacity"') == 36 and 'data-testid="capacity-table"' in html
    assert "<script" not in html.split('id="content-main"')[1].split("</svg>")[0]


def test_lists_are_pinned_and_show_only_the_staff_members_programmes(client, django_assert_num_queries):
    mine = [gpu_allocation() for _ in range(3)]
    other_pool = CapacityPoolFactory(programme=ProgrammeFactory(code="gpu-2", outcome="gpu_allocation"))
    other = gpu_allocation(pool=other_pool)
    client.force_login(StaffFactory(programmes=[mine[0].pool.programme]))
    url = reverse("admin:compute_allocation_changelist")
    client.get(url)
    with django_assert_num_queries(13):  # whatever the number of allocations
        html = client.get(url).content.decode()
    assert all(a.number in html for a in mine) and other.number not in html
    for name in ("compute_usagereport_changelist", "compute_capacitypool_changelist",
                 "compute_usageimport_changelist"):
        assert client.get(reverse(f"admin:{name}")).status_code == 200
    assert client.get(reverse("admin:compute_allocation_change", args=[other.pk])).status_code == 302
