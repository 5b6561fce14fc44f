"""The one gap-free counter of numbered documents (receipt, invoice and document numbers).

A series is a name its app chooses (`billing:INV:12`, `exemption:3`, `call-receipt:7`) and a year
(0 for a series that never restarts). `number_take` inserts the counter row if it is missing, locks
it and adds one, in the caller's transaction (on PostgreSQL one `INSERT ... ON CONFLICT DO UPDATE`,
which locks the row as `SELECT ... FOR UPDATE` would; elsewhere the row is inserted if missing, then
selected for update and saved): two callers never get the same number, the second
waits until the first commits, and a rolled-back caller leaves no gap. Take the number last in the
transaction, so the row stays locked only for the few writes that follow. The app formats the
number (`INV-2026-12-0001`; an official document's with `official_number`, `제2026-0001호`); the
counter knows only integers.
"""

from __future__ import annotations

from django.db import connection, transaction

from .models import NumberCounter


def number_take(*, series: str, year: int = 0) -> int:
    """The next number of the series and year, locked until the caller's transaction ends."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("number_take must run inside the transaction that stores the number")
    if connection.vendor == "postgresql":
        table = NumberCounter._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (series, year, last) VALUES (%s, %s, 1) "  # noqa: S608 (table name)
                f"ON CONFLICT (series, year) DO UPDATE SET last = {table}.last + 1 RETURNING last",
                [series, year],
            )
            (last,) = cursor.fetchone()
        return last
    NumberCounter.objects.bulk_create([NumberCounter(series=series, year=year, last=0)], ignore_conflicts=True)
    counter = NumberCounter.objects.select_for_update().get(series=series, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def official_number(*, year: int, sequence: int) -> str:
    """A number as the district's official documents print it: "제2026-0001호"."""
    return f"제{year}-{sequence:04d}호"


def number_last(*, series: str, year: int = 0) -> int:
    """The last number given in the series and year (0 when none was)."""
    return NumberCounter.objects.filter(series=series, year=year).values_list("last", flat=True).first() or 0


def number_counter_raise(*, series: str, year: int = 0, at_least: int) -> None:
    """Make sure the series goes on after `at_least` (seeding from numbers given before the counter)."""
    NumberCounter.objects.bulk_create([NumberCounter(series=series, year=year, last=0)], ignore_conflicts=True)
    NumberCounter.objects.filter(series=series, year=year, last__lt=at_least).update(last=at_least)
