"""Benchmark the month's billing run end to end: 1,000 active leases, invoices with PDFs and their tax
invoices, through a real Celery worker (2 processes); then the re-run, the month's Hometax bulk-issue file
(1,000 rows) and the recording of Hometax's result file. Prints the figures and keeps the latest in
docs/benchmarks.md.

Usage (PostgreSQL and Redis running; the bench database is dropped and created again):
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/yp_billing_bench \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/2 .venv/bin/python bench/billing_run.py [--leases 1000]

Goals on a 2-core machine: the run with tax invoices ≤ 15 s, the re-run ≤ 3 s creating 0 invoices, the
Hometax file of 1,000 rows ≤ 2 s, worker ≤ 300 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
import uuid
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

YEAR, MONTH = 2026, 12
GOALS = {"run_seconds": 15.0, "rerun_seconds": 3.0, "rerun_created": 0, "worker_mb": 300.0, "hometax_seconds": 2.0}
MARK_BEGIN, MARK_END = "<!-- billing_run:begin -->", "<!-- billing_run:end -->"


def _recreate_database(url: str) -> None:
    import psycopg2

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    conn = psycopg2.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username,
                            password=parts.password or None, dbname="postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def _seed(count: int) -> None:
    from portal.validators import business_registration_number_is_valid, format_business_registration_number
    from premises.demo import seed_lessor
    from premises.models import M2_PER_PYEONG, Building, Floor, Site, Unit, UnitType
    from tenants.models import Company, Lease

    site = Site.objects.create(name_ko="양재 AI 미래융합혁신특구", name_en="Yangjae AI special zone", slug="yangjae")
    building = Building.objects.create(
        site=site, name_ko="서초AICT 우수기업센터", address_ko="서울특별시 서초구 태봉로 114",
        lessor=seed_lessor(),
    )
    unit_type = UnitType.objects.create(code="33", area_pyeong=Decimal("33"), seats_min=24, seats_max=28)
    floors = Floor.objects.bulk_create([Floor(building=building, number=n) for n in range(1, 11)])
    area_m2 = (Decimal("33") * M2_PER_PYEONG).quantize(Decimal("0.01"))
    units = Unit.objects.bulk_create([
        Unit(floor=floors[i % 10], code=f"{i % 10 + 1}F-{i:04d}", unit_type=unit_type, area_m2=area_m2, seats=28,
             status="occupied") for i in range(count)
    ])
    companies = []
    for i in range(count):
        first_nine = f"{(123450000 + i * 7919) % 10**9:09d}"
        digits = next(first_nine + str(d) for d in range(10)
                      if business_registration_number_is_valid(first_nine + str(d)))
        companies.append(Company(
            name_ko=f"주식회사 양재에이아이 {i:04d}", name_en=f"Yangjae AI {i:04d} Inc.",
            business_registration_number=format_business_registration_number(digits),
            billing_contact_email=f"billing{i}@company{i}.example.kr", representative=f"대표 {i:04d}",
            business_type="정보통신업", business_item="인공지능 소프트웨어 개발",
            tax_invoice_email=f"tax{i}@company{i}.example.kr", address="서울특별시 서초구 태봉로 114",
        ))
    companies = Company.objects.bulk_create(companies)
    leases = []
    for i, (company, unit) in enumerate(zip(companies, units, strict=True)):
        start = dt.date(YEAR, MONTH, 15) if i % 10 == 0 else dt.date(YEAR - 1, 3, 1)  # a tenth move in mid-month
        leases.append(Lease(
            company=company, unit=unit, status="active", start_date=start, end_date=dt.date(YEAR + 1, 2, 28),
            area_pyeong=Decimal("33"), rent_per_pyeong=24_000, management_fee_per_pyeong=15_000, deposit=2_376_000,
            relocation_deadline=start + dt.timedelta(days=30), relocation_confirmed_at=None,
        ))
    Lease.objects.bulk_create(leases)


def _tree(pid: int) -> list[int]:
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return pids
    for child in children:
        pids += _tree(int(child))
    return pids


def _pss_kib(pid: int) -> int:
    """Proportional set size: pages shared with the parent after fork counted once across the tree."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cpu_seconds_by_role(worker_pid: int) -> dict[str, float]:
    """CPU time used so far (user + system) by the worker's processes, PostgreSQL's, Redis's and this
    process, from /proc: where the run's CPU goes. Processes that exit in between (a connection closed
    after a task) are not counted."""
    tick = os.sysconf("SC_CLK_TCK")
    worker = set(_tree(worker_pid))
    totals = {"worker": 0.0, "postgres": 0.0, "redis": 0.0, "bench": 0.0}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        seconds = (int(fields[11]) + int(fields[12])) / tick
        pid = int(entry.name)
        role = ("worker" if pid in worker else "bench" if pid == os.getpid() else "postgres" if name == "postgres"
                else "redis" if name.startswith("redis-server") else None)
        if role:
            totals[role] += seconds
    return totals


def _rss_kib(pid: int, field: str = "VmRSS") -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class MemoryWatch(threading.Thread):
    """Samples the resident memory of the worker's process tree; keeps the peak of the total and of
    the largest single process.

    The resident size (/proc/<pid>/status) is cheap to read and sampled every 100 ms; the proportional
    size (smaps_rollup) makes the kernel walk each process's page tables, about 3 ms for a 150 MB
    process, so it is sampled every half second to keep the watch from taking the CPU it measures.
    """

    PSS_EVERY = 5  # samples

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_total, self.peak_pss, self.peak_process, self.processes = pid, 0, 0, 0, 0
        self._samples = 0
        self._stop = threading.Event()

    def run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            time.sleep(0.1)

    def sample(self, *, pss: bool = False) -> None:
        pids = _tree(self.pid)
        sizes = [max(_rss_kib(p), _rss_kib(p, "VmHWM")) for p in pids]
        self.processes = max(self.processes, len(pids))
        self.peak_total = max(self.peak_total, sum(_rss_kib(p) for p in pids))
        self.peak_process = max([self.peak_process, *sizes])
        if pss or self._samples % self.PSS_EVERY == 0:
            self.peak_pss = max(self.peak_pss, sum(_pss_kib(p) for p in pids))
        self._samples += 1

    def stop(self) -> None:
        self.sample(pss=True)
        self._stop.set()


def _wait_run(run_id: int, *, started: float, timeout: float) -> float:
    """Seconds from `started` until the run has every lease's invoice (or failure) recorded."""
    from billing.models import BillingRun

    while time.monotonic() - started < timeout:
        run = BillingRun.objects.get(pk=run_id)
        if run.finished_at is not None:
            return time.monotonic() - started
        time.sleep(0.05)
    raise SystemExit(f"the run did not finish within {timeout} s")


def _queue_length(queue: str) -> int:
    """Tasks waiting in the queue plus those taken by the worker and not yet acknowledged."""
    import redis

    client = redis.Redis.from_url(os.environ["CELERY_BROKER_URL"])
    return client.llen(queue) + client.hlen("unacked")


def _wait_drained(queue: str, *, started: float, timeout: float) -> float | None:
    while time.monotonic() - started < timeout:
        if _queue_length(queue) == 0:
            return time.monotonic() - started
        time.sleep(0.05)
    return None


def building_lessor_id() -> int:
    from premises.models import Lessor

    return Lessor.objects.order_by("pk").values_list("pk", flat=True)[0]


def _hometax_figures(lessor_id: int, *, expected: int) -> dict:
    """The month's Hometax bulk-issue file (timed, then read back), and Hometax's result file for the same
    rows recorded through the upload's service by a staff member (timed)."""
    import io

    from django.contrib.auth import get_user_model

    from accounts.roles import Role
    from accounts.services import user_grant_role
    from portal.exports import spreadsheet_rows, xlsx_bytes
    from premises.models import Lessor
    from taxinvoices.hometax import RESULT_COLUMNS, hometax_file_bytes, hometax_result_record
    from taxinvoices.models import TaxInvoice

    tax_invoices = TaxInvoice.objects.filter(year=YEAR, month=MONTH).count()
    started = time.perf_counter()
    content = hometax_file_bytes(lessor_id=lessor_id, year=YEAR, month=MONTH)
    seconds = time.perf_counter() - started
    rows = len(spreadsheet_rows(io.BytesIO(content))) - 6  # the form's five lines of notes and its header

    position = {source: i for i, (_h, source, _r) in enumerate(RESULT_COLUMNS) if source}
    table = []
    for n, t in enumerate(TaxInvoice.objects.filter(year=YEAR, month=MONTH).order_by("pk")):
        line = [""] * len(RESULT_COLUMNS)
        values = {"write_date": t.write_date.strftime("%Y%m%d"), "approval_number": f"20261225{41000000 + n:08d}"
                  f"{n:08d}", "supplier_brn": t.supplier_brn, "recipient_brn": t.recipient_brn, "supply": t.supply,
                  "vat": t.vat, "remark": t.remark}
        for source, value in values.items():
            line[position[source]] = value
        table.append(line)
    result = xlsx_bytes([h for h, _s, _r in RESULT_COLUMNS], table, sheet_title="목록조회")
    staff = get_user_model().objects.create_user(email="bench-staff@example.kr", password=None, name="벤치")
    user_grant_role(user=staff, role=Role.DISTRICT_STAFF)
    started = time.perf_counter()
    outcome = hometax_result_record(lessor=Lessor.objects.get(pk=lessor_id), year=YEAR, month=MONTH,
                                    rows=spreadsheet_rows(io.BytesIO(result)), actor=staff)
    result_seconds = time.perf_counter() - started
    return {"tax_invoices": tax_invoices, "hometax_seconds": seconds, "hometax_rows": rows,
            "hometax_kib": len(content) / 1024, "result_seconds": result_seconds,
            "result_recorded": len(outcome.recorded)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leases", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--prefetch", type=int, default=1, help="the worker's prefetch multiplier")
    parser.add_argument("--no-docs", action="store_true", help="do not write docs/benchmarks.md")
    args = parser.parse_args()

    db_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/yp_billing_bench")
    if not os.environ.get("CELERY_BROKER_URL"):
        raise SystemExit("set CELERY_BROKER_URL to a Redis database the benchmark may use")
    media = ROOT / "var" / "bench-private-media"
    shutil.rmtree(media, ignore_errors=True)
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    # The invoice e-mails are built with their PDFs and handed to Django's dummy backend, which, like SMTP, keeps
    # nothing (the in-memory backend would keep every message in the worker's processes).
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "portal.settings.local", "DATABASE_URL": db_url,
        "CELERY_TASK_DEFAULT_QUEUE": queue, "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "PRIVATE_STORAGE_OPTIONS": f'{{"location": "{media}", "base_url": null}}', "DJANGO_DEBUG": "false",
        "LOG_LEVEL": "WARNING", "DATABASE_CONN_MAX_AGE": "600",  # workers keep their connection, as in production
    })
    print(f"preparing {args.leases} active leases in a fresh database ({urlparse(db_url).path.lstrip('/')}) …")
    _recreate_database(db_url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    _seed(args.leases)

    from billing import services
    from billing.models import Invoice

    log = ROOT / "var" / f"bench-worker-{queue}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as log_file:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=prefork",
             f"--concurrency={args.concurrency}", f"--prefetch-multiplier={args.prefetch}", "-Q", queue,
             "--without-gossip", "--without-mingle", "--without-heartbeat",
             "-l", os.environ.get("BENCH_WORKER_LOG", "warning"), "-n", f"{queue}@%h"],
            cwd=ROOT, env=os.environ.copy(), stdout=log_file, stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while len(_tree(worker.pid)) < 1 + args.concurrency and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(2)  # let the pool children finish importing
        watch = MemoryWatch(worker.pid)
        watch.start()

        cpu_before = _cpu_seconds_by_role(worker.pid)
        started = time.monotonic()
        run = services.billing_run_start(year=YEAR, month=MONTH, actor=None)
        run_seconds = _wait_run(run.pk, started=started, timeout=600)
        cpu_run = {role: used - cpu_before[role] for role, used in _cpu_seconds_by_role(worker.pid).items()}
        issued = Invoice.objects.filter(year=YEAR, month=MONTH).count()
        drained = _wait_drained(queue, started=started, timeout=600)

        before = Invoice.objects.count()
        restarted = time.monotonic()
        rerun = services.billing_run_start(year=YEAR, month=MONTH, actor=None)
        _wait_run(rerun.pk, started=restarted, timeout=600)
        rerun_seconds = _wait_drained(queue, started=restarted, timeout=600) or float("inf")
        created = Invoice.objects.count() - before

        # Every lease's task delivered again (as after a lost acknowledgement): the idempotent path.
        from billing.models import BillingRun
        from billing.tasks import invoice_issue_task
        from portal.queue import enqueue_on_commit

        lease_ids = list(rerun.lease_ids)
        again = BillingRun.objects.create(year=YEAR, month=MONTH, lease_ids=lease_ids, total=len(lease_ids))
        redelivered_started = time.monotonic()
        for lease_id in lease_ids:
            enqueue_on_commit(invoice_issue_task, lease_id=lease_id, year=YEAR, month=MONTH, run_id=again.pk)
        redelivered_seconds = _wait_drained(queue, started=redelivered_started, timeout=600) or float("inf")
        redelivered_created = Invoice.objects.count() - before - created
        time.sleep(0.3)
        watch.stop()
        hometax = _hometax_figures(building_lessor_id(), expected=args.leases)
        failed = len(run.__class__.objects.get(pk=run.pk).failures)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()

    worker_mb = watch.peak_pss / 1024
    figures = {
        "run_seconds": run_seconds, "rate": issued / run_seconds if run_seconds else 0.0,
        "drained": drained, "rerun_seconds": rerun_seconds, "rerun_created": created, "worker_mb": worker_mb,
        "largest_mb": watch.peak_process / 1024, "issued": issued, "failed": failed, **hometax,
    }
    load = " ".join(f"{value:.1f}" for value in os.getloadavg())
    lines = [
        f"leases: {args.leases}; worker: prefork, {args.concurrency} processes ({watch.processes} with the parent), "
        f"prefetch multiplier {args.prefetch}; "
        f"load average at the end {load} on {os.cpu_count()} CPUs",
        f"run: {run_seconds:.1f} s for {issued} invoices with PDFs and {hometax['tax_invoices']} tax invoices "
        f"({figures['rate']:.0f} invoices/s), {failed} failures",
        "CPU used during the run: " + ", ".join(f"{role} {used:.1f} s" for role, used in cpu_run.items())
        + f" ({sum(cpu_run.values()) / max(issued, 1) * 1000:.0f} ms per invoice; the machine has "
        f"{os.cpu_count() * run_seconds:.0f} CPU-seconds in that time)",
        f"queue drained (invoice e-mails queued and sent too): "
        f"{f'{drained:.1f} s' if drained is not None else 'not within 600 s'}",
        f"re-run: {rerun_seconds:.2f} s until the queue is empty, invoices created: {created}",
        f"every task delivered again ({args.leases} tasks through the worker): {redelivered_seconds:.1f} s, "
        f"invoices created: {redelivered_created}",
        f"Hometax bulk-issue file: {hometax['hometax_seconds']:.2f} s for {hometax['hometax_rows']} rows "
        f"({hometax['hometax_kib']:.0f} KiB); recording Hometax's result file of as many rows: "
        f"{hometax['result_seconds']:.2f} s ({hometax['result_recorded']} approval numbers)",
        f"worker peak memory: {worker_mb:.0f} MB in all (PSS of the parent and its {args.concurrency} processes; "
        f"RSS summed {watch.peak_total / 1024:.0f} MB counts the pages they share twice); "
        f"largest process {figures['largest_mb']:.0f} MB RSS",
    ]
    short = []
    if run_seconds > GOALS["run_seconds"]:
        short.append(f"the run took {run_seconds:.1f} s (goal ≤ {GOALS['run_seconds']:.0f} s)")
    if rerun_seconds > GOALS["rerun_seconds"]:
        short.append(f"the re-run took {rerun_seconds:.2f} s (goal ≤ {GOALS['rerun_seconds']:.0f} s)")
    if created != GOALS["rerun_created"] or redelivered_created:
        short.append(f"the re-run created {created + redelivered_created} invoices (goal 0)")
    if hometax["hometax_seconds"] > GOALS["hometax_seconds"] or hometax["hometax_rows"] != args.leases:
        short.append(f"the Hometax file took {hometax['hometax_seconds']:.2f} s for {hometax['hometax_rows']} rows "
                     f"(goal ≤ {GOALS['hometax_seconds']:.0f} s for {args.leases})")
    if hometax["tax_invoices"] != args.leases:
        short.append(f"{hometax['tax_invoices']} tax invoices for {args.leases} leases")
    if worker_mb > GOALS["worker_mb"]:
        short.append(f"the worker peaked at {worker_mb:.0f} MB (goal ≤ {GOALS['worker_mb']:.0f} MB)")
    if issued != args.leases or failed:
        short.append(f"{issued} invoices for {args.leases} leases, {failed} failures")
    for line in lines:
        print(line)
    print("short of the goals: " + "; ".join(short) if short else "all goals met")
    if not args.no_docs:
        _write_docs(lines, short, args)
    shutil.rmtree(media, ignore_errors=True)


def _write_docs(lines: list[str], short: list[str], args) -> None:
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text() if path.exists() else "# Benchmarks\n\nFigures printed by the scripts in `bench/`.\n"
    cpus = os.cpu_count()
    section = "\n".join([
        MARK_BEGIN,
        "## The month's billing run (`bench/billing_run.py`)",
        "",
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, {cpus} CPUs, "
        f"Python {platform.python_version()}, PostgreSQL and Redis on the same machine. Goals: the run with tax "
        "invoices ≤ 15 s, the re-run ≤ 3 s creating 0 invoices, the Hometax file of 1,000 rows ≤ 2 s, the worker "
        "≤ 300 MB.",
        "",
        *[f"- {line}" for line in lines],
        "- " + ("short of the goals: " + "; ".join(short) if short else "all goals met"),
        "",
        f"Run again with `.venv/bin/python bench/billing_run.py --leases {args.leases}`.",
        MARK_END,
    ])
    if MARK_BEGIN in text and MARK_END in text:
        head, rest = text.split(MARK_BEGIN, 1)
        text = head + section + rest.split(MARK_END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text)


if __name__ == "__main__":
    main()
