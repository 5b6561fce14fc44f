"""Template filters of calls: moments and dates in Korea time, written the Korean or English way."""

from django import template

from portal.formatting import format_kst, format_kst_date

register = template.Library()


@register.filter
def kst(value) -> str:
    return format_kst(value)


@register.filter
def kst_date(value) -> str:
    return format_kst_date(value)
