"""Benchmark collections: import and match 10,000 bank transaction rows (one CP949 CSV, as a bank exports
it) against 1,000 leases' open invoices. Prints the seconds of each stage and the process's peak memory,
and keeps the latest figures in docs/benchmarks.md.

Usage (PostgreSQL running; the bench database is dropped and created again):
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/yp_collect_bench .venv/bin/python bench/receipts_match.py

The file: 1,000 deposits into the leases' virtual accounts (November's invoice, exactly), 500 by company
name and exact amount (October's), 500 part payments into virtual accounts, 1,000 deposits nobody owes
(left unmatched) and 7,000 withdrawals. Goal on a 2-core machine: ≤ 10 s and ≤ 300 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import sys
import time
from decimal import Decimal
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.billing_run import _recreate_database  # noqa: E402

GOALS = {"seconds": 10.0, "peak_mb": 300.0}
MARK_BEGIN, MARK_END = "<!-- collections:begin -->", "<!-- collections:end -->"
ACCOUNT = "100234567890"
ROWS = 10_000


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _seed(count: int):
    from billing import services as billing
    from premises.demo import seed_lessor
    from premises.models import M2_PER_PYEONG, Building, Floor, Site, Unit, UnitType
    from receipts.models import VirtualAccount, VirtualAccountAssignment
    from tenants.models import Company, Lease
    from tests.factories import valid_brn

    site = Site.objects.create(name_ko="양재 AI 미래융합혁신특구", name_en="Yangjae AI special zone", slug="yangjae")
    building = Building.objects.create(site=site, name_ko="서초AICT 우수기업센터",
                                       address_ko="서울특별시 서초구 태봉로 114", lessor=seed_lessor())
    unit_type = UnitType.objects.create(code="33", area_pyeong=Decimal("33"), seats_min=24, seats_max=28)
    floors = Floor.objects.bulk_create([Floor(building=building, number=n) for n in range(1, 11)])
    area_m2 = (Decimal("33") * M2_PER_PYEONG).quantize(Decimal("0.01"))
    units = Unit.objects.bulk_create([
        Unit(floor=floors[i % 10], code=f"{i % 10 + 1}F-{i:04d}", unit_type=unit_type, area_m2=area_m2, seats=28,
             status="occupied") for i in range(count)])
    companies = Company.objects.bulk_create([
        Company(name_ko=f"주식회사 양재에이아이{i:04d}", name_en=f"Yangjae AI {i:04d} Inc.",
                business_registration_number=valid_brn(i)) for i in range(count)])
    leases = Lease.objects.bulk_create([
        Lease(company=c, unit=u, status="active", start_date=dt.date(2026, 1, 1), end_date=dt.date(2027, 12, 31),
              area_pyeong=Decimal("33"), rent_per_pyeong=20_000, management_fee_per_pyeong=8_000, deposit=2_000_000,
              relocation_deadline=dt.date(2026, 2, 1)) for c, u in zip(companies, units, strict=True)])
    accounts = VirtualAccount.objects.bulk_create([
        VirtualAccount(bank="신한은행", number=f"5620{i:010d}", holder="서초구청") for i in range(count)])
    VirtualAccountAssignment.objects.bulk_create([
        VirtualAccountAssignment(account=a, lease=lease) for a, lease in zip(accounts, leases, strict=True)])
    with mock.patch("billing.services.invoices.render_pdf", return_value=b"%PDF-1.4"), \
            mock.patch("billing.services.invoices.enqueue_on_commit"):
        for lease in leases:
            for month in (10, 11):
                billing.invoice_issue_for_lease(lease_id=lease.pk, year=2026, month=month,
                                                today=dt.date(2026, month, 1))
    return leases, accounts, companies


def _file(leases, accounts, companies) -> tuple[bytes, int]:
    """The rows oldest first with running balances, written newest first in CP949 as banks do."""
    full = 1_016_400
    entries = []
    for i in range(len(leases)):
        entries.append((accounts[i].number, full, 0, "김대표"))                          # virtual account
    half = len(leases) // 2
    for i in range(half):
        entries.append(("", full, 0, companies[i].name_ko))                               # name and amount
    for i in range(half, len(leases)):
        entries.append((accounts[i].number, 300_000, 0, "박대표"))                        # part payment
    for i in range(1000):
        entries.append(("", 12_345 + i, 0, f"모르는사람{i}"))                              # unmatched
    for i in range(ROWS - len(entries)):
        entries.append(("", 0, 1_000 + i, "자동이체"))                                     # withdrawals
    entries.sort(key=lambda e: (sum(map(ord, e[3])) + e[1] + e[2]) % 101)  # mixed, the same on every run
    start = dt.datetime(2026, 11, 2, 9, 0, 0)
    balance, lines = 500_000_000, []
    for n, (virtual, deposit, withdrawal, who) in enumerate(entries):
        balance += deposit - withdrawal
        when = start + dt.timedelta(minutes=3 * n)
        lines.append(f'{when:%Y.%m.%d %H:%M:%S},{"입금" if deposit else "출금"},{who},"{withdrawal:,}","{deposit:,}",'
                     f'"{balance:,}",{virtual}')
    header = ["거래내역조회", f"계좌번호,{ACCOUNT}", "거래일시,적요,기재내용,출금액,입금액,잔액,가상계좌번호"]
    return "\r\n".join([*header, *reversed(lines)]).encode("cp949"), len(entries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leases", type=int, default=1000)
    parser.add_argument("--no-docs", action="store_true")
    args = parser.parse_args()
    db_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/yp_collect_bench")
    os.environ.update({"DJANGO_SETTINGS_MODULE": "portal.settings.local", "DATABASE_URL": db_url,
                       "DJANGO_DEBUG": "false", "LOG_LEVEL": "WARNING"})
    print(f"preparing {args.leases} leases with two open invoices each and virtual accounts …")
    _recreate_database(db_url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    leases, accounts, companies = _seed(args.leases)
    data, rows = _file(leases, accounts, companies)
    from billing.models import Payment
    from receipts import services
    from receipts.models import BankLayout, BankTransaction
    from receipts.statements import statement_parse

    layout = BankLayout.objects.get(bank="-")
    layout.virtual_account_column = "가상계좌번호"
    layout.save()
    today = dt.date(2026, 11, 30)
    del leases, accounts, companies
    import gc

    gc.collect()
    before = _peak_mb()
    started = time.perf_counter()
    parsed = statement_parse(data, layout=layout, account_number=ACCOUNT)
    parse_s = time.perf_counter() - started
    del parsed
    from django.db import connection

    counter = {"queries": 0}

    def count(execute, sql, params, many, context):
        counter["queries"] += 1
        return execute(sql, params, many, context)

    started, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(count):
        statement = services.statement_import(data=data, layout=layout, account_number=ACCOUNT,
                                              filename="bench.csv", today=today)
    total_s, cpu_s = time.perf_counter() - started, time.process_time() - cpu
    peak = _peak_mb()
    matched = BankTransaction.objects.filter(status="matched").count()
    unmatched = BankTransaction.objects.filter(status="unmatched").count()
    payments = Payment.objects.count()
    started = time.perf_counter()
    again = services.statement_import(data=data, layout=layout, account_number=ACCOUNT, filename="bench.csv",
                                      today=today)
    again_s = time.perf_counter() - started
    lines = [
        f"{rows:,} rows ({len(data) / 1024:,.0f} KiB CP949 CSV) against {args.leases:,} leases' "
        f"{2 * args.leases:,} open invoices",
        f"import and match: **{total_s:.1f} s** (reading and checking the file alone {parse_s:.1f} s); "
        f"{statement.created:,} transactions saved, {matched:,} deposits matched with {payments:,} payments, "
        f"{unmatched:,} left unmatched",
        f"{counter['queries']:,} SQL statements ({counter['queries'] / max(matched, 1):.2f} per matched deposit, "
        f"billing's payment and the two workflows included); this process's own CPU {cpu_s:.1f} s, the rest is "
        f"waiting for PostgreSQL (load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)",
        f"the same file again: {again_s:.1f} s, {again.created} saved",
        f"peak memory of the process: **{peak:.0f} MB** (before the import {before:.0f} MB)",
    ]
    short = []
    if total_s > GOALS["seconds"]:
        short.append(f"import and match {total_s:.1f} s > {GOALS['seconds']:.0f} s")
    if peak > GOALS["peak_mb"]:
        short.append(f"peak {peak:.0f} MB > {GOALS['peak_mb']:.0f} MB")
    print("\n".join(lines))
    print("short of the goals: " + "; ".join(short) if short else "all goals met")
    if not args.no_docs:
        _write_docs(lines, short, args)


def _write_docs(lines: list[str], short: list[str], args) -> None:
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text()
    section = "\n".join([
        MARK_BEGIN,
        "## Collections: a month's bank file imported and matched (`bench/receipts_match.py`)",
        "",
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, PostgreSQL on the same machine, in one process (the admin's "
        "request). Goals: ≤ 10 s and ≤ 300 MB.",
        "",
        *[f"- {line}" for line in lines],
        "- " + ("short of the goals: " + "; ".join(short) if short else "all goals met"),
        "",
        f"Run again with `.venv/bin/python bench/receipts_match.py --leases {args.leases}`.",
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
