"""The monthly NTS business-status check of the tenants, against the local fake of the public data API
(tests/fakes/nts.py): a closed or suspended tenant is flagged on the occupancy map."""

import pytest

from tenants.models import Company
from tenants.tasks import companies_business_check_task
from tests.factories import CompanyFactory, LeaseFactory

pytestmark = pytest.mark.django_db


def _digits(company) -> str:
    return "".join(ch for ch in company.business_registration_number if ch.isdigit())


def test_the_monthly_check_flags_closed_and_suspended_tenants_on_the_occupancy_map(nts_fake, staff_client):
    open_, closed, suspended = (LeaseFactory(company=CompanyFactory(name_ko=name)).company
                                for name in ("주식회사 계속", "주식회사 폐업", "주식회사 휴업"))
    former = CompanyFactory(name_ko="주식회사 퇴거")  # no live lease: not asked about
    LeaseFactory(company=former, status="ended")
    nts_fake.business(_digits(open_), code="01")
    nts_fake.business(_digits(closed), code="03", closed="20261130")
    nts_fake.business(_digits(suspended), code="02")
    assert companies_business_check_task() == 3
    asked = nts_fake.requests[0][1]["b_no"]
    assert sorted(asked) == sorted(_digits(c) for c in (open_, closed, suspended))
    assert dict(Company.objects.values_list("name_ko", "business_status")) == {
        "주식회사 계속": "continuing", "주식회사 폐업": "closed", "주식회사 휴업": "suspended", "주식회사 퇴거": ""}
    page = staff_client.get("/admin/tenants/unitoccupancy/").content.decode()
    assert page.count('data-testid="business-flag"') == 2 and "폐업자" in page and "휴업자" in page
    assert 'data-testid="nts-off"' not in page


def test_more_than_a_hundred_tenants_are_asked_in_batches_of_a_hundred(nts_fake):
    for _ in range(101):
        LeaseFactory()
    assert companies_business_check_task() == 101
    assert [len(body["b_no"]) for _path, body in nts_fake.requests] == [100, 1]
    assert set(Company.objects.values_list("business_status", flat=True)) == {"unregistered"}


def test_a_timeout_retries_and_without_a_key_the_map_says_the_check_is_off(nts_fake, settings, staff_client):
    from portal.providers.nts import NtsUnavailable

    LeaseFactory()
    nts_fake.delay = 1.5
    with pytest.raises(NtsUnavailable):
        companies_business_check_task()
    assert NtsUnavailable in companies_business_check_task.autoretry_for
    settings.NTS_SERVICE_KEY = ""
    assert companies_business_check_task() is None
    assert 'data-testid="nts-off"' in staff_client.get("/admin/tenants/unitoccupancy/").content.decode()
