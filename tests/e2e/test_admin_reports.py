"""The admin's own report pages on a phone: with the demo data, each page fits a 375 px window (its wide
tables scroll inside their own box, which the keyboard can reach) and axe finds no serious violation."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import User
from billing.models import BillingRun

from .browser import DESKTOP, MOBILE, assert_accessible, assert_fits_width

pytestmark = pytest.mark.browser


@pytest.fixture
def staff_with_demo_data(sign_in):
    call_command("seed_demo", verbosity=0)
    staff = User.objects.get(email="staff@demo.yangjae-ai.kr")
    run = BillingRun.objects.create(year=2026, month=12, lease_ids=[1, 2], total=2, issued=1, failed=1,
                                    failures={"2": "The lease is not active (status: Ended)."})
    sign_in(staff)
    return run


REPORT_PAGES = {
    "billing report": "/admin/billing/invoice/report/?month={month}",
    "billing run": "/admin/billing/billingrun/{run}/progress/",
    "occupancy": "/admin/tenants/unitoccupancy/",
    "performance reports": "/admin/tenants/performancereport/",
    "GPU capacity": "/admin/compute/capacitypool/capacity/",
    "dashboard": "/admin/",
}


@pytest.mark.parametrize("name", REPORT_PAGES)
def test_an_admin_report_page_reads_on_a_phone(page, live_server, staff_with_demo_data, name):
    from billing.models import Invoice

    month = Invoice.objects.order_by("-year", "-month").values_list("year", "month").first()
    path = REPORT_PAGES[name].format(run=staff_with_demo_data.pk, month=f"{month[0]}-{month[1]:02d}")
    response = page.goto(live_server.url + path)
    assert response.status == 200
    for viewport in (DESKTOP, MOBILE):
        page.set_viewport_size(viewport)
        assert_fits_width(page)
        assert_accessible(page)


def test_the_progress_of_a_running_month_updates_in_place_and_can_be_stopped(page, live_server, sign_in):
    from django.utils import timezone

    from tests.factories import StaffFactory

    sign_in(StaffFactory(preferred_language="en"))
    run = BillingRun.objects.create(year=2026, month=12, lease_ids=[1, 2, 3], total=3, issued=1)
    page.goto(f"{live_server.url}/admin/billing/billingrun/{run.pk}/progress/")
    expect(page.get_by_test_id("progress")).to_contain_text("1 of 3 invoices issued")
    page.evaluate("() => { window.loadedOnce = true; }")  # gone if the page were loaded again
    stop = page.get_by_role("button", name="Stop updating")
    expect(stop).to_be_visible()
    BillingRun.objects.filter(pk=run.pk).update(issued=2)
    expect(page.get_by_test_id("progress")).to_contain_text("2 of 3 invoices issued", timeout=10_000)
    BillingRun.objects.filter(pk=run.pk).update(issued=3, finished_at=timezone.now())
    expect(page.get_by_test_id("progress")).to_contain_text("Finished at", timeout=10_000)
    expect(stop).to_be_hidden()  # nothing left to update
    assert page.evaluate("() => window.loadedOnce") is True
