"""Staff in the admin: the occupancy map, leases (creation with defaults, workflow buttons, relocation),
companies and teams, performance totals and their CSV export."""

import datetime as dt
from decimal import Decimal

from django.contrib.messages import ERROR, SUCCESS
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from premises.models import UnitStatus
from tenants import services
from tenants.models import Lease, LeaseStatus, PerformanceReport, TeamMembership
from tests.factories import (
    CompanyFactory,
    FloorFactory,
    LeaseFactory,
    MembershipFactory,
    StaffFactory,
    UnitFactory,
    UnitTypeFactory,
    UserFactory,
)
from tests.privacy.reasons import remember_reason


def make_floor_of_units(building=None, count=3):
    floor = FloorFactory(building=building) if building else FloorFactory()
    return [UnitFactory(floor=floor) for _ in range(count)]


def test_occupancy_map_names_tenant_and_lease_end_with_status_labels(staff_client):
    units = make_floor_of_units()
    lease = LeaseFactory(unit=units[0], company=CompanyFactory(name_ko="주식회사 점유"),
                         end_date=dt.date(2029, 2, 28))
    units[0].status = UnitStatus.OCCUPIED
    units[0].save()
    units[2].status = UnitStatus.MAINTENANCE
    units[2].save()
    response = staff_client.get("/admin/tenants/unitoccupancy/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "주식회사 점유" in html and "2029년 2월 28일 (수)" in html
    assert 'class="occ-unit occ-occupied"' in html and "입주 중" in html  # colour and a text label
    assert lease.unit.code in html
    maps = response.context["maps"]
    vacancies = maps[0].vacancies
    assert [(t.code, vacant, total) for t, vacant, total in vacancies] == [("33", 1, 3)]


def test_occupancy_map_query_count_stays_the_same_as_units_grow(staff_client, django_assert_num_queries):
    units = make_floor_of_units()
    LeaseFactory(unit=units[0])
    staff_client.get("/admin/tenants/unitoccupancy/")  # warm the session and permission caches
    with django_assert_num_queries(10):
        staff_client.get("/admin/tenants/unitoccupancy/")
    building = units[0].floor.building
    for _ in range(4):
        more = make_floor_of_units(building=building, count=5)
        LeaseFactory(unit=more[1])
    UnitFactory(unit_type=UnitTypeFactory(code="56", area_pyeong=Decimal("56")))
    with django_assert_num_queries(10):
        response = staff_client.get("/admin/tenants/unitoccupancy/")
    assert response.content.decode().count('data-testid="unit"') == 3 + 20 + 1


def test_the_occupancy_map_is_for_staff_only(client, db):
    client.force_login(UserFactory())
    assert client.get("/admin/tenants/unitoccupancy/").status_code == 302  # to the admin login


def test_staff_create_a_lease_with_the_buildings_defaults(staff_client):
    unit = UnitFactory()
    company = CompanyFactory()
    response = staff_client.post("/admin/tenants/lease/add/", {
        "company": company.pk, "unit": unit.pk, "start_date": "2027-03-01",
        "transitions-TOTAL_FORMS": 0, "transitions-INITIAL_FORMS": 0,
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    lease = Lease.objects.get(unit=unit)
    building = unit.floor.building
    assert lease.rent_per_pyeong == building.rent_per_pyeong
    assert lease.end_date == dt.date(2029, 2, 28)
    assert lease.transitions.get().to_status == LeaseStatus.DRAFT


def test_staff_see_a_clear_refusal_for_an_overlapping_lease(staff_client):
    unit = UnitFactory()
    LeaseFactory(unit=unit, start_date=dt.date(2027, 1, 1), end_date=dt.date(2028, 12, 31))
    response = staff_client.post("/admin/tenants/lease/add/", {
        "company": CompanyFactory().pk, "unit": unit.pk, "start_date": "2027-03-01",
    })
    assert response.status_code == 200
    assert unit.code in response.content.decode()
    assert Lease.objects.filter(unit=unit).count() == 1


def test_staff_cannot_lease_by_hand_a_unit_offered_to_an_applicant(staff_client):
    from tests.factories import SelectedApplicationFactory

    unit = UnitFactory()
    application = SelectedApplicationFactory(desired_unit_type=unit.unit_type)
    offer = services.offer_create(application=application, unit=unit, actor=StaffFactory())
    form = {"company": CompanyFactory().pk, "unit": unit.pk, "start_date": "2027-03-01"}
    response = staff_client.post("/admin/tenants/lease/add/", form)
    assert response.status_code == 200
    [message] = response.context["adminform"].form.errors["unit"]
    assert application.company_name_ko in message and unit.code in message
    assert 'value="2027-03-01"' in response.content.decode()  # what staff typed is kept
    assert not Lease.objects.filter(unit=unit).exists()
    services.offer_withdraw(offer=offer, actor=StaffFactory(), reason="다른 호실로 안내")
    response = staff_client.post("/admin/tenants/lease/add/", {
        **form, "transitions-TOTAL_FORMS": 0, "transitions-INITIAL_FORMS": 0})
    assert response.status_code == 302
    assert Lease.objects.filter(unit=unit).count() == 1


def test_workflow_buttons_offer_only_allowed_transitions_and_record_them(staff_client):
    lease = services.lease_create(company=CompanyFactory(), unit=UnitFactory(), start_date=dt.date(2027, 3, 1))
    url = f"/admin/tenants/lease/{lease.pk}/workflow/"
    page = staff_client.get(f"/admin/tenants/lease/{lease.pk}/change/").content.decode()
    assert f"{url}sign/" in page and f"{url}terminate/" in page and f"{url}activate/" not in page
    response = staff_client.post(f"{url}activate/", follow=True)  # not allowed from draft
    assert Lease.objects.get(pk=lease.pk).status == LeaseStatus.DRAFT
    assert [m.level for m in response.context["messages"]] == [ERROR]
    staff_client.post(f"{url}sign/")
    assert Lease.objects.get(pk=lease.pk).status == LeaseStatus.SIGNED
    refused = staff_client.post(f"{url}terminate/", {"reason": " "})  # no reason: the reason page again
    assert refused.status_code == 200 and refused.context["form"].errors["reason"]
    assert Lease.objects.get(pk=lease.pk).status == LeaseStatus.SIGNED
    staff_client.post(f"{url}terminate/", {"reason": "본사 이전 불이행"})
    assert Lease.objects.get(pk=lease.pk).status == LeaseStatus.TERMINATED
    page = staff_client.get(f"/admin/tenants/lease/{lease.pk}/change/").content.decode()
    assert "본사 이전 불이행" in page and f"{url}sign/" not in page  # the log is on the page; no button is left
    history = staff_client.get(f"/admin/tenants/lease/{lease.pk}/history/")
    assert history.status_code == 200


def test_bulk_activation_calls_the_service_per_lease_and_reports_each(staff_client):
    today = timezone.localdate()
    end = today + dt.timedelta(days=700)
    ready = LeaseFactory(status="signed", start_date=today - dt.timedelta(days=1), end_date=end)
    early = LeaseFactory(status="signed", start_date=today + dt.timedelta(days=30), end_date=end)
    response = staff_client.post("/admin/tenants/lease/", {"action": "workflow_activate",
                                                           "_selected_action": [ready.pk, early.pk]}, follow=True)
    assert sorted(m.level for m in response.context["messages"]) == [SUCCESS, ERROR]
    assert Lease.objects.get(pk=ready.pk).status == LeaseStatus.ACTIVE
    assert Lease.objects.get(pk=early.pk).status == LeaseStatus.SIGNED  # nobody moves in before the start


def test_staff_download_the_proof_and_confirm_the_relocation(staff_client):
    owner = MembershipFactory(role="owner")
    lease = LeaseFactory(company=owner.company, status="active")
    services.lease_relocation_proof_upload(lease=lease, actor=owner.user, upload=SimpleUploadedFile("c.pdf", b"%PDF"))
    proof = staff_client.get(f"/admin/tenants/lease/{lease.pk}/relocation-proof/")
    assert b"".join(proof.streaming_content) == b"%PDF"
    staff_client.post(f"/admin/tenants/lease/{lease.pk}/relocation-confirm/")
    lease.refresh_from_db()
    assert lease.relocation_confirmed_at is not None


def test_staff_add_an_owner_in_the_company_admin_which_grants_the_role(staff_client):
    company = CompanyFactory()
    user = UserFactory()
    data = {
        "name_ko": company.name_ko, "business_registration_number": company.business_registration_number,
        "ai_field": "vision", "room_quota_hours": 20,
        "memberships-TOTAL_FORMS": 1, "memberships-INITIAL_FORMS": 0,
        "memberships-0-user": user.pk, "memberships-0-role": "owner",
    }
    response = staff_client.post(f"/admin/tenants/company/{company.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert TeamMembership.objects.get(company=company, user=user).role == "owner"
    user.refresh_from_db()
    user._role_cache = None
    assert user.is_tenant_member


def test_a_mistyped_registration_number_is_refused_in_the_admin(staff_client):
    response = staff_client.post("/admin/tenants/company/add/", {
        "name_ko": "주식회사 오타", "business_registration_number": "124-81-00999", "ai_field": "vision",
        "room_quota_hours": 20, "memberships-TOTAL_FORMS": 0, "memberships-INITIAL_FORMS": 0,
    })
    assert response.status_code == 200
    assert "주식회사 오타" in response.content.decode()


def test_performance_totals_per_half_year_and_csv(staff_client):
    remember_reason(staff_client)  # the reason page is tested in tests/privacy
    for employees, revenue in [(20, 1_000_000_000), (35, 2_500_000_000)]:
        PerformanceReport.objects.create(company=CompanyFactory(), year=2026, half=1, employees=employees,
                                         foreign_employees=3, revenue=revenue, investment=500_000_000,
                                         patents_filed=2, patents_granted=1)
    PerformanceReport.objects.create(company=CompanyFactory(), year=2025, half=2, employees=10, foreign_employees=0,
                                     revenue=1, investment=0, patents_filed=0, patents_granted=0)
    page = staff_client.get("/admin/tenants/performancereport/")
    assert page.status_code == 200
    totals = page.context["totals"]
    assert [(t["year"], t["half"], t["employees"], t["revenue"]) for t in totals] == [
        (2025, 2, 10, 1), (2026, 1, 55, 3_500_000_000)]
    csv_response = staff_client.get("/admin/tenants/performancereport/totals.csv")
    text = csv_response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert len(lines) == 3
    assert lines[2].split(",") == ["2026", "1", "2", "55", "6", "3500000000", "1000000000", "4", "2"]


def test_building_rates_are_editable_in_the_admin(staff_client):
    building = UnitFactory().floor.building
    page = staff_client.get(f"/admin/premises/building/{building.pk}/change/").content.decode()
    assert "market_rent_per_pyeong" in page and "invoice_due_day" in page


def test_staff_see_upcoming_relocation_deadlines_in_the_lease_list(staff_client):
    LeaseFactory(relocation_deadline=timezone.localdate())
    assert staff_client.get("/admin/tenants/lease/").status_code == 200


def test_lease_amounts_are_shown_in_won_with_thousands_separators(staff_client):
    lease = LeaseFactory(rent_per_pyeong=24_000, management_fee_per_pyeong=15_000, deposit=2_376_000)
    listing = staff_client.get("/admin/tenants/lease/").content.decode()
    assert "24,000원" in listing and ">24000<" not in listing
    page = staff_client.get(f"/admin/tenants/lease/{lease.pk}/change/").content.decode()
    assert "15,000원" in page and "2,376,000원" in page


def test_the_trend_chart_shows_each_indicator_per_half_year(staff_client):
    PerformanceReport.objects.create(company=CompanyFactory(), year=2026, half=1, employees=40, foreign_employees=3,
                                     revenue=900, investment=100, patents_filed=2, patents_granted=1)
    html = staff_client.get("/admin/tenants/performancereport/").content.decode()
    assert 'data-testid="trend-chart"' in html and "2026 H1" in html


def test_exported_company_names_cannot_run_as_spreadsheet_formulas(staff_client):
    remember_reason(staff_client)  # the reason page is tested in tests/privacy
    report = PerformanceReport.objects.create(
        company=CompanyFactory(name_ko='=HYPERLINK("http://evil.example")'), year=2026, half=1, employees=1,
        foreign_employees=0, revenue=0, investment=0, patents_filed=0, patents_granted=0)
    response = staff_client.post("/admin/tenants/performancereport/", {
        "action": "export_selected", "_selected_action": [report.pk]})
    text = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text
