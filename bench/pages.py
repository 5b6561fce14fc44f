"""Benchmarks of the public pages: throughput through gunicorn, and queries and time as data grows."""

from __future__ import annotations

import io
import os

from .load import Gunicorn, LoadResult, run_load
from .options import Options
from .report import Section, load_note
from .views import BARE_PATH

THROUGHPUT_GOAL = 0.6


def public_pages() -> list[tuple[str, str]]:
    """The public pages measured against the bare view, as (name, path) on the demo data."""
    from applications.demo import OPEN_CALL

    return [("home", "/"), ("call list", "/calls/"), ("open call", f"/calls/{OPEN_CALL}/")]


def public_pages_vs_bare_view(options: Options) -> Section:
    """Requests per second of each public page and of the bare view through gunicorn (2 workers)."""
    from django.core.management import call_command
    from django.test import Client

    from .measure import profile_request

    call_command("seed_demo", stdout=io.StringIO())
    section = Section(
        key="pages", title="Public pages through gunicorn against a bare Django view",
        goal=f"each public page at ≥ {THROUGHPUT_GOAL}× the bare view's requests per second",
        columns=["page", "path", "requests/s", "p50 ms", "p95 ms", "errors", "× bare", "queries",
                 "Django ms", "SQL ms"],
    )
    targets = [("bare view", BARE_PATH), *public_pages()]
    rounds: dict[str, list] = {name: [] for name, _ in targets}
    load_before = os.getloadavg()[0]
    with Gunicorn(env=options.server_env(), workers=options.workers, log_dir=options.work_dir) as server:
        for _round in range(options.rounds):  # alternate, so that drift affects every target alike
            for name, path in targets:
                rounds[name].append(run_load(
                    server.url + path, concurrency=options.concurrency,
                    duration=options.duration, warmup=options.warmup,
                ))
    load_after = os.getloadavg()[0]
    client = Client()
    profiles = {name: profile_request(client, path, repeat=options.repeat) for name, path in targets}
    bare_rps = _mean(r.requests_per_second for r in rounds["bare view"])
    busiest = max(r.generator_share for results in rounds.values() for r in results)
    for name, path in targets:
        results = rounds[name]
        rps = _mean(r.requests_per_second for r in results)
        ratio = rps / bare_rps if bare_rps else float("nan")
        merged = LoadResult(url=path, duration=sum(r.duration for r in results),
                            latencies=[latency for r in results for latency in r.latencies])
        errors = sum(r.errors for r in results)
        profile = profiles[name]
        if profile.status != 200:
            section.shortfalls.append(f"{name} ({path}) answered {profile.status} in-process")
        section.rows.append([name, path, rps, merged.percentile(50), merged.percentile(95), errors, ratio,
                             profile.queries, profile.median_ms, profile.sql_ms])
        if errors:
            section.shortfalls.append(f"{name}: {errors} failed requests")
        if name != "bare view" and not ratio >= THROUGHPUT_GOAL:
            section.shortfalls.append(f"{name} ({path}) serves {ratio:.2f}× the bare view's requests/s "
                                      f"(goal ≥ {THROUGHPUT_GOAL})")
    section.notes.append(
        f"gunicorn {options.workers} sync workers, {options.concurrency} concurrent clients, "
        f"{options.rounds} × {options.duration:g} s per target after {options.warmup:g} s of warm-up; "
        "a new connection per request (sync workers close it)."
    )
    section.notes.append(
        f"The load generator used up to {busiest:.0%} of one core of the two: it competes with the server, "
        "which lowers every figure and narrows the ratios."
    )
    section.notes.append(load_note(load_before, load_after))
    section.notes.append(
        "Queries, Django ms and SQL ms: one request in the runner's process through Django's test client "
        f"(median of {options.repeat}), the work the page itself costs beside the bare view's."
    )
    return section


def home_queries_by_size(options: Options) -> Section:
    """SQL queries and median in-process time of the home page, for a visitor and signed in, as data grows."""
    from django.test import Client

    from accounts.models import User
    from premises.models import Unit

    from .seed import seed_extra_units, seed_notifications
    from .sizes import SizedPage, pages_by_size

    user, _ = User.objects.get_or_create(email="bench-visitor@bench.yangjae-ai.kr", defaults={"name": "벤치 방문자"})
    member = Client()
    member.force_login(user)

    def seed(size: int) -> dict[str, int]:
        seed_extra_units(size)
        return {"units": Unit.objects.count(), "notifications": seed_notifications(size, user=user)}

    section = pages_by_size(
        options, key="home-sizes", title="Home page: SQL queries and median time as data grows", seed=seed,
        pages=[SizedPage("visitor", "/", Client()), SizedPage("signed-in", "/", member)],
    )
    section.notes.append(
        "Each size adds office units in extra buildings (besides the center's 40) and notifications "
        "(the signed-in user holds a tenth, half unread)."
    )
    return section


def _mean(values) -> float:
    values = list(values)
    return sum(values) / len(values) if values else float("nan")
