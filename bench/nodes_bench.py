#!/usr/bin/env python
"""Benchmarks on several nodes (bench/nodes.py: haproxy, two gunicorn nodes of two sync workers each, two
Celery workers of two processes each, Redis, moto's S3 server), on their own database. Prints the figures
and keeps the latest in docs/benchmarks.md (between the nodes markers).

    .venv/bin/python bench/nodes_bench.py                       # everything (about 20 minutes)
    .venv/bin/python bench/nodes_bench.py --only bursts locust  # some

Sections: proxy (a rush through the proxy and two nodes against one node direct), bursts (500 in 10 s;
1,000 in 60 s with half in the last 10 s, the project's generator), locust (the same bursts from locust,
headless), kill (a node and a worker killed mid-rush), beat (two beats), worker (a worker killed mid
billing run: an hour's visibility timeout against the chosen five minutes).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.nodes import PYTHON, Cluster, wait_for  # noqa: E402
from bench.report import Section, load_note  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/yp_nodes_bench"
REPORT = ROOT / "docs" / "benchmarks.md"
MARK_BEGIN, MARK_END = "<!-- nodes:begin -->", "<!-- nodes:end -->"
SECTIONS = ["worker", "beat", "proxy", "bursts", "locust", "kill"]


# ---- helpers -------------------------------------------------------------------------------------

def fresh_drafts(count: int) -> list[dict]:
    from bench.deadline import seed_applicants_with_drafts
    from bench.seed import analyze

    people = seed_applicants_with_drafts(count)
    analyze()
    return people


def rush_row(label: str, result, saved: int, receipts: int) -> list:
    return [label, result.people, result.window, result.elapsed, len(result.latencies),
            len(result.latencies) / result.elapsed if result.elapsed else 0.0, len(result.errors), saved, receipts,
            result.percentile(50), result.percentile(95), max(result.latencies, default=float("nan")) * 1000]


RUSH_COLUMNS = ["target", "people", "window s", "elapsed s", "requests", "req/s", "errors", "saved", "receipts",
                "p50 ms", "p95 ms", "max ms"]


def burst_starts(total: int, seconds: float, last: int = 0, last_seconds: float = 0.0) -> list[float]:
    """Start moments: `total` over `seconds`, of which `last` in the last `last_seconds` (evenly within each part)."""
    if not last:
        return [seconds * n / total for n in range(total)]
    early, late = total - last, seconds - last_seconds
    return [late * n / early for n in range(early)] + [late + last_seconds * n / last for n in range(last)]


def rush(cluster, url: str, people: list[dict], *, window: float, starts=None):
    from bench.deadline import deadline_scenario, saved_submissions
    from bench.rush import run_rush

    result = run_rush(url, people, deadline_scenario, window=window, starts=starts)
    saved, receipts = saved_submissions([person["application"] for person in people])
    return result, saved, receipts


# ---- sections ------------------------------------------------------------------------------------

def proxy_vs_direct(cluster, sink, args) -> Section:
    people_count, window = args.people, args.window
    rows, load_before = [], os.getloadavg()[0]
    for label, url in (("proxy, two nodes", cluster.url), ("node a direct", cluster.nodes[0].url)):
        people = fresh_drafts(people_count)
        result, saved, receipts = rush(cluster, url, people, window=window)
        rows.append(rush_row(label, result, saved, receipts))
    section = Section(key="nodes-proxy", title="Deadline rush through the proxy and two nodes against one node direct",
                      goal="0 errors, every submission saved once; the ratio shows the proxy's and the shared "
                           "state's cost", columns=RUSH_COLUMNS, rows=rows)
    section.notes.append(
        f"{people_count} applicants with complete drafts each log in, open the review page, submit and open the "
        f"confirmation, starts spread evenly over {window:g} s; each node is gunicorn with 2 sync workers; the "
        "same run, one after the other, on the same database, Redis and object store. On two cores both "
        "targets share the same CPUs: two nodes are no faster than one, the ratio is what the proxy hop, the "
        "second node's processes and the shared cache cost, not a speed-up.")
    for row in rows:
        if row[6]:
            section.shortfalls.append(f"{row[0]}: {row[6]} errors")
        if row[7] < row[1] or row[8] < row[7]:
            section.shortfalls.append(f"{row[0]}: {row[7]} saved, {row[8]} receipts of {row[1]}")
    section.notes.append(load_note(load_before, os.getloadavg()[0]))
    return section


BURSTS = [("500 in 10 s", (500, 10.0, 0, 0.0), 2000.0), ("1,000 in 60 s, 500 in the last 10 s", (1000, 60.0, 500, 10.0),
                                                            1000.0)]


def scaled_bursts(scale: float) -> list:
    """The bursts, with fewer people when checking the script (--burst-scale)."""
    bursts = []
    for _label, (total, seconds, last, last_seconds), goal in BURSTS:
        total, last = int(total * scale), int(last * scale)
        label = f"{total:,} in {seconds:g} s" + (f", {last:,} in the last {last_seconds:g} s" if last else "")
        bursts.append((label, (total, seconds, last, last_seconds), goal))
    return bursts


def bursts(cluster, sink, args) -> Section:
    rows, load_before = [], os.getloadavg()[0]
    section = Section(key="nodes-bursts",
                      title="Deadline bursts through the proxy and two nodes (the project's generator)",
                      goal="500 in 10 s: 0 errors, each saved once, p95 ≤ 2 s; 1,000 in 60 s with half in the last "
                           "10 s: 0 errors, p95 ≤ 1 s", columns=RUSH_COLUMNS)
    for label, (total, seconds, last, last_seconds), goal_ms in scaled_bursts(args.burst_scale):
        people = fresh_drafts(total)
        starts = burst_starts(total, seconds, last, last_seconds)
        result, saved, receipts = rush(cluster, cluster.url, people, window=seconds, starts=starts)
        row = rush_row(label, result, saved, receipts)
        rows.append(row)
        if row[6] or saved < total or receipts < saved:
            section.shortfalls.append(f"{label}: {row[6]} errors, {saved} saved, {receipts} receipts of {total}")
        if not row[10] <= goal_ms:
            section.shortfalls.append(f"{label}: p95 {row[10]:.0f} ms (goal ≤ {goal_ms:.0f} ms)")
    section.rows = rows
    if args.burst_scale != 1:
        section.notes.append(f"At {args.burst_scale:g} of the goal's sizes (--burst-scale): not the goal's figures.")
    section.notes.append("Each applicant: login page, log in, review page, submit, confirmation (5 requests), "
                         "with its own client address; starts at the burst's pace (evenly within each part).")
    section.notes.append(load_note(load_before, os.getloadavg()[0]))
    return section


def locust_bursts(cluster, sink, args) -> Section:
    from bench.deadline import saved_submissions

    rows, load_before = [], os.getloadavg()[0]
    section = Section(key="nodes-locust", title="The same bursts from locust (headless)",
                      goal="as above: 0 failures, each saved once; p95 ≤ 2 s and ≤ 1 s",
                      columns=["burst", "users", "requests", "req/s", "failures", "saved", "receipts", "p50 ms",
                               "p95 ms", "max ms"])
    work = cluster.work_dir / cluster.id / "locust"
    work.mkdir(parents=True, exist_ok=True)
    for label, (total, seconds, last, last_seconds), goal_ms in scaled_bursts(args.burst_scale):
        people = fresh_drafts(total)
        people_file = work / "people.json"
        people_file.write_text(json.dumps(people))
        prefix = work / f"burst-{total}"
        burst = f"{total}/{seconds:g}" if not last else f"{total}/{seconds:g}/{last}/{last_seconds:g}"
        subprocess.run(
            [str(Path(PYTHON).with_name("locust")), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
             "--host", cluster.url, "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"],
            cwd=ROOT, env={**os.environ, "NODES_PEOPLE_FILE": str(people_file), "NODES_BURST": burst},
            check=False, stdout=subprocess.DEVNULL, stderr=open(work / "locust.log", "ab"),  # noqa: SIM115
        )
        with open(f"{prefix}_stats.csv") as handle:
            aggregated = next(row for row in csv.DictReader(handle) if row["Name"] == "Aggregated")
        saved, receipts = saved_submissions([person["application"] for person in people])
        p95 = float(aggregated["95%"])
        row = [label, total, int(aggregated["Request Count"]), float(aggregated["Requests/s"]),
               int(aggregated["Failure Count"]), saved, receipts, float(aggregated["50%"]), p95,
               float(aggregated["Max Response Time"])]
        rows.append(row)
        if row[4] or saved < total or receipts < saved:
            section.shortfalls.append(f"{label}: {row[4]} failures, {saved} saved, {receipts} receipts of {total}")
        if not p95 <= goal_ms:
            section.shortfalls.append(f"{label}: p95 {p95:.0f} ms (goal ≤ {goal_ms:.0f} ms)")
    section.rows = rows
    if args.burst_scale != 1:
        section.notes.append(f"At {args.burst_scale:g} of the goal's sizes (--burst-scale): not the goal's figures.")
    section.notes.append(
        "bench/locustfile.py: one FastHttpUser per applicant running the same five requests once, started by a "
        "LoadTestShape at the burst's pace; locust's own percentiles (its CSV, rounded as locust rounds them). "
        "req/s is over locust's whole run, which waits for the last journeys to end.")
    section.notes.append(load_note(load_before, os.getloadavg()[0]))
    return section


def node_killed(cluster, sink, args) -> Section:
    from bench.nodes_rush import kill_rush, receipt_mail_counts, saved_submissions
    from portal.queue import pending_tasks_send
    from tests.services import pending_tasks_age

    people = fresh_drafts(args.kill_people)
    sink.messages.clear()
    load_before = os.getloadavg()[0]
    result = kill_rush(cluster, people, window=args.kill_window, kill_at=args.kill_window / 3,
                       restart_after=args.kill_window / 3)
    state = saved_submissions([person["application"] for person in people])
    time.sleep(10)  # what the broker holds for the dead worker comes back within its visibility timeout
    pending_tasks_age()
    pending_tasks_send()  # what a request killed between commit and publish left to the sweep
    try:
        wait_for(lambda: len(receipt_mail_counts(sink.messages, state["receipts"])) >= state["saved"],
                 timeout=400, interval=1)
    except RuntimeError:
        pass
    time.sleep(5)
    mails = receipt_mail_counts(sink.messages, state["receipts"])
    answered_saved = len(result.answered & state["emails"])
    section = Section(
        key="nodes-kill", title="A web node and a worker killed (SIGKILL) mid-rush, restarted",
        goal="submissions answered 2xx = saved; duplicates 0; those with an error submit again; each receipt "
             "e-mail once",
        columns=["people", "window s", "answered", "answered and saved", "errors", "errored people",
                 "resubmitted", "saved", "duplicates", "receipt e-mails", "e-mailed twice"],
        rows=[[len(people), args.kill_window, len(result.answered), answered_saved, len(result.first.errors),
               len(result.errored), (result.retry.succeeded if result.retry else 0), state["saved"],
               state["duplicates"], sum(mails.values()), sum(1 for n in mails.values() if n > 1)]],
    )
    section.notes += result.events
    kinds = {}
    for error in result.first.errors:
        kinds[error] = kinds.get(error, 0) + 1
    if kinds:
        section.notes.append("Errors of the rush: " + "; ".join(f"{k} ×{v}" for k, v in sorted(kinds.items())))
    if answered_saved < len(result.answered):
        section.shortfalls.append(f"{len(result.answered) - answered_saved} answered submissions not saved")
    if state["duplicates"] or state["saved"] < len(people) or len(state["receipts"]) < state["saved"]:
        section.shortfalls.append(f"{state['saved']} saved of {len(people)}, {state['duplicates']} duplicates")
    if set(mails.values()) != {1} or len(mails) < state["saved"]:
        section.shortfalls.append(
            f"receipt e-mails: {len(mails)} receipts mailed, counts {sorted(set(mails.values()))}")
    section.notes.append(load_note(load_before, os.getloadavg()[0]))
    return section


def two_beats(cluster, sink, args) -> Section:
    import redis
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    broker = redis.Redis.from_url(cluster.broker_url)
    every = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)[0]
    rows = []
    for label, scheduler in (
        ("django-celery-beat's DatabaseScheduler", "django_celery_beat.schedulers:DatabaseScheduler"),
        ("portal.beat.SingleBeatScheduler (Redis lock)", "portal.beat.SingleBeatScheduler"),
    ):
        queue = f"beat-bench-{uuid.uuid4().hex[:8]}"
        task = PeriodicTask.objects.create(name=queue, task="portal.tasks.pending_tasks_send_task", queue=queue,
                                           interval=every)
        beats = [cluster.beat_process(f"bench-{n}-{queue}", scheduler=scheduler).start() for n in (1, 2)]
        try:
            wait_for(lambda q=queue: broker.llen(q) >= 2, timeout=60, interval=0.1)
            time.sleep(3)  # both beats up
            start, before = time.monotonic(), broker.llen(queue)
            time.sleep(args.beat_seconds)
            sent = broker.llen(queue) - before
            rows.append([label, 2, args.beat_seconds, sent, sent / (time.monotonic() - start)])
        finally:
            for beat in beats:
                beat.stop()
            task.delete()
            broker.delete(queue)
    section = Section(key="nodes-beat", title="Two beats started by mistake",
                      goal="each periodic task sent once (1 message a second for a task due every second)",
                      columns=["scheduler", "beats", "seconds", "messages", "per second"], rows=rows)
    section.notes.append("A periodic task due every second, routed to a queue nobody consumes; its messages counted "
                         "in Redis while two beat processes run on the same database and broker.")
    if rows[-1][4] > 1.3:
        section.shortfalls.append(f"with the lock: {rows[-1][4]:.2f} messages a second")
    return section


def worker_killed(cluster, sink, args) -> Section:
    import redis

    from bench.billing_run import _seed
    from billing import services
    from billing.models import BillingRun, Invoice

    broker = redis.Redis.from_url(cluster.broker_url)
    _seed(args.leases)
    rows = []
    variants = [
        ("before: visibility 1 h, restore scan every 100 s",
         {"visibility_timeout": 3600, "unacked_restore_interval": 10, "unacked_restore_throttle": 10}, 11,
         args.stuck_wait),
        ("chosen: visibility 5 min, restore scan every 10 s", None, 12, 420),
    ]
    for label, options, month, wait in variants:
        for worker in cluster.celery_workers:
            worker.stop()
        broker.flushdb()
        if options:
            cluster.extra_env["CELERY_BROKER_TRANSPORT_OPTIONS"] = json.dumps(options)
        else:
            cluster.extra_env.pop("CELERY_BROKER_TRANSPORT_OPTIONS", None)
        cluster.celery_workers = [cluster.start_worker(name) for name in "ab"]
        for worker in cluster.celery_workers:
            wait_for(lambda w=worker: cluster.worker_ready(w), timeout=90, interval=0.2)
        sink.messages.clear()
        run = services.billing_run_start(year=2026, month=month)
        total = run.total
        wait_for(lambda r=run, t=total: BillingRun.objects.get(pk=r.pk).issued >= t // 5, timeout=120, interval=0.05)
        cluster.celery_workers[0].kill()
        held = broker.hlen("unacked")
        time.sleep(5)
        cluster.celery_workers[0] = cluster.start_worker("a")
        restarted = time.monotonic()
        finished = None
        deadline = restarted + wait
        while time.monotonic() < deadline:
            state = BillingRun.objects.get(pk=run.pk)
            if state.finished_at is not None:
                finished = time.monotonic() - restarted
                break
            time.sleep(1)
        state = BillingRun.objects.get(pk=run.pk)
        time.sleep(10 if finished is not None else 0)
        invoices = Invoice.objects.filter(year=2026, month=month, kind="invoice")
        doubled = invoices.count() - invoices.values("lease_id").distinct().count()
        recipients = [str(m["To"]) for m in sink.messages]
        mailed_twice = len(recipients) - len(set(recipients))
        rows.append([label, total, held, f"{state.issued} of {total}",
                     f"{finished:.0f} s" if finished is not None else f"not within {wait:.0f} s",
                     broker.hlen("unacked"), doubled, mailed_twice])
    cluster.extra_env.pop("CELERY_BROKER_TRANSPORT_OPTIONS", None)
    section = Section(
        key="nodes-worker", title="A worker killed (SIGKILL) mid billing run, restarted 5 s later",
        goal="the run completes within five minutes of the restart; nothing issued or e-mailed twice",
        columns=["broker settings", "leases", "unacked at the kill", "issued at the end", "complete after restart",
                 "unacked at the end", "invoices doubled", "e-mails doubled"], rows=rows)
    section.notes.append(
        "Two workers of two prefork processes (acks_late, reject_on_worker_lost, prefetch 1); worker a is killed "
        "with its pool (SIGKILL to the group, as a lost machine) once a fifth of the run is issued. "
        "reject_on_worker_lost requeues only when a pool process dies under a live worker; with the whole worker "
        "gone nothing rejects its messages and Redis gives them back only after the visibility timeout.")
    if rows[-1][4].startswith("not") or int(rows[-1][4].split()[0]) > 300:
        section.shortfalls.append(f"chosen settings: complete {rows[-1][4]}")
    if rows[-1][6] or rows[-1][7]:
        section.shortfalls.append("something doubled")
    return section


FUNCTIONS = {"worker": worker_killed, "beat": two_beats, "proxy": proxy_vs_direct, "bursts": bursts,
             "locust": locust_bursts, "kill": node_killed}


SAVED = ROOT / "var" / "nodes-bench"  # each section's latest markdown, so that a partial run keeps the others


def write_report(sections: list[Section]) -> None:
    from bench.report import machine_description

    SAVED.mkdir(parents=True, exist_ok=True)
    for section in sections:
        (SAVED / f"{section.key}.md").write_text(section.markdown())
    saved = [SAVED / f"nodes-{key}.md" for key in SECTIONS]
    machine = machine_description()
    head = (f"`bench/nodes_bench.py`, {', '.join(f'{k}: {v}' for k, v in machine.items())}; each section keeps "
            "the figures of its latest run. haproxy (Debian) in front of two gunicorn "
            "nodes of 2 sync workers, two Celery workers of 2 processes, Redis, moto's S3 server, PostgreSQL, "
            "all on this machine's two cores.")
    body = "\n".join([MARK_BEGIN, "# Several nodes", "", head, "", *[p.read_text() for p in saved if p.exists()],
                      MARK_END])
    text = REPORT.read_text()
    if MARK_BEGIN in text:
        before, rest = text.split(MARK_BEGIN, 1)
        text = before + body + rest.split(MARK_END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + body + "\n"
    REPORT.write_text(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", choices=SECTIONS)
    parser.add_argument("--database-url", default=os.environ.get("NODES_BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--window", type=float, default=60.0)
    parser.add_argument("--kill-people", type=int, default=300)
    parser.add_argument("--kill-window", type=float, default=30.0)
    parser.add_argument("--leases", type=int, default=300)
    parser.add_argument("--stuck-wait", type=float, default=120.0)
    parser.add_argument("--beat-seconds", type=float, default=10.0)
    parser.add_argument("--burst-scale", type=float, default=1.0, help="fewer people in the bursts (0.02 checks)")
    parser.add_argument("--no-report", action="store_true")
    args = parser.parse_args(argv)

    from bench.nodes_drill import mail_sink, release
    from bench.run import prepare_database

    prepare_database(args.database_url, fresh=True)
    controller, sink = mail_sink()
    cluster = Cluster(database_url=args.database_url, email_port=controller.port, web_workers=2,
                      worker_concurrency=2, beats=0, trusted_proxies=2)
    sections = []
    try:
        release(cluster)
        with cluster:
            os.environ.update(cluster.env(cluster.work_dir / cluster.id / "bench"))
            # Seeding uploads thousands of documents to the object store inside one transaction: this process
            # only, not the nodes, lets a transaction wait on something else than the database that long.
            os.environ["DATABASE_IDLE_IN_TRANSACTION_TIMEOUT"] = "0"
            import django

            django.setup()
            from applications.demo import OPEN_CALL
            from tests.applications.conftest import make_call

            for key in args.only or SECTIONS:
                if key in ("proxy", "bursts", "locust", "kill") and not _call_exists(OPEN_CALL):
                    make_call(code=OPEN_CALL)
                started = time.monotonic()
                print(f"… {key}", flush=True)
                section = FUNCTIONS[key](cluster, sink, args)
                print(section.text(), flush=True)
                print(f"   ({time.monotonic() - started:.0f} s)\n", flush=True)
                sections.append(section)
    finally:
        controller.stop()
    if not args.no_report and sections:
        write_report(sections)
        print(f"Wrote {REPORT.relative_to(ROOT)}")
    return 0


def _call_exists(code: str) -> bool:
    from applications.models import Call

    return Call.objects.filter(code=code).exists()


if __name__ == "__main__":
    sys.exit(main())
