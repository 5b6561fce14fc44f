"""Pages measured as the data grows: the shared shape of the by-size benchmarks.

A by-size benchmark gives a seeder `(size) -> {"table": rows, ...}` that grows the data to each size,
and the pages to measure, each with the client (signed in or not) that opens it. Every page gets its
SQL query count, median time and SQL time per size; a query count that changes with the size is
reported as short of the goal. A page marked `raw_sql` also gets the statements it ran timed on
their own through a cursor (its "raw SQL"), and its time as a multiple of that.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .measure import profile_request
from .options import Options
from .report import Section
from .seed import analyze


@dataclass
class SizedPage:
    label: str
    path: str | Callable[[], str]  # a callable when the address depends on the seeded data
    client: Client
    raw_sql: bool = False  # also time the page's own statements run raw, and the page against them


def page_statements(client: Client, path: str) -> list[str]:
    """The SQL statements one request to `path` runs, as sent to PostgreSQL (parameters inlined)."""
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return [query["sql"] for query in captured.captured_queries]


def time_statements(statements: list[str], *, repeat: int) -> float:
    """Median time in milliseconds of running `statements` one after the other through a cursor,
    fetching every row (the database's share of the page, without Django around it)."""
    times = []
    with connection.cursor() as cursor:
        for round_ in range(repeat + 1):  # the first round warms the caches and is not counted
            start = time.perf_counter()
            for sql in statements:
                cursor.execute(sql)  # no parameters: the statement as captured, run as is
                if cursor.description is not None:
                    cursor.fetchall()
            if round_:
                times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


@dataclass
class PageFigures:
    queries: int
    median_ms: float
    sql_ms: float
    raw_sql_ms: float | None = None

    @property
    def times_raw(self) -> float:
        return self.median_ms / self.raw_sql_ms if self.raw_sql_ms else float("nan")


def pages_by_size(
    options: Options, *, key: str, title: str, seed: Callable[[int], dict[str, int]], pages: list[SizedPage],
    goal: str = "the same number of queries at every size", long: bool = False,
) -> Section:
    """Seed each size, measure each page. The table has a column per page and figure (`long=False`,
    the seeded counts as columns), or a row per size and page (`long=True`, the counts in a note)."""
    section = Section(key=key, title=title, goal=goal, columns=["rows"])
    measured: list[tuple[int, dict[str, int], dict[str, PageFigures]]] = []
    for size in options.sizes:
        counts = seed(size)
        analyze()
        figures = {}
        for page in pages:
            path = page.path() if callable(page.path) else page.path
            profile = profile_request(page.client, path, repeat=options.repeat)
            if profile.status != 200:
                section.shortfalls.append(f"{page.label} ({path}) answered {profile.status} at {size:,} rows")
            figures[page.label] = PageFigures(profile.queries, profile.median_ms, profile.sql_ms)
            if page.raw_sql:
                figures[page.label].raw_sql_ms = time_statements(page_statements(page.client, path),
                                                                 repeat=options.repeat)
        measured.append((size, counts, figures))

    raw_pages = [page.label for page in pages if page.raw_sql]
    if long:
        section.columns += ["page", "queries", "median ms", "SQL ms"]
        if raw_pages:
            section.columns += ["raw SQL ms", "× raw"]
        for size, _counts, figures in measured:
            for page in pages:
                f = figures[page.label]
                row = [size, page.label, f.queries, f.median_ms, f.sql_ms]
                if raw_pages:
                    row += [f.raw_sql_ms, f.times_raw] if page.raw_sql else ["", ""]
                section.rows.append(row)
        for size, counts, _figures in measured:
            section.notes.append(f"At {size:,} rows: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()) + ".")
    else:
        for size, counts, figures in measured:
            if len(section.columns) == 1:
                section.columns += list(counts)
                for page in pages:
                    section.columns += [f"{page.label} queries", f"{page.label} ms", f"{page.label} SQL ms"]
                    if page.raw_sql:
                        section.columns += [f"{page.label} raw SQL ms", f"{page.label} × raw"]
            row = [size, *counts.values()]
            for page in pages:
                f = figures[page.label]
                row += [f.queries, f.median_ms, f.sql_ms]
                if page.raw_sql:
                    row += [f.raw_sql_ms, f.times_raw]
            section.rows.append(row)

    for page in pages:
        series = [figures[page.label] for _size, _counts, figures in measured]
        counts = sorted({f.queries for f in series})
        if len(counts) > 1:
            section.shortfalls.append(f"{page.label}: the query count changes with the data: {counts}")
        if len(series) > 1:
            first, last = series[0], series[-1]
            section.notes.append(
                f"{page.label}: median time {first.median_ms:.1f} ms at {measured[0][0]:,} rows, "
                f"{last.median_ms:.1f} ms at {measured[-1][0]:,} ({last.median_ms / first.median_ms:.1f}×)."
            )
            if last.sql_ms > 3 * max(first.sql_ms, 1.0):
                section.notes.append(
                    f"{page.label}: SQL time grows with the data ({first.sql_ms:.1f} → {last.sql_ms:.1f} ms): "
                    "a query reads rows in proportion to the table, not to the page."
                )
    section.notes.append(
        f"Median of {options.repeat} requests per page and size through Django's test client in the runner's "
        "process (no network, no gunicorn), after a few warm-up requests; tables vacuumed and analysed after "
        "seeding, as autovacuum would."
    )
    if raw_pages:
        section.notes.append(
            "Raw SQL: the statements one request of the page ran (captured with CaptureQueriesContext, session "
            "and user included) run again one after the other through a cursor, every row fetched; median of "
            f"{options.repeat} rounds. × raw is the page's median time over that: what Django adds around its SQL."
        )
    return section
