"""The public pages of calls: grouping by window, Korea time, bilingual content, constant queries."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from applications.selectors import CallStatus, call_list_public, call_status
from tests.factories import (
    CallDocumentTypeFactory,
    CallFactory,
    CallFAQFactory,
    CallScheduleItemFactory,
    EvaluationCriterionFactory,
    FloorFactory,
    UnitFactory,
    UnitTypeFactory,
)

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
UTC = datetime.UTC


def english(client):
    client.cookies["portal_language"] = "en"
    return client


@pytest.fixture
def call(db):
    return CallFactory(
        code="2026-9", title_ko="2026년 9차 입주기업 모집", title_en="Call for tenants 2026-9",
        summary_ko="센터에 입주할 AI 기업을 모집합니다.", summary_en="We invite AI companies to move in.",
        # Stored in UTC: 09:00 UTC is 18:00 in Seoul.
        opens_at=datetime.datetime(2026, 12, 1, 0, 0, tzinfo=UTC),
        closes_at=datetime.datetime(2026, 12, 15, 9, 0, tzinfo=UTC),
        max_company_age_years=7,
    )


def test_window_is_shown_in_korea_time_in_korean(client, call):
    html = client.get("/calls/2026-9/").content.decode()
    assert "2026년 12월 1일 (화) 09:00 KST" in html
    assert "2026년 12월 15일 (화) 18:00 KST" in html
    assert "2026년 9차 입주기업 모집" in html
    assert "센터에 입주할 AI 기업을 모집합니다." in html


def test_window_is_shown_in_korea_time_in_english(client, call):
    html = english(client).get("/calls/2026-9/").content.decode()
    assert '<html lang="en">' in html
    assert "Dec 1, 2026 09:00 KST" in html
    assert "Dec 15, 2026 18:00 KST" in html
    assert "Call for tenants 2026-9" in html
    assert "We invite AI companies to move in." in html
    assert "Who can apply" in html


def test_english_page_falls_back_to_korean_where_no_english_text_was_written(client, db):
    CallFactory(code="2026-8", title_ko="한국어 제목만 있는 공고", title_en="")
    html = english(client).get("/calls/2026-8/").content.decode()
    assert "한국어 제목만 있는 공고" in html


def test_call_page_shows_eligibility_documents_units_criteria_schedule_and_faq(client, call):
    small = UnitTypeFactory(code="28", area_pyeong=28, seats_min=20, seats_max=24)
    large = UnitTypeFactory(code="56", area_pyeong=56, seats_min=36, seats_max=42)
    floor = FloorFactory(building=call.building)
    call.units_on_offer.set([
        UnitFactory(code="3F-01", unit_type=small, floor=floor),
        UnitFactory(code="3F-02", unit_type=small, floor=floor),
        UnitFactory(code="9F-01", unit_type=large, floor=floor),
    ])
    CallDocumentTypeFactory(call=call, name_ko="사업계획서", name_en="Business plan",
                            allowed_formats=["pdf", "hwp", "hwpx"], max_size_mb=30)
    CallDocumentTypeFactory(call=call, name_ko="수상 증빙", required=False, allowed_formats=["png"])
    EvaluationCriterionFactory(call=call, stage=2, name_ko="기술 혁신성", max_points=60)
    EvaluationCriterionFactory(call=call, stage=2, name_ko="사업성", max_points=40)
    CallScheduleItemFactory(call=call, label_ko="2차 발표평가", starts_on=datetime.date(2027, 1, 5),
                            ends_on=datetime.date(2027, 1, 7))
    CallFAQFactory(call=call, question_ko="본사를 이전해야 하나요?", answer_ko="네, 1개월 이내에 이전합니다.")

    html = client.get("/calls/2026-9/").content.decode()
    assert "상시 근로자 20명 이상 42명 이하" in html
    assert "설립 7년 이내" in html
    assert "본사를 센터로 이전" in html
    assert "사업계획서" in html and "PDF, HWP, HWPX" in html and "30 MB" in html
    assert "선택" in html  # the optional document
    # Units grouped by type, with their area in pyeong and m²
    assert "28평 (92.56㎡)" in html and "56평 (185.12㎡)" in html  # one precision for every area
    assert "3F-01, 3F-02" in html
    assert "2차 대면·발표평가" in html and "기술 혁신성" in html and ">60<" in html and ">100<" in html
    assert "2차 발표평가" in html and "2027년 1월 5일 (화) – 2027년 1월 7일 (목)" in html
    assert "<summary" in html and "본사를 이전해야 하나요?" in html and "1개월 이내에" in html


def test_only_an_open_call_offers_the_apply_button(client, db):
    now = timezone.now()
    CallFactory(code="open-1", opens_at=now - datetime.timedelta(days=1), closes_at=now + datetime.timedelta(days=1))
    CallFactory(code="soon-1", opens_at=now + datetime.timedelta(days=1), closes_at=now + datetime.timedelta(days=9))
    CallFactory(code="past-1", opens_at=now - datetime.timedelta(days=9), closes_at=now - datetime.timedelta(days=1))

    open_page = client.get("/calls/open-1/").content.decode()
    assert 'href="/apply/open-1/"' in open_page
    assert 'data-testid="apply"' in open_page
    upcoming = client.get("/calls/soon-1/").content.decode()
    assert "/apply/" not in upcoming and "신청 접수가 시작됩니다" in upcoming
    closed = client.get("/calls/past-1/").content.decode()
    assert "/apply/" not in closed and "마감된 공고" in closed


def test_an_unknown_call_is_404(client, db):
    assert client.get("/calls/1999-1/").status_code == 404


def test_grouping_at_the_boundary_moments(db):
    opens = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=SEOUL)
    closes = datetime.datetime(2026, 12, 15, 18, 0, tzinfo=SEOUL)
    call = CallFactory(opens_at=opens, closes_at=closes)
    second = datetime.timedelta(seconds=1)
    expected = [
        (opens - second, CallStatus.UPCOMING),
        (opens, CallStatus.OPEN),
        (closes - second, CallStatus.OPEN),
        (closes, CallStatus.CLOSED),
    ]
    for at, status in expected:
        assert call_status(call=call, at=at) == status, at
        assert call.is_open(at) == (status == CallStatus.OPEN)
        groups = call_list_public(at=at)
        assert [c.pk for c in getattr(groups, status)] == [call.pk], at


def test_list_page_groups_open_upcoming_and_closed_calls(client, db):
    now = timezone.now()
    CallFactory(code="2026-2", title_ko="지금 모집 중", opens_at=now - datetime.timedelta(seconds=1),
                closes_at=now + datetime.timedelta(days=3))
    CallFactory(code="2027-1", title_ko="다음 모집", opens_at=now + datetime.timedelta(days=30),
                closes_at=now + datetime.timedelta(days=60))
    CallFactory(code="2025-2", title_ko="지난 모집", opens_at=now - datetime.timedelta(days=60),
                closes_at=now - datetime.timedelta(seconds=1))

    html = client.get("/calls/").content.decode()
    open_section = html[html.index('data-testid="calls-open"'):html.index('id="upcoming-title"')]
    upcoming_section = html[html.index('data-testid="calls-upcoming"'):html.index('id="closed-title"')]
    closed_section = html[html.index('data-testid="calls-closed"'):]
    assert "지금 모집 중" in open_section and "다음 모집" not in open_section
    assert "다음 모집" in upcoming_section and "지난 모집" not in upcoming_section
    assert "지난 모집" in closed_section and "지금 모집 중" not in closed_section

    english_html = english(client).get("/calls/").content.decode()
    assert "Open now" in english_html and "Upcoming" in english_html and "Closed" in english_html


def test_list_page_says_when_nothing_is_open(client, db):
    html = client.get("/calls/").content.decode()
    assert "현재 모집 중인 공고가 없습니다." in html


def _call_with_related(code: str, n: int, building=None):
    kwargs = {"building": building} if building else {}
    call = CallFactory(code=code, **kwargs)
    unit_type = UnitTypeFactory()
    floor = FloorFactory(building=call.building)
    call.units_on_offer.set([UnitFactory(unit_type=unit_type, floor=floor) for _ in range(n)])
    for _ in range(n):
        CallFAQFactory(call=call)
        CallDocumentTypeFactory(call=call)
        EvaluationCriterionFactory(call=call)
        CallScheduleItemFactory(call=call)
    return call


# The calls' opening and closing moments and the notices' (helpdesk), once per version of the public data and worker.
MOMENTS_QUERIES = 2
LIST_QUERIES = 1
DETAIL_QUERIES = 7  # the call with its building, then documents, files, criteria, FAQ, schedule, units


def test_list_page_runs_the_same_queries_for_1_and_20_calls(client, db, django_assert_num_queries):
    _call_with_related("2026-1", 1)
    with django_assert_num_queries(MOMENTS_QUERIES + LIST_QUERIES):
        assert client.get("/calls/").status_code == 200
    for i in range(19):
        _call_with_related(f"2025-{i}", 1)
    with django_assert_num_queries(MOMENTS_QUERIES + LIST_QUERIES):
        html = client.get("/calls/").content.decode()
    assert html.count('data-testid="call-') == 20
    with django_assert_num_queries(0):  # nothing changed since: the content comes from the cache
        assert client.get("/calls/").content.decode().count('data-testid="call-') == 20


def test_call_page_runs_the_same_queries_for_1_and_20_of_everything(client, db, django_assert_num_queries):
    _call_with_related("2026-1", 1)
    _call_with_related("2026-2", 20)
    with django_assert_num_queries(MOMENTS_QUERIES + DETAIL_QUERIES):
        assert client.get("/calls/2026-1/").status_code == 200
    with django_assert_num_queries(DETAIL_QUERIES):
        html = client.get("/calls/2026-2/").content.decode()
    assert html.count("<summary") == 20
    with django_assert_num_queries(0):
        assert client.get("/calls/2026-2/").content.decode().count("<summary") == 20
