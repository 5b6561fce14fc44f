"""The one rule for showing money, dates and figures: won amounts, bilingual fields in the active
language, moments, dates and periods in Korea time, half-years, areas in ㎡, registration numbers,
written the Korean or English way, and the date line of official documents ("2026. 12. 1.").

| kind       | Korean                                  | English                          |
|------------|-----------------------------------------|----------------------------------|
| date       | 2026년 12월 5일 (토)                    | Dec 5, 2026 (Sat)                |
| date-time  | 2026년 12월 5일 (토) 13:53 KST          | Dec 5, 2026 13:53 KST            |
| period     | 2026년 1월 1일 ~ 2026년 6월 30일        | Jan 1 – Jun 30, 2026             |
| month      | 2026년 3월                              | Mar 2026                         |
| half-year  | 2026년 상반기                           | H1 2026                          |
| area       | 84.50㎡                                 | 84.50 m²                         |
| money      | 1,234,000원                             | ₩1,234,000                       |
| 사업자등록번호 / 법인등록번호 | 123-45-67890 / 110111-1234567 | the same                   |

Pages, e-mails, PDFs and the admin import these functions from here; the template filters (`won`,
`amount`, `localized`, `period`, `half_year`, `area`, `brn`, `crn` in portal_tags, `kst`, `kst_date`
in call_tags) are thin wrappers, and the notification e-mails write the ISO dates of their context
with them (`format_context_dates`). Django's own `DATE_FORMAT`s (portal/locale_formats) follow the
same rule for the admin's lists. A machine-read export keeps ISO dates.
"""

from __future__ import annotations

import datetime
import re
import zoneinfo
from decimal import Decimal

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


def center_name(language: str | None = None) -> str:
    """The center's one name (settings PORTAL_CENTER_NAME_KO / _EN) in the given or active language."""
    from django.conf import settings

    english = (language or translation.get_language() or "ko").startswith("en")
    return settings.PORTAL_CENTER_NAME_EN if english else settings.PORTAL_CENTER_NAME_KO


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
    """2026년 12월 15일 (화) in Korean, Dec 15, 2026 (Tue) in English (an ISO string is read first)."""
    value = _as_date(value)
    if value is None:
        return ""
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
    """A moment in Korea time: 2026년 12월 15일 (화) 18:00 KST / Dec 15, 2026 18:00 KST (an ISO string is
    read first; a moment without an offset is taken as Korea time)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = parse_iso(value)
        if not isinstance(value, datetime.datetime):
            return format_kst_date(value) if isinstance(value, datetime.date) else value
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return format_kst_date(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=SEOUL)
    local = value.astimezone(SEOUL)
    if _is_korean():
        return f"{format_kst_date(local)} {local:%H:%M} KST"
    with translation.override("en"):
        return f"{dateformat.format(local, 'M j, Y')} {local:%H:%M} KST"


def format_kst_range(start: datetime.datetime | None, end: datetime.datetime | None) -> str:
    """Two moments of one day, as a booking: 2026년 12월 5일 (토) 10:00–11:00 KST / Dec 5, 2026 10:00–11:00 KST
    (ends on another day are written in full on both sides)."""
    if start is None or end is None:
        return format_kst(start or end)
    first, last = start.astimezone(SEOUL), end.astimezone(SEOUL)
    if first.date() != last.date():
        return f"{format_kst(first)} – {format_kst(last)}"
    return format_kst(first).replace(" KST", f"–{last:%H:%M} KST")


def format_month(value: datetime.date | None) -> str:
    """A calendar month: 2026년 3월 in Korean, Mar 2026 in English."""
    value = _as_date(value)
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


def _as_date(value) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = parse_iso(value)
        if isinstance(value, str):  # not an ISO date: nothing to write
            return None
    if isinstance(value, datetime.datetime):
        return value.astimezone(SEOUL).date() if value.tzinfo else value.date()
    return value


def format_period(start, end) -> str:
    """A span of days, both ends included: 2026년 1월 1일 ~ 2026년 6월 30일 in Korean; Jan 1 – Jun 30, 2026
    in English (the year once when both ends share it). An open end stays open: "2026년 1월 1일 ~"."""
    start, end = _as_date(start), _as_date(end)
    if start is None and end is None:
        return ""
    if _is_korean():
        first = f"{start.year}년 {start.month}월 {start.day}일" if start else ""
        last = f"{end.year}년 {end.month}월 {end.day}일" if end else ""
        return f"{first} ~ {last}".strip()
    with translation.override("en"):
        if start and end and start.year == end.year:
            return f"{dateformat.format(start, 'M j')} – {dateformat.format(end, 'M j, Y')}"
        first = dateformat.format(start, "M j, Y") if start else ""
        last = dateformat.format(end, "M j, Y") if end else ""
        return f"{first} – {last}".strip()


def format_half_year(year, half) -> str:
    """A half of a year (1 = January–June, 2 = July–December): 2026년 상반기 / H1 2026."""
    if year in (None, "") or half in (None, ""):
        return ""
    if _is_korean():
        return f"{year}년 {'상반기' if int(half) == 1 else '하반기'}"
    return f"H{int(half)} {year}"


AREA_DECIMALS = 2


def format_area(value) -> str:
    """An area in square metres with two decimals: 84.5 → '84.50㎡' in Korean, '84.50 m²' in English."""
    if value is None or value == "":
        return ""
    text = f"{Decimal(str(value)):,.{AREA_DECIMALS}f}"
    return f"{text}㎡" if _is_korean() else f"{text}\u00a0m²"


def format_business_number(value) -> str:
    """사업자등록번호 as written: 123-45-67890 (a value without ten digits is shown as it is)."""
    from portal.validators import format_business_registration_number

    return format_business_registration_number(value or "") if value else ""


def format_corporate_number(value) -> str:
    """법인등록번호 as written, like the business number: 110111-1234567."""
    from portal.validators import format_corporate_registration_number

    return format_corporate_registration_number(value or "") if value else ""


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?$")


def parse_iso(value: str) -> datetime.date | datetime.datetime | str:
    """An ISO date ('2026-10-07') as a date, an ISO moment as an aware datetime (Korea time when it
    carries no offset), anything else unchanged."""
    if _ISO_DATE.match(value):
        return datetime.date.fromisoformat(value)
    if _ISO_MOMENT.match(value):
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        return moment if moment.tzinfo else moment.replace(tzinfo=SEOUL)
    return value


def format_context_dates(context: dict) -> dict:
    """A notification's stored context with its ISO dates and moments written by the rule in the active
    language (the context keeps them ISO, so one notice renders in either language)."""
    written = {}
    for key, value in context.items():
        if isinstance(value, str):
            parsed = parse_iso(value)
            if isinstance(parsed, datetime.datetime):
                value = format_kst(parsed)
            elif isinstance(parsed, datetime.date):
                value = format_kst_date(parsed)
        written[key] = value
    return written
