"""One way to write each kind of value, in Korean and in English: dates, moments, periods, months, half-years,
areas, money and registration numbers (portal/formatting.py), and Django's own date formats following it."""

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

from portal import formatting as f

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
MOMENT = dt.datetime(2026, 12, 5, 4, 53, tzinfo=dt.UTC)  # 13:53 in Seoul


@pytest.mark.parametrize(("write", "value", "korean", "english"), [
    (f.format_kst_date, dt.date(2026, 10, 7), "2026년 10월 7일 (수)", "Oct 7, 2026 (Wed)"),
    (f.format_kst_date, "2026-10-07", "2026년 10월 7일 (수)", "Oct 7, 2026 (Wed)"),
    (f.format_kst_date, MOMENT, "2026년 12월 5일 (토)", "Dec 5, 2026 (Sat)"),
    (f.format_kst, MOMENT, "2026년 12월 5일 (토) 13:53 KST", "Dec 5, 2026 13:53 KST"),
    (f.format_kst, "2026-12-05T13:53:00+09:00", "2026년 12월 5일 (토) 13:53 KST", "Dec 5, 2026 13:53 KST"),
    (f.format_kst, "2026-12-05 13:53", "2026년 12월 5일 (토) 13:53 KST", "Dec 5, 2026 13:53 KST"),
    (f.format_month, dt.date(2026, 3, 1), "2026년 3월", "Mar 2026"),
    (f.format_area, Decimal("84.5"), "84.50㎡", "84.50\u00a0m²"),
    (f.format_area, Decimal("109.0909"), "109.09㎡", "109.09\u00a0m²"),
    (f.format_won, 1_234_000, "1,234,000원", "₩1,234,000"),
    (f.format_business_number, "1234567890", "123-45-67890", "123-45-67890"),
    (f.format_corporate_number, "1101111234567", "110111-1234567", "110111-1234567"),
])
def test_each_kind_is_written_one_way_in_each_language(write, value, korean, english):
    with translation.override("ko"):
        assert write(value) == korean
    with translation.override("en"):
        assert write(value) == english


def test_a_period_names_both_ends_and_the_year_once_in_english_when_it_is_shared():
    first, last = dt.date(2026, 1, 1), dt.date(2026, 6, 30)
    with translation.override("ko"):
        assert f.format_period(first, last) == "2026년 1월 1일 ~ 2026년 6월 30일"
        assert f.format_period(dt.date(2025, 12, 1), last) == "2025년 12월 1일 ~ 2026년 6월 30일"
        assert f.format_period(first, None) == "2026년 1월 1일 ~"
    with translation.override("en"):
        assert f.format_period(first, last) == "Jan 1 – Jun 30, 2026"
        assert f.format_period(dt.date(2025, 12, 1), last) == "Dec 1, 2025 – Jun 30, 2026"


def test_a_half_year_reads_as_sangbangi_or_h1():
    with translation.override("ko"):
        assert (f.format_half_year(2026, 1), f.format_half_year(2026, 2)) == ("2026년 상반기", "2026년 하반기")
    with translation.override("en"):
        assert (f.format_half_year(2026, 1), f.format_half_year(2026, 2)) == ("H1 2026", "H2 2026")


def test_the_template_filters_write_by_the_same_rule():
    template = Template(
        "{% load portal_tags %}{{ start|period:end }}|{{ year|half_year:half }}|{{ m2|area }}|{{ brn|brn }}|"
        "{{ crn|crn }}|{{ day|kst_date }}|{{ moment|kst }}|{{ day|official_date }}")
    context = Context({"start": dt.date(2026, 1, 1), "end": dt.date(2026, 6, 30), "year": 2026, "half": 1,
                       "m2": Decimal("84.5"), "brn": "1234567890", "crn": "1101111234567",
                       "day": dt.date(2026, 12, 1), "moment": MOMENT})
    with translation.override("ko"):
        assert template.render(context) == (
            "2026년 1월 1일 ~ 2026년 6월 30일|2026년 상반기|84.50㎡|123-45-67890|110111-1234567|2026년 12월 1일 (화)|"
            "2026년 12월 5일 (토) 13:53 KST|2026. 12. 1.")
    with translation.override("en"):
        assert template.render(context) == (
            "Jan 1 – Jun 30, 2026|H1 2026|84.50\u00a0m²|123-45-67890|110111-1234567|Dec 1, 2026 (Tue)|"
            "Dec 5, 2026 13:53 KST|1 December 2026")


def test_djangos_own_formats_follow_the_rule_with_a_24_hour_clock_and_no_am_pm():
    local = MOMENT.astimezone(SEOUL)
    with translation.override("ko"):
        assert date_format(local.date()) == "2026년 12월 5일 (토)"
        assert date_format(local, "DATETIME_FORMAT") == "2026년 12월 5일 (토) 13:53 KST"
        assert "오후" not in date_format(local, "TIME_FORMAT")
        assert "토요일" not in date_format(local.date(), "Y-m-d (D)")
    with translation.override("en"):
        assert date_format(local.date()) == "Dec 5, 2026 (Sat)"
        assert date_format(local, "DATETIME_FORMAT") == "Dec 5, 2026 13:53 KST"


def test_a_notices_iso_dates_are_written_in_the_readers_language_and_other_values_stay():
    context = {"due_date": "2026-10-07", "respond_by": "2026-12-05 13:55", "number": "2026-0001", "days": 3}
    with translation.override("ko"):
        written = f.format_context_dates(context)
    assert written == {"due_date": "2026년 10월 7일 (수)", "respond_by": "2026년 12월 5일 (토) 13:55 KST",
                       "number": "2026-0001", "days": 3}
    with translation.override("en"):
        assert f.format_context_dates(context)["due_date"] == "Oct 7, 2026 (Wed)"


def test_the_center_has_one_name_per_language(settings):
    settings.PORTAL_CENTER_NAME_KO, settings.PORTAL_CENTER_NAME_EN = "서초AICT 우수기업센터", "Seocho AICT Center"
    assert f.center_name("ko") == "서초AICT 우수기업센터" and f.center_name("en") == "Seocho AICT Center"
    with translation.override("en"):
        assert f.center_name() == "Seocho AICT Center"
