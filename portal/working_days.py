"""Working days (영업일) as a Korean public office counts them: Monday to Friday, except the public
holidays of the 관공서의 공휴일에 관한 규정 (from the `holidays` package, substitute holidays included)
and the extra closures staff record in the admin (`portal.models.Closure`: a temporary holiday
declared after the package was released, an election day, an office closure).

Every deadline counted "in working days" (a 민원's processing period, an inquiry's due date, a
privacy request's ten days) goes through `working_day_add`.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache


@lru_cache(maxsize=32)
def _public_holidays(year: int) -> frozenset[dt.date]:
    import holidays  # imported where used: processes that count no deadline (the month's run) stay without it

    return frozenset(holidays.KR(years=year, categories=(holidays.PUBLIC,)).keys())


def _closures(start: dt.date, end: dt.date) -> set[dt.date]:
    from .models import Closure

    return set(Closure.objects.filter(date__range=(start, end)).values_list("date", flat=True))


def holiday_name(day: dt.date, *, language: str = "ko") -> str:
    """The public holiday's name on `day` ("" when it is none), in Korean or English."""
    import holidays

    names = holidays.KR(years=day.year, categories=(holidays.PUBLIC,), language="ko" if language == "ko" else "en_US")
    return names.get(day, "")


def is_working_day(day: dt.date, *, closures: set[dt.date] | None = None) -> bool:
    if day.weekday() >= 5 or day in _public_holidays(day.year):
        return False
    if closures is None:
        closures = _closures(day, day)
    return day not in closures


def working_day_add(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (the day of receipt is not counted, as the
    민원처리법 counts periods in days: 「민원 처리에 관한 법률 시행령」 §19). With `days=0`, `start`
    itself when it is a working day, else the next working day."""
    if days < 0:
        raise ValueError("days must not be negative")
    # At most ~2.5 calendar days per working day even around Chuseok and Seollal.
    closures = _closures(start, start + dt.timedelta(days=days * 3 + 15))
    day = start
    if days == 0:
        while not is_working_day(day, closures=closures):
            day += dt.timedelta(days=1)
        return day
    remaining = days
    while remaining:
        day += dt.timedelta(days=1)
        if is_working_day(day, closures=closures):
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (0 when `end` is not after `start`)."""
    if end <= start:
        return 0
    closures = _closures(start, end)
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day, closures=closures):
            count += 1
    return count
