"""Staff manage calls in the admin: add and change with inlines, defaults, validation, the list, access."""

import datetime
import re
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Application, Call, CallDocumentType, EvaluationCriterion
from tests.factories import (
    BuildingFactory,
    CallDocumentTypeFactory,
    CallFactory,
    EvaluationCriterionFactory,
    FloorFactory,
    ProgrammeFactory,
    UnitFactory,
    UserFactory,
)

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
ADD_URL = reverse("admin:applications_call_add")
LIST_URL = reverse("admin:applications_call_changelist")
INLINES = ("files", "document_types", "criteria", "schedule", "faqs")


@pytest.fixture
def staff_client(client, db):
    client.force_login(UserFactory(role="district_staff"))
    return client


def form_data(building, **overrides) -> dict:
    data = {
        "programme": ProgrammeFactory().pk, "code": "2026-5", "building": building.pk,
        "title_ko": "2026년 5차 입주기업 모집", "title_en": "Call for tenants 2026-5",
        "summary_ko": "모집 안내", "summary_en": "About the call",
        "opens_at_0": "2026-12-01", "opens_at_1": "09:00:00",
        "closes_at_0": "2026-12-15", "closes_at_1": "18:00:00",
        "headcount_min": "20", "headcount_max": "42", "max_company_age_years": "",
        "ai_field_required": "on", "relocation_required": "on",
        "places": "0", "pass_mark": "60", "trim_extremes_from": "5", "stage1_weight": "0", "stage2_weight": "1",
    }
    for prefix in INLINES:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0",
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    data.update(overrides)
    return data


def with_rows(data: dict, prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
    data[f"{prefix}-INITIAL_FORMS"] = str(initial)
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


def test_anonymous_and_non_staff_users_are_sent_to_the_admin_login(client, db):
    for url in (LIST_URL, ADD_URL):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(UserFactory(role="applicant"))
    for url in (LIST_URL, ADD_URL):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_add_form_offers_format_checkboxes_units_with_their_type_and_korea_time(staff_client):
    building = BuildingFactory()
    UnitFactory(code="5F-03", floor=FloorFactory(building=building))
    html = staff_client.get(ADD_URL).content.decode()
    for value in ("pdf", "jpeg", "png", "hwp", "hwpx"):
        assert f'name="document_types-__prefix__-allowed_formats" value="{value}"' in html
    assert "5F-03 · 33평" in html
    assert "한국 시간(KST, UTC+9) 기준입니다." in html


def test_staff_add_a_call_and_it_gets_the_default_documents_and_criteria(staff_client):
    building = BuildingFactory()
    floor = FloorFactory(building=building)
    units = [UnitFactory(floor=floor) for _ in range(3)]
    data = form_data(building, units_on_offer=[u.pk for u in units])
    response = staff_client.post(ADD_URL, data, follow=True)
    assert response.status_code == 200
    call = Call.objects.get(code="2026-5")
    # Entered in Korea time
    assert call.opens_at == datetime.datetime(2026, 12, 1, 9, 0, tzinfo=SEOUL)
    assert call.closes_at == datetime.datetime(2026, 12, 15, 18, 0, tzinfo=SEOUL)
    assert set(call.units_on_offer.all()) == set(units)
    assert call.document_types.count() == 8
    assert call.document_types.get(name_ko="사업계획서").allowed_formats == ["pdf", "hwp", "hwpx"]
    assert sorted(call.criteria.values_list("stage", "name_ko", "max_points")) == sorted(
        [(stage, "기술 혁신성", 40) for stage in (1, 2)] + [(stage, "글로벌 성장 잠재력", 30) for stage in (1, 2)]
        + [(stage, "사업성", 30) for stage in (1, 2)]
    )
    assert "기본 제출 서류와 기본 평가 기준을 추가했습니다." in response.content.decode()
    assert call.history.count() == 1


def test_a_call_must_belong_to_a_programme_of_the_staff_member(client, db):
    tenancy, gpu = ProgrammeFactory(), ProgrammeFactory(code="gpu", outcome="gpu_allocation")
    client.force_login(UserFactory(role="district_staff", programmes=[gpu]))
    html = client.get(ADD_URL).content.decode()
    choices = re.search(r'<select name="programme".*?</select>', html, re.S).group(0)
    assert gpu.name_ko in choices and tenancy.name_ko not in choices
    response = client.post(ADD_URL, form_data(BuildingFactory(), programme=""))
    assert response.status_code == 200 and "필수 항목입니다." in response.content.decode()
    response = client.post(ADD_URL, form_data(BuildingFactory(), programme=tenancy.pk))
    assert response.status_code == 200 and not Call.objects.filter(code="2026-5").exists()
    assert client.post(ADD_URL, form_data(BuildingFactory(), programme=gpu.pk)).status_code == 302
    assert Call.objects.get(code="2026-5").programme == gpu


def test_staff_add_a_call_with_their_own_documents_and_criteria(staff_client):
    building = BuildingFactory()
    data = form_data(building)
    with_rows(data, "document_types", [{
        "name_ko": "사업계획서", "name_en": "Business plan", "required": "on",
        "allowed_formats": ["pdf", "hwpx"], "max_size_mb": "30", "position": "0",
    }])
    with_rows(data, "criteria", [
        {"stage": "1", "name_ko": "기술성", "max_points": "70", "position": "0"},
        {"stage": "1", "name_ko": "시장성", "max_points": "30", "position": "1"},
    ])
    with_rows(data, "faqs", [{"question_ko": "본사 이전은?", "answer_ko": "1개월 이내입니다.", "position": "0"}])
    with_rows(data, "schedule", [{"label_ko": "신청 접수", "starts_on": "2026-12-01", "ends_on": "2026-12-15"}])
    response = staff_client.post(ADD_URL, data)
    assert response.status_code == 302
    call = Call.objects.get(code="2026-5")
    document = call.document_types.get()
    assert (document.allowed_formats, document.max_size_mb) == (["pdf", "hwpx"], 30)
    assert sorted(call.criteria.values_list("name_ko", "max_points")) == [("기술성", 70), ("시장성", 30)]
    assert call.faqs.count() == 1 and call.schedule.count() == 1


def test_a_call_with_its_own_criteria_but_no_documents_gets_only_the_usual_documents(staff_client):
    data = with_rows(form_data(BuildingFactory()), "criteria", [
        {"stage": "1", "name_ko": "종합", "max_points": "100", "position": "0"},
    ])
    response = staff_client.post(ADD_URL, data, follow=True)
    call = Call.objects.get(code="2026-5")
    assert call.document_types.count() == 8
    assert list(call.criteria.values_list("name_ko", flat=True)) == ["종합"]
    assert "기본 제출 서류를 추가했습니다." in response.content.decode()
    change_page = staff_client.get(reverse("admin:applications_call_change", args=[call.pk])).content.decode()
    assert 'href="/calls/2026-5/"' in change_page  # "view on site" opens the public page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"closes_at_0": "2026-11-30"}, "마감 일시는 접수 시작 일시보다 뒤여야 합니다."),
        ({"headcount_min": "42", "headcount_max": "20"}, "최대 인원은 최소 인원보다 적을 수 없습니다."),
        ({"stage1_weight": "0.5", "stage2_weight": "0.6"}, "1단계와 2단계 가중치의 합은 1이어야 합니다."),
    ],
)
def test_bad_call_fields_are_refused_with_a_message_beside_the_field(staff_client, overrides, message):
    building = BuildingFactory()
    response = staff_client.post(ADD_URL, form_data(building, **overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'value="2026년 5차 입주기업 모집"' in html  # nothing typed is lost
    assert not Call.objects.exists()


def test_criteria_of_a_stage_must_add_up_to_100(staff_client):
    building = BuildingFactory()
    data = with_rows(form_data(building), "criteria", [
        {"stage": "2", "name_ko": "기술성", "max_points": "50", "position": "0"},
        {"stage": "2", "name_ko": "시장성", "max_points": "40", "position": "1"},
    ])
    response = staff_client.post(ADD_URL, data)
    assert response.status_code == 200
    message = "2차 대면·발표평가 항목의 배점 합계가 90점입니다. 합계는 100점이어야 합니다."
    assert message in response.content.decode()
    assert not Call.objects.exists()


def test_a_document_needs_at_least_one_format(staff_client):
    building = BuildingFactory()
    data = with_rows(form_data(building), "document_types", [
        {"name_ko": "사업계획서", "required": "on", "max_size_mb": "20", "position": "0"},
    ])
    response = staff_client.post(ADD_URL, data)
    assert "허용 형식을 하나 이상 선택해 주십시오." in response.content.decode()
    assert not Call.objects.exists()


def test_units_must_be_in_the_calls_building(staff_client):
    building, other = BuildingFactory(), BuildingFactory(name_ko="다른 건물")
    stray = UnitFactory(code="7F-09", floor=FloorFactory(building=other))
    response = staff_client.post(ADD_URL, form_data(building, units_on_offer=[stray.pk]))
    assert "다음 호실은 공고의 건물에 있지 않습니다: 7F-09." in response.content.decode()
    assert not Call.objects.exists()


def test_staff_change_a_call_and_the_change_is_in_its_history(staff_client):
    call = CallFactory(code="2026-5", title_ko="2026년 5차 입주기업 모집")
    document = CallDocumentTypeFactory(call=call, name_ko="사업계획서", allowed_formats=["pdf"])
    criterion = EvaluationCriterionFactory(call=call, stage=1, name_ko="종합", max_points=100)
    url = reverse("admin:applications_call_change", args=[call.pk])
    assert staff_client.get(url).status_code == 200
    data = form_data(call.building, title_ko="2026년 5차 입주기업 모집 (정정)")
    with_rows(data, "document_types", [{
        "id": str(document.pk), "call": str(call.pk), "name_ko": "사업계획서", "required": "on",
        "allowed_formats": ["pdf", "hwp"], "max_size_mb": "25", "position": "0",
    }], initial=1)
    with_rows(data, "criteria", [{
        "id": str(criterion.pk), "call": str(call.pk), "stage": "1", "name_ko": "종합", "max_points": "100",
        "position": "0",
    }], initial=1)
    response = staff_client.post(url, data)
    assert response.status_code == 302
    call.refresh_from_db()
    document.refresh_from_db()
    assert call.title_ko == "2026년 5차 입주기업 모집 (정정)"
    assert (document.allowed_formats, document.max_size_mb) == (["pdf", "hwp"], 25)
    # A change never adds the defaults again.
    assert CallDocumentType.objects.filter(call=call).count() == 1
    assert EvaluationCriterion.objects.filter(call=call).count() == 1
    latest, previous = call.history.all()[:2]
    assert (previous.title_ko, latest.title_ko) == ("2026년 5차 입주기업 모집", "2026년 5차 입주기업 모집 (정정)")
    history = staff_client.get(reverse("admin:applications_call_history", args=[call.pk]))
    assert history.status_code == 200 and latest.history_user.email in history.content.decode()


def _calls_with_applications(n: int, start: int):
    for i in range(start, start + n):
        call = CallFactory(code=f"2020-{i}")
        for _ in range(2):
            Application.objects.create(call=call, applicant=UserFactory())


def test_list_shows_window_status_and_application_count_in_constant_queries(staff_client):
    _calls_with_applications(1, 0)
    staff_client.get(LIST_URL)  # warm the session and the content types
    with CaptureQueriesContext(connection) as one:
        html = staff_client.get(LIST_URL).content.decode()
    assert "접수 중" in html and "KST" in html
    _calls_with_applications(19, 1)
    with CaptureQueriesContext(connection) as twenty:
        html = staff_client.get(LIST_URL).content.decode()
    assert len(twenty.captured_queries) == len(one.captured_queries)
    assert html.count('class="field-application_count">2<') == 20


def test_list_filters_by_status(staff_client):
    now = datetime.datetime.now(SEOUL)
    CallFactory(code="open-1", opens_at=now - datetime.timedelta(days=1), closes_at=now + datetime.timedelta(days=1))
    CallFactory(code="soon-1", opens_at=now + datetime.timedelta(days=1), closes_at=now + datetime.timedelta(days=2))
    CallFactory(code="past-1", opens_at=now - datetime.timedelta(days=3), closes_at=now - datetime.timedelta(days=2))
    for status, code in [("open", "open-1"), ("upcoming", "soon-1"), ("closed", "past-1")]:
        html = staff_client.get(LIST_URL, {"window": status}).content.decode()
        assert f">{code}<" in html
        assert sum(f">{c}<" in html for c in ("open-1", "soon-1", "past-1")) == 1
