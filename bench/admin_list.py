#!/usr/bin/env python
"""The staff's application list in the admin at 100,000 applications: its median time against its own SQL
run raw, its query count, and (with --profile) where the rest of the time goes.

    .venv/bin/python bench/admin_list.py [--size 100000] [--profile] [--keep-db]

Its own database (yp_admin_list_bench, BENCH_DATABASE_URL sets another), seeded as bench/lists.py seeds
(bench/seed.py). Goal: the first page of 100, newest first, within 3× its raw SQL.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.options import Options  # noqa: E402

RAW_GOAL = 3.0
PAGES = {
    "first page": "",
    "filtered by call and status": "?call__id__exact={call}&status__exact=submitted",
    "searched": "?q=Bench",
    "by stage 1 score": "?o=6",
}


@contextmanager
def django_rows(on: bool):
    """Measure the list as it was: Django's own rows, every column loaded (the same run, the same load)."""
    if not on:
        yield
        return
    from django.contrib.admin.templatetags.admin_list import results

    from evaluations.admin import ApplicationAdmin
    from portal.templatetags import portal_admin

    fields, fast = ApplicationAdmin.list_only_fields, portal_admin.fast_results
    ApplicationAdmin.list_only_fields, portal_admin.fast_results = None, results
    try:
        yield
    finally:
        ApplicationAdmin.list_only_fields, portal_admin.fast_results = fields, fast


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--profile", action="store_true", help="print the 25 costliest functions of one page")
    parser.add_argument("--keep-db", action="store_true", help="reuse the seeded database")
    args = parser.parse_args(argv)
    os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/yp_admin_list_bench")
    os.environ.setdefault("BENCH_STATIC_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")
    options = Options(repeat=args.repeat)

    from bench.run import prepare_database, setup_django

    prepare_database(options.database_url, fresh=not args.keep_db)
    setup_django(options)

    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from applications.models import Call
    from bench import seed
    from bench.measure import profile_request
    from bench.sizes import page_statements, time_statements

    call_command("seed_demo", stdout=io.StringIO())
    people = seed._list_people()
    counts = seed.seed_applications(args.size)
    seed.analyze()
    client = Client()
    client.force_login(people.staff)
    base = reverse("admin:applications_application_changelist")
    call = Call.objects.order_by("-opens_at").first()
    print(f"Seeded: {counts}")
    print(f"{'page':48} {'status':>6} {'queries':>7} {'median ms':>9} {'SQL ms':>7} {'raw SQL ms':>10} {'× raw':>6}")
    worst = 0.0
    for label, query in PAGES.items():
        path = base + query.format(call=call.pk)
        for rows in ("portal's rows", "Django's rows"):
            with django_rows(rows == "Django's rows"):
                profile = profile_request(client, path, repeat=args.repeat)
                raw = time_statements(page_statements(client, path), repeat=args.repeat)
            ratio = profile.median_ms / raw if raw else float("nan")
            if label == "first page" and rows == "portal's rows":
                worst = max(worst, ratio)
            print(f"{label + ', ' + rows:48} {profile.status:>6} {profile.queries:>7} {profile.median_ms:>9.1f} "
                  f"{profile.sql_ms:>7.1f} {raw:>10.1f} {ratio:>6.2f}")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(10):
            client.get(base)
        profiler.disable()
        stats = io.StringIO()
        profiler.dump_stats(str(ROOT / "var" / "admin_list.prof"))
        pstats.Stats(profiler, stream=stats).sort_stats("tottime").print_stats(30)
        print(stats.getvalue())
    print(f"First page: {worst:.2f}× its raw SQL (goal ≤ {RAW_GOAL:g}×)")
    return 0 if worst <= RAW_GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
