"""Deadlines counted in working days skip weekends, Korean public holidays (substitutes included)
and the closures staff record."""

import datetime as dt

import pytest

from portal.models import Closure
from portal.working_days import holiday_name, is_working_day, working_day_add, working_days_between

pytestmark = pytest.mark.django_db


def test_ten_working_days_from_just_before_chuseok_2026():
    # Received Wednesday 23 Sep 2026; 24–26 Sep is Chuseok, 3 Oct (Sat) 개천절 has its substitute on
    # Monday 5 Oct, and 9 Oct is 한글날: 28, 29, 30 Sep, 1, 2, 6, 7, 8, 12, 13 Oct.
    received = dt.date(2026, 9, 23)
    assert working_day_add(received, 1) == dt.date(2026, 9, 28)
    assert working_day_add(received, 10) == dt.date(2026, 10, 13)
    assert working_days_between(received, dt.date(2026, 10, 13)) == 10


def test_weekend_and_substitute_holiday_are_not_working_days():
    assert not is_working_day(dt.date(2026, 12, 5))  # Saturday
    assert not is_working_day(dt.date(2026, 3, 2))  # 삼일절 대체 휴일
    assert holiday_name(dt.date(2026, 3, 2)).startswith("삼일절")
    assert is_working_day(dt.date(2026, 12, 7))


def test_a_closure_staff_record_is_skipped():
    assert working_day_add(dt.date(2026, 12, 4), 1) == dt.date(2026, 12, 7)
    Closure.objects.create(date=dt.date(2026, 12, 7), name="임시공휴일")
    assert working_day_add(dt.date(2026, 12, 4), 1) == dt.date(2026, 12, 8)
    assert working_day_add(dt.date(2026, 12, 5), 0) == dt.date(2026, 12, 8)
