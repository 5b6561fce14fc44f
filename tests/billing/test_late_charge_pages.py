"""Late charges as people see them: the tenant's billing page (the company's members only), staff waiving one
in the admin with a reason, and the lessor's policy edited in the admin."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from billing import services
from billing.models import LateCharge, LateChargePolicy
from billing.workflow_late import LateChargeStatus
from tests.factories import BillingLeaseFactory, LessorFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def charge():
    lease = BillingLeaseFactory()
    invoice = services.invoice_issue_for_lease(lease_id=lease.pk, year=2026, month=12,
                                               today=datetime.date(2026, 12, 1))
    services.late_charges_accrue(today=datetime.date(2026, 12, 31))  # 6 days × 194.93 = 1,169.56 → 1,169
    return LateCharge.objects.get(invoice=invoice)


def test_the_tenant_sees_its_late_charge_on_its_billing_page(client, charge):
    client.force_login(MembershipFactory(company=charge.invoice.company, role="member").user)
    response = client.get(f"/billing/{charge.invoice.company_id}/")
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="late-charges"' in html
    [row] = response.context["late_charges"]
    assert (row["days"], row["accrued"], row["to_bill"], row["billed"]) == (6, 1_169, 1_169, 0)
    assert "1,169" in html and charge.invoice.number in html
    assert html.count('data-testid="late-charges"') == html.count('data-testid="late-charge-rates"') == 1
    assert "0개월부터: 연 7%, 1개월부터: 연 8%, 3개월부터: 연 9%, 6개월부터: 연 10%" in html and "최대 60개월" in html


def test_the_page_query_count_stays_the_same_as_late_charges_grow(client, charge, django_assert_num_queries):
    client.force_login(MembershipFactory(company=charge.invoice.company).user)
    url = f"/billing/{charge.invoice.company_id}/"
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    services.invoice_issue_for_lease(lease_id=charge.invoice.lease_id, year=2027, month=1,
                                     today=datetime.date(2027, 1, 1))
    services.late_charges_accrue(today=datetime.date(2027, 2, 5))
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(url)
    assert len(response.context["late_charges"]) == 2


def test_another_company_does_not_see_it(client, charge):
    outsider = MembershipFactory(role="owner")
    client.force_login(outsider.user)
    assert client.get(f"/billing/{charge.invoice.company_id}/").status_code == 404
    own = client.get(f"/billing/{outsider.company_id}/")
    assert own.status_code == 200 and own.context["late_charges"] == []
    assert charge.invoice.number not in own.content.decode()


def test_staff_waive_a_late_charge_in_the_admin_with_a_reason(staff_client, charge):
    page = staff_client.get(f"/admin/billing/latecharge/{charge.pk}/change/")
    assert page.status_code == 200 and "1,169" in page.content.decode()
    url = f"/admin/billing/latecharge/{charge.pk}/workflow/waive/"
    assert staff_client.post(url, {}).status_code == 200  # the reason page first
    charge.refresh_from_db()
    assert charge.status == LateChargeStatus.ACCRUING
    staff_client.post(url, {"reason": "천재지변으로 인한 납부 지연"})
    charge.refresh_from_db()
    assert charge.status == LateChargeStatus.WAIVED
    assert charge.status_changes.latest("id").reason == "천재지변으로 인한 납부 지연"


def test_a_policy_needs_a_band_from_the_first_month(staff_client):
    lessor = LessorFactory()
    data = {"lessor": lessor.pk, "active": "on", "cap_months": 60, "day_basis": 365,
            "bands-TOTAL_FORMS": 1, "bands-INITIAL_FORMS": 0, "bands-MIN_NUM_FORMS": 1, "bands-MAX_NUM_FORMS": 1000,
            "bands-0-from_month": 1, "bands-0-annual_rate": "8"}
    response = staff_client.post("/admin/billing/latechargepolicy/add/", data)
    assert response.status_code == 200 and not LateChargePolicy.objects.exists()
    data["bands-0-from_month"] = 0
    response = staff_client.post("/admin/billing/latechargepolicy/add/", data)
    assert response.status_code == 302
    policy = LateChargePolicy.objects.get(lessor=lessor)
    assert list(policy.bands.values_list("from_month", "annual_rate")) == [(0, 8)]
    assert "0개월부터: 연 8%" in staff_client.get("/admin/billing/latechargepolicy/").content.decode()
