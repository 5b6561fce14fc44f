"""Pages measured as the data grows: the shared shape of the by-size benchmarks.

A by-size benchmark gives a seeder `(size) -> {"table": rows, ...}` that grows the data to each size,
and the pages to measure, each with the client (signed in or not) that opens it. Every page gets its
SQL query count, median time and SQL time per size; a query count that changes with the size is
reported as short of the goal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.test import Client

from .measure import profile_request
from .options import Options
from .report import Section
from .seed import analyze


@dataclass
class SizedPage:
    label: str
    path: str | Callable[[], str]  # a callable when the address depends on the seeded data
    client: Client


def pages_by_size(
    options: Options, *, key: str, title: str, seed: Callable[[int], dict[str, int]], pages: list[SizedPage],
) -> Section:
    section = Section(key=key, title=title, goal="the same number of queries at every size", columns=["rows"])
    for size in options.sizes:
        counts = seed(size)
        analyze()
        if len(section.columns) == 1:
            section.columns += list(counts)
            for page in pages:
                section.columns += [f"{page.label} queries", f"{page.label} ms", f"{page.label} SQL ms"]
        row: list = [size, *counts.values()]
        for page in pages:
            path = page.path() if callable(page.path) else page.path
            profile = profile_request(page.client, path, repeat=options.repeat)
            if profile.status != 200:
                section.shortfalls.append(f"{page.label} ({path}) answered {profile.status} at {size:,} rows")
            row += [profile.queries, profile.median_ms, profile.sql_ms]
        section.rows.append(row)

    first_page_column = len(section.columns) - 3 * len(pages)
    for index, page in enumerate(pages):
        queries, total, sql = (first_page_column + 3 * index + offset for offset in range(3))
        counts = sorted({row[queries] for row in section.rows})
        if len(counts) > 1:
            section.shortfalls.append(f"{page.label}: the query count changes with the data: {counts}")
        if len(section.rows) > 1:
            first, last = section.rows[0], section.rows[-1]
            section.notes.append(
                f"{page.label}: median time {first[total]:.1f} ms at {first[0]:,} rows, "
                f"{last[total]:.1f} ms at {last[0]:,} ({last[total] / first[total]:.1f}×)."
            )
            if last[sql] > 3 * max(first[sql], 1.0):
                section.notes.append(
                    f"{page.label}: SQL time grows with the data ({first[sql]:.1f} → {last[sql]:.1f} ms): "
                    "a query reads rows in proportion to the table, not to the page."
                )
    section.notes.append(
        f"Median of {options.repeat} requests per page and size through Django's test client in the runner's "
        "process (no network, no gunicorn), after a few warm-up requests; tables analysed after seeding."
    )
    return section
