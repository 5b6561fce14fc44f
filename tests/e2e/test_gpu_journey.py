"""A tenant's GPU allocation in the browser, in Korean and in English: the company's owner opens "GPU
allocations" from the menu, reads the month by month table, reports more hours than remain (refused beside
the field, the input kept, the error summary focused), then what was used; the month's used and remaining
hours follow. Each key page passes axe and fits a 375 px phone, and is saved at both widths."""

import re
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from compute.models import UsageReport, month_first
from portal.formatting import format_month
from tests.factories import PASSWORD, CompanyFactory, MembershipFactory, gpu_allocation

from .browser import Screenshots, log_in, open_menu, switch_language

pytestmark = pytest.mark.browser

WORDS = {
    "ko": {"language": "한국어", "menu": "GPU 자원 배정", "hours": "사용한 GPU 시간", "month": "월",
           "report": "보고하기", "refused": "남은 GPU 사용 시간은 100시간입니다", "recorded": "기록했습니다",
           "summary": "다음 항목을 확인해 주십시오"},
    "en": {"language": "English", "menu": "GPU allocations", "hours": "GPU-hours used", "month": "Month",
           "report": "Report", "refused": "Only 100 GPU-hours remain", "recorded": "GPU-hours recorded for",
           "summary": "Please correct the following"},
}


def go_to(page, link_name: str) -> None:
    open_menu(page)
    with page.expect_navigation():
        page.get_by_role("navigation", name=re.compile("^(Main navigation|주 메뉴)$")).get_by_role(
            "link", name=link_name, exact=True).click()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_tenant_reports_gpu_usage(page, lang):
    words = WORDS[lang]
    company = CompanyFactory(name_ko="주식회사 양재비전", name_en="Yangjae Vision Inc.")
    owner = MembershipFactory(company=company, role="owner").user
    allocation = gpu_allocation(hours=100, months_back=1,
                                business_registration_number=company.business_registration_number.replace("-", ""),
                                company_name_ko=company.name_ko, company_name_en=company.name_en)
    month = month_first(timezone.localdate())
    shots = Screenshots("gpu-journey")

    page.goto("/accounts/login/")
    if lang != "ko":
        switch_language(page, words["language"], lang)
    log_in(page, email=owner.email, password=PASSWORD)

    # The list: the allocation with this month's remaining hours.
    go_to(page, words["menu"])
    expect(page.get_by_role("heading", level=1)).to_have_text(words["menu"])
    expect(page.get_by_role("main")).to_contain_text(allocation.number)
    shots.key_page(page, "1-list")

    # The allocation: every month of the term, the form to report.
    page.get_by_role("link", name=allocation.number).click()
    expect(page.get_by_test_id("months").locator("tbody tr")).to_have_count(12)
    shots.key_page(page, "2-allocation")

    # More than remains: refused beside the field, the hours kept, the summary focused.
    form = page.get_by_test_id("usage-form")
    expect(form.get_by_label(words["month"])).to_have_value(f"{month:%Y-%m}")
    with translation.override(lang):
        label = format_month(month)
    expect(form.get_by_label(words["month"]).locator("option:checked")).to_have_text(label)
    form.get_by_label(words["hours"]).fill("150")
    form.get_by_role("button", name=words["report"], exact=True).click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(words["summary"])
    form = page.get_by_test_id("usage-form")
    expect(form.get_by_label(words["hours"])).to_have_value("150")
    expect(form.locator(".invalid-feedback")).to_contain_text(words["refused"])
    shots.key_page(page, "3-refused")
    assert not UsageReport.objects.exists()

    # What was used: recorded, and the month's figures follow.
    form.get_by_label(words["hours"]).fill("12.5")
    form.get_by_role("button", name=words["report"], exact=True).click()
    expect(page.get_by_role("status").filter(has_text=words["recorded"])).to_be_visible()
    current = page.get_by_test_id("months").locator("tr[aria-current='date']")
    expect(current).to_contain_text("12.5")
    expect(current).to_contain_text("87.5")
    shots.key_page(page, "4-reported")
    report = UsageReport.objects.get()
    assert (report.allocation, report.month, report.hours, report.reported_by) == (
        allocation, month, Decimal("12.5"), owner)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_staff_read_the_capacity_over_time_and_the_refused_rows_of_a_usage_file(page, live_server, sign_in, lang):
    from compute.services import usage_record
    from tests.factories import CapacityPoolFactory, StaffFactory

    pool = CapacityPoolFactory(hours_per_month=2000)
    allocation = gpu_allocation(pool=pool, hours=800, months_back=4)
    gpu_allocation(pool=pool, hours=600, months_back=1, months=6)
    month = month_first(timezone.localdate())
    usage_record(allocation_id=allocation.pk, month=month, hours=Decimal("310.5"), source="grantee", actor=None)
    sign_in(StaffFactory(preferred_language=lang, programmes=[pool.programme]))
    shots = Screenshots("gpu-admin")

    page.goto(live_server.url + "/admin/compute/capacitypool/capacity/")
    expect(page.get_by_test_id("capacity-chart")).to_be_visible()
    expect(page.get_by_test_id("capacity-table").locator("tbody tr")).to_have_count(len(pool.months))
    shots.key_page(page, "1-capacity")

    page.goto(live_server.url + "/admin/compute/usagereport/import/")
    page.locator("#id_file").set_input_files(files=[{
        "name": "operator.csv", "mimeType": "text/csv",
        "buffer": f"allocation,month,hours\n{allocation.number},{month:%Y-%m},100\n{allocation.number},"
                  f"{month:%Y-%m},500\nGPU-1999-0001,{month:%Y-%m},1\n".encode()}])
    page.locator("input[type=submit]").click()
    expect(page.get_by_test_id("report").locator("tbody tr")).to_have_count(2)
    shots.key_page(page, "2-import-refused")
    assert UsageReport.objects.count() == 1
