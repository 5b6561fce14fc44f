"""The application lists and the pages around them as applications grow from 10 to 100,000."""

from __future__ import annotations

import io
import time

from .options import Options
from .report import Section

RAW_GOAL = 3.0  # the admin list at the largest size: at most this multiple of its own raw SQL
GROWTH_GOAL = 1.5  # ... and at most this multiple of its own time at 1,000 rows
REFERENCE_SIZE = 1_000


def application_lists_by_size(options: Options) -> Section:
    """SQL queries and median time of the applicant's dashboard, a call page, the admin's application list
    and change page, the evaluator's list and the tenant directory, as applications and companies grow."""
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from applications.demo import OPEN_CALL

    from . import seed
    from .sizes import SizedPage, pages_by_size

    call_command("seed_demo", stdout=io.StringIO())  # the call page shows the demo's open call
    people = seed._list_people()
    clients = {}
    for name in ("applicant", "staff", "evaluator"):
        clients[name] = Client()
        clients[name].force_login(getattr(people, name))
    seconds: dict[int, float] = {}
    worklist: dict[int, int] = {}

    def grow(size: int) -> dict[str, int]:
        start = time.monotonic()
        counts = seed.seed_applications(size)
        counts["companies listed"] = seed.seed_companies(size)
        seconds[size] = time.monotonic() - start
        worklist[size] = counts["evaluator's rows"]
        return counts

    admin_list = "admin list"
    section = pages_by_size(
        options, key="list-sizes", long=True, seed=grow,
        title="Application lists: SQL queries and median time from 10 to 100,000 applications",
        goal=(f"the same query count at every size; the admin list at the largest size within {RAW_GOAL:g}× its "
              f"raw SQL and within {GROWTH_GOAL:g}× its own time at {REFERENCE_SIZE:,} rows"),
        pages=[
            SizedPage("applicant dashboard", reverse("applications:dashboard"), clients["applicant"]),
            SizedPage("call page", reverse("applications:call_detail", args=[OPEN_CALL]), Client()),
            SizedPage(admin_list, reverse("admin:applications_application_changelist"), clients["staff"],
                      raw_sql=True),
            SizedPage("admin change page",
                      lambda: reverse("admin:applications_application_change", args=[seed.measured_application_id()]),
                      clients["staff"]),
            SizedPage("evaluator's list", reverse("evaluations:home"), clients["evaluator"]),
            SizedPage("tenant directory", reverse("tenants:directory"), Client()),
        ],
    )
    _admin_list_goals(section, admin_list)
    section.notes += [
        "Seeding (bench/seed.py, COPY with ids taken from the sequences; each size adds only what is "
        "missing): " + ", ".join(f"{s:.1f} s to {size:,}" for size, s in seconds.items()) + ".",
        f"Data: ten calls. The current one, in evaluation, takes the first {seed.CURRENT_CALL_SIZE:,} "
        "applications (three in ten in stage 1); the nine past ones, decided, take the rest in turn. Every "
        "submitted application has its business plan; evaluated ones the committee's scorecards (three "
        "evaluators, per stage). Tenant companies grow with the size, nine in ten published.",
        "The evaluator sits, as a real one does, on the stage-1 committee of every call (ten assignments), "
        "but only the current call is in stage 1: their list is that call's stage-1 applications ("
        + ", ".join(f"{rows:,} at {size:,}" for size, rows in worklist.items())
        + ") however many past applications the table holds, each with their own declaration and scorecard "
        "(declared on three in four, scored one in four). The page is not paginated: it lists the whole "
        "worklist, so its time follows the worklist, not the table.",
        "The applicant's dashboard and the change page are those of one applicant with two applications (one "
        "in stage 1 with seven documents, status changes, three scorecards and messages; one not selected); "
        "the call page is the demo's open call; the admin list is its first page of 100, newest first.",
    ]
    return section


def _admin_list_goals(section: Section, label: str) -> None:
    """Add the admin list's time as a multiple of its time at 1,000 rows, and what falls short."""
    columns = section.columns
    page, size, total, times_raw = (columns.index(name) for name in ("page", "rows", "median ms", "× raw"))
    rows = [row for row in section.rows if row[page] == label]
    reference = next((row for row in rows if row[size] == REFERENCE_SIZE), rows[0])
    section.columns.append(f"÷ {reference[size]:,}-row time")
    for row in section.rows:
        row.append(row[total] / reference[total] if row[page] == label else "")
    last = rows[-1]
    if last[times_raw] > RAW_GOAL:
        section.shortfalls.append(
            f"{label} at {last[size]:,} rows takes {last[times_raw]:.1f}× its raw SQL "
            f"({last[total]:.1f} ms against {last[times_raw] and last[total] / last[times_raw]:.1f} ms; "
            f"goal ≤ {RAW_GOAL:g}×)"
        )
    growth = last[total] / reference[total]
    if growth > GROWTH_GOAL:
        section.shortfalls.append(
            f"{label} at {last[size]:,} rows takes {growth:.2f}× its time at {reference[size]:,} rows "
            f"({last[total]:.1f} against {reference[total]:.1f} ms; goal ≤ {GROWTH_GOAL:g}×)"
        )
