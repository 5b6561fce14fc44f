"""Template filters of calls: moments and dates in Korea time, written the Korean or English way."""

import datetime
import zoneinfo

from django import template
from django.utils import dateformat, translation

register = template.Library()

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
KOREAN_WEEKDAYS = "월화수목금토일"


def _is_korean() -> bool:
    return (translation.get_language() or "ko").startswith("ko")


def format_kst_date(value: datetime.date | datetime.datetime | None) -> str:
    """2026년 12월 15일 (화) in Korean, Dec 15, 2026 (Tue) in English."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.astimezone(SEOUL).date()
    if _is_korean():
        return f"{value.year}년 {value.month}월 {value.day}일 ({KOREAN_WEEKDAYS[value.weekday()]})"
    with translation.override("en"):
        return dateformat.format(value, "M j, Y (D)")


def format_kst(value: datetime.datetime | None) -> str:
    """A moment in Korea time: 2026년 12월 15일 (화) 18:00 KST / Dec 15, 2026 18:00 KST."""
    if value is None:
        return ""
    local = value.astimezone(SEOUL)
    if _is_korean():
        return f"{format_kst_date(local)} {local:%H:%M} KST"
    with translation.override("en"):
        return f"{dateformat.format(local, 'M j, Y')} {local:%H:%M} KST"


@register.filter
def kst(value) -> str:
    return format_kst(value)


@register.filter
def kst_date(value) -> str:
    return format_kst_date(value)
