"""Template filters and tags: won amounts, hours, months, bilingual fields in the active language, fixed URLs."""

import functools

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from portal import formatting
from portal.formatting import format_amount, format_won

register = template.Library()


@register.simple_tag
def fixed_url(name: str) -> str:
    """`{% url name %}` for a URL without arguments, reversed once per URLconf and script prefix.

    base.html names about ten such URLs on every page; reversing each anew took a fifth of a public
    page's time in Django (bench/run.py --only pages).
    """
    return _reversed(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), name)


@functools.lru_cache(maxsize=256)
def _reversed(urlconf, _prefix: str, name: str) -> str:
    return reverse(name, urlconf=urlconf)


@register.filter
def file_name(field) -> str:
    """The name a form's file field shows for the current file: the name it was uploaded under, kept in the
    model's `<field>_name` (files are stored under generated names), else the stored file's last part."""
    original = getattr(getattr(field.form, "instance", None), f"{field.name}_name", "")
    return original or str(getattr(field.value(), "name", "") or "").rsplit("/", 1)[-1]


@register.filter
def won(value) -> str:
    return format_won(value)


@register.filter
def amount(value) -> str:
    return format_amount(value)


@register.filter
def hours(value) -> str:
    return formatting.format_hours(value)


@register.filter
def month(value) -> str:
    return formatting.format_month(value)


@register.filter
def kst(value) -> str:
    """A moment: 2026년 12월 5일 (토) 13:53 KST / Dec 5, 2026 13:53 KST."""
    return formatting.format_kst(value)


@register.filter
def kst_date(value) -> str:
    """A date: 2026년 12월 5일 (토) / Dec 5, 2026 (Sat)."""
    return formatting.format_kst_date(value)


@register.filter
def kst_range(start, end) -> str:
    """`{{ booking.starts_at|kst_range:booking.ends_at }}`: 2026년 12월 5일 (토) 10:00–11:00 KST."""
    return formatting.format_kst_range(start, end)


@register.filter
def official_date(value) -> str:
    """The date line of an official notice: 2026. 12. 1. / 1 December 2026."""
    return formatting.format_official_date(value)


@register.filter
def period(start, end) -> str:
    """`{{ lease.start_date|period:lease.end_date }}`: 2026년 1월 1일 ~ 2026년 6월 30일."""
    return formatting.format_period(start, end)


@register.filter
def half_year(year, half) -> str:
    """`{{ report.year|half_year:report.half }}`: 2026년 상반기 / H1 2026."""
    return formatting.format_half_year(year, half)


@register.filter
def area(value) -> str:
    return formatting.format_area(value)


@register.filter
def brn(value) -> str:
    return formatting.format_business_number(value)


@register.filter
def crn(value) -> str:
    return formatting.format_corporate_number(value)


@register.filter
def localized(obj, field: str) -> str:
    """`obj|localized:"title"` gives title_en in English when it is filled, else title_ko."""
    return formatting.localized(obj, field)
