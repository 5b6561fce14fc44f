"""The home page: the center, its unit types, the benefits and the open call with its deadline in Korea time."""

import datetime
import zoneinfo

from django.urls import reverse
from django.utils import timezone

from tests.factories import CallFactory, UnitFactory, UnitTypeFactory

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


def _deadline_in_three_weeks() -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(weeks=3)
    return datetime.datetime.combine(day, datetime.time(18, 0), tzinfo=SEOUL)


def test_home_keeps_its_name_and_address(db):
    assert reverse("portal:home") == "/"


def test_home_shows_the_open_call_with_its_deadline_and_a_link_to_apply(client, db):
    closes = _deadline_in_three_weeks()
    CallFactory(code="2026-1", title_ko="2026년 1차 입주기업 모집", title_en="Call for tenants 2026-1",
                opens_at=timezone.now() - datetime.timedelta(days=14), closes_at=closes)
    html = client.get("/").content.decode()
    assert "2026년 1차 입주기업 모집" in html
    weekday = "월화수목금토일"[closes.weekday()]
    assert f"{closes.year}년 {closes.month}월 {closes.day}일 ({weekday}) 18:00 KST" in html
    assert 'href="/apply/2026-1/"' in html
    assert 'href="/calls/2026-1/"' in html

    english = client.get("/", HTTP_COOKIE="portal_language=en").content.decode()
    assert "Call for tenants 2026-1" in english
    assert f"{closes:%b} {closes.day}, {closes.year} 18:00 KST" in english
    assert "Apply now" in english


def test_home_announces_an_upcoming_call_without_an_apply_link(client, db):
    CallFactory(code="2027-1", title_ko="2027년 1차 모집", opens_at=timezone.now() + datetime.timedelta(days=30))
    html = client.get("/").content.decode()
    assert "2027년 1차 모집" in html and "모집 예정" in html
    assert "/apply/" not in html


def test_home_without_calls_says_so(client, db):
    now = timezone.now()
    CallFactory(code="2025-2", title_ko="지난 모집", opens_at=now - datetime.timedelta(days=60),
                closes_at=now - datetime.timedelta(days=30))
    html = client.get("/").content.decode()
    assert "지난 모집" not in html
    assert "현재 모집 중인 공고가 없습니다." in html


def test_home_shows_the_unit_types_and_the_benefits(client, db):
    unit_type = UnitTypeFactory(code="56", area_pyeong=56, seats_min=36, seats_max=42)
    UnitFactory(unit_type=unit_type)
    html = client.get("/").content.decode()
    assert ">56<" in html and "185.1" in html and "36–42" in html
    assert "주변 시세의 약 5분의 1" in html


def test_home_runs_the_same_queries_with_one_or_many_calls(client, db, django_assert_num_queries):
    CallFactory(code="2026-1")
    # The calls' and notices' moments (once per version of the data), the call, unit types, the latest notices.
    with django_assert_num_queries(5):
        client.get("/")
    for i in range(10):
        CallFactory(code=f"2020-{i}")
    with django_assert_num_queries(5):
        client.get("/")
    with django_assert_num_queries(0):  # nothing changed since: the content comes from the cache
        client.get("/")
