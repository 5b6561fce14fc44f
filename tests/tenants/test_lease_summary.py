"""The lease summary PDF: Korean, with the center, unit, term and amounts; for the company and staff only."""

import datetime as dt

import pytest

from tenants.documents import lease_summary_data
from tests.factories import LeaseFactory, MembershipFactory, StaffFactory


@pytest.fixture
def lease(db):
    owner = MembershipFactory(role="owner")
    lease = LeaseFactory(company=owner.company, start_date=dt.date(2026, 11, 1), end_date=dt.date(2028, 10, 31))
    lessor = lease.unit.floor.building.lessor
    lessor.bank_name, lessor.bank_account_number = "우리은행", "1005-804-114114"
    lessor.save()
    return lease


def test_the_summary_holds_the_center_unit_term_and_amounts_in_korean(lease, settings):
    settings.LANGUAGE_CODE = "en"  # the summary is Korean whatever the page language
    data = lease_summary_data(lease=lease)
    assert data["title"] == "임대차 계약 요약서"
    rows = {label: value for section in data["sections"] for label, value in section["rows"]}
    assert rows["임차인"] == lease.company.name_ko
    assert rows["호실"].startswith(lease.unit.code)
    assert rows["계약 기간"] == "2026년 11월 1일 ~ 2028년 10월 31일"  # the period rule of portal.formatting
    assert rows["면적"].endswith("㎡)")
    assert rows["월 임대료"] == "792,000원"
    assert rows["임대보증금"] == "2,376,000원"
    assert "우리은행 1005-804-114114" in rows["납부"]


def test_members_download_the_pdf_and_others_get_404(client, lease):
    url = f"/tenants/{lease.company_id}/leases/{lease.pk}/summary.pdf"
    member = MembershipFactory(company=lease.company, role="member")
    client.force_login(member.user)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "attachment" in response["Content-Disposition"]
    client.force_login(MembershipFactory(role="owner").user)
    assert client.get(url).status_code == 404


def test_staff_download_it_from_the_admin(client, lease):
    client.force_login(StaffFactory())
    page = client.get(f"/admin/tenants/lease/{lease.pk}/change/").content.decode()
    assert f"/admin/tenants/lease/{lease.pk}/summary.pdf" in page
    response = client.get(f"/admin/tenants/lease/{lease.pk}/summary.pdf")
    assert response.content.startswith(b"%PDF-")
