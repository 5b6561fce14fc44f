"""The one rule for showing money and dates: won amounts, bilingual fields in the active language,
moments and dates in Korea time, written the Korean or English way, and the date line of official
documents ("2026. 12. 1.").

Models, services, admin and documents import these functions from here; the template filters
(`won`, `amount`, `localized` in portal_tags, `kst`, `kst_date` in call_tags) are thin wrappers.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.utils import dateformat, translation
from django.utils.formats import number_format

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
KOREAN_WEEKDAYS = "월화수목금토일"


def _is_korean() -> bool:
    return (translation.get_language() or "ko").startswith("ko")


def format_won(value) -> str:
    """1234000 → '1,234,000원' in Korean, '₩1,234,000' in English."""
    if value is None or value == "":
        return ""
    amount = int(value)
    digits = number_format(abs(amount), decimal_pos=0, force_grouping=True)
    sign = "-" if amount < 0 else ""
    if _is_korean():
        return f"{sign}{digits}원"
    return f"{sign}₩{digits}"


def format_amount(value) -> str:
    """1234000 → '1,234,000': a won amount whose label already says won (a column "amount (won)")."""
    if value is None or value == "":
        return ""
    amount = int(value)
    digits = number_format(abs(amount), decimal_pos=0, force_grouping=True)
    return f"-{digits}" if amount < 0 else digits


def localized(obj, field: str) -> str:
    """`field`_en of `obj` in English when it is filled, else `field`_ko."""
    if obj is None:
        return ""
    if (translation.get_language() or "ko").startswith("en"):
        value = getattr(obj, f"{field}_en", "")
        if value:
            return value
    return getattr(obj, f"{field}_ko", "")


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


def format_official_date(value: datetime.date | datetime.datetime | None, language: str | None = None) -> str:
    """The date line of an official document: "2026. 12. 1." in Korean (행정업무규정 practice: year, month
    and day each followed by a dot, no zero padding), "1 December 2026" in English."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.astimezone(SEOUL).date()
    if (language or translation.get_language() or "ko").startswith("en"):
        with translation.override("en"):
            return f"{value.day} {dateformat.format(value, 'F Y')}"
    return f"{value.year}. {value.month}. {value.day}."


def format_kst(value: datetime.datetime | None) -> str:
    """A moment in Korea time: 2026년 12월 15일 (화) 18:00 KST / Dec 15, 2026 18:00 KST."""
    if value is None:
        return ""
    local = value.astimezone(SEOUL)
    if _is_korean():
        return f"{format_kst_date(local)} {local:%H:%M} KST"
    with translation.override("en"):
        return f"{dateformat.format(local, 'M j, Y')} {local:%H:%M} KST"


def format_month(value: datetime.date | None) -> str:
    """A calendar month: 2026년 3월 in Korean, Mar 2026 in English."""
    if value is None:
        return ""
    if _is_korean():
        return f"{value.year}년 {value.month}월"
    with translation.override("en"):
        return dateformat.format(value, "M Y")


def format_hours(value) -> str:
    """A number of hours with thousands separators and at most two decimals, trailing zeros dropped:
    1234.50 → '1,234.5', 720 → '720'."""
    if value is None or value == "":
        return ""
    text = f"{value:,.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_file_size(value) -> str:
    """A stored size in bytes as people read it: 12531 → '12.2 KB', 1048576 → '1.0 MB', 512 → '512 바이트' /
    '512 bytes' (Django's `filesizeformat`, which the pages' templates use, with a no-break space)."""
    from django.template.defaultfilters import filesizeformat

    if value is None or value == "":
        return ""
    return filesizeformat(value)
