#!/usr/bin/env python
"""Run the portal's benchmarks on their own database, print the figures and write docs/benchmarks.md.

    .venv/bin/python bench/run.py            # everything, full sizes (several minutes)
    .venv/bin/python bench/run.py --quick    # tiny sizes and short loads, to check the runner works
    .venv/bin/python bench/run.py --only pages home-sizes

A benchmark is a function `(options) -> Section` listed in BENCHMARKS; it seeds what it needs with
the bulk seeders of bench/seed.py, measures, and lists what falls short of its goal.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import call_forms, deadline, documents, group_message, lists, pages, rush  # noqa: E402
from bench.options import Options  # noqa: E402
from bench.report import Section, machine_description, write_report  # noqa: E402

# (key, function), in the order they run.
BENCHMARKS = [
    ("pages", pages.public_pages_vs_bare_view),
    ("home-sizes", pages.home_queries_by_size),
    ("list-sizes", lists.application_lists_by_size),
    ("documents", documents.document_render_times),
    ("login-rush", rush.login_rush),
    ("deadline-rush", deadline.deadline_rush),
    ("group-message", group_message.group_message_to_many),
    ("call-form", call_forms.call_form_pages),
]
REPORT = ROOT / "docs" / "benchmarks.md"


def prepare_database(database_url: str, *, fresh: bool) -> None:
    """Create the bench's own PostgreSQL database (dropped first when `fresh`), then migrate it."""
    import environ
    import psycopg2
    from psycopg2 import sql

    config = environ.Env.db_url_config(database_url)
    connection = psycopg2.connect(
        dbname="postgres", user=config["USER"], password=config["PASSWORD"] or None,
        host=config["HOST"] or None, port=config["PORT"] or None,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        if fresh:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(config["NAME"])))
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
    connection.close()


def setup_django(options: Options) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.bench"
    os.environ["BENCH_DATABASE_URL"] = options.database_url
    os.environ["BENCH_REDIS_URL"] = options.redis_url
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("compilemessages", verbosity=0, ignore_patterns=[".venv", "node_modules"])
    collect_static_if_stale()


def collect_static_if_stale() -> None:
    """collectstatic (hashing and compressing takes about half a minute) only when a source file changed."""
    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders
    from django.core.management import call_command

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    newest = max(
        Path(storage.path(path)).stat().st_mtime
        for finder in get_finders() for path, storage in finder.list(["CVS", ".*", "*~"])
    )
    if manifest.exists() and manifest.stat().st_mtime >= newest:
        return
    print("Collecting static files (hashed and compressed, as in production)…")
    call_command("collectstatic", verbosity=0, interactive=False)


def run(options: Options, keys: list[str] | None = None, *, out=print) -> list[Section]:
    sections = []
    for key, function in BENCHMARKS:
        if keys and key not in keys:
            continue
        started = time.monotonic()
        out(f"… {key}")
        section = function(options)
        out(section.text())
        out(f"   ({time.monotonic() - started:.0f} s)\n")
        sections.append(section)
    return sections


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes and short loads (checks the runner)")
    parser.add_argument("--only", nargs="+", choices=[key for key, _ in BENCHMARKS], help="run only these")
    parser.add_argument("--keep-db", action="store_true", help="reuse the bench database instead of a fresh one")
    parser.add_argument("--no-report", action="store_true", help=f"print only; do not write {REPORT.name}")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 when a goal is not met")
    args = parser.parse_args(argv)

    options = Options.quick() if args.quick else Options()
    print(f"Bench database: {options.database_url}")
    prepare_database(options.database_url, fresh=not args.keep_db)
    setup_django(options)
    sections = run(options, args.only)

    shortfalls = [f"{section.title}: {text}" for section in sections for text in section.shortfalls]
    print("Short of the goals:" if shortfalls else "Every goal measured here is met.")
    for line in shortfalls:
        print(f"  - {line}")
    if not args.no_report and not args.quick:
        write_report(REPORT, sections, machine=machine_description(), command="make bench")
        print(f"Wrote {REPORT.relative_to(ROOT)}")
    return 1 if args.strict and shortfalls else 0


if __name__ == "__main__":
    sys.exit(main())
