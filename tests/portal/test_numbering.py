"""The one gap-free counter of numbered documents: consecutive per series and year, never twice,
no gap after a rollback, also when many take numbers at once."""

import threading

import pytest
from django.db import connections, transaction

from portal.models import NumberCounter
from portal.numbering import number_counter_raise, number_last, number_take


def _take(series, year=0):
    with transaction.atomic():
        return number_take(series=series, year=year)


@pytest.mark.django_db
def test_numbers_follow_each_other_per_series_and_year():
    assert [_take("test:a", 2026) for _ in range(3)] == [1, 2, 3]
    assert _take("test:a", 2027) == 1  # a new year starts again
    assert _take("test:b", 2026) == 1  # another series has its own numbers
    assert _take("test:c") == 1 and number_last(series="test:c") == 1
    assert number_last(series="test:a", year=2026) == 3 and number_last(series="test:none") == 0


@pytest.mark.django_db
def test_a_rolled_back_number_is_given_again():
    _take("test:rollback")

    class Refused(Exception):
        pass

    with pytest.raises(Refused), transaction.atomic():
        assert number_take(series="test:rollback") == 2
        raise Refused
    assert _take("test:rollback") == 2


@pytest.mark.django_db
def test_a_seeded_series_goes_on_after_the_numbers_given_before():
    number_counter_raise(series="test:seed", year=2026, at_least=41)
    number_counter_raise(series="test:seed", year=2026, at_least=7)  # never lowers it
    assert _take("test:seed", 2026) == 42


@pytest.mark.django_db(transaction=True)
def test_concurrent_takers_get_every_number_once_without_gaps():
    takers, barrier, numbers, errors = 8, threading.Barrier(8), [], []

    def take(index):
        try:
            barrier.wait()
            with transaction.atomic():
                number = number_take(series="test:race", year=2026)
                if index == 0:
                    raise ValueError("refused after taking")  # rolled back: its number is given again
                numbers.append(number)
        except ValueError:
            pass
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take, args=(i,)) for i in range(takers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert sorted(numbers) == list(range(1, takers))
    assert NumberCounter.objects.get(series="test:race", year=2026).last == takers - 1
