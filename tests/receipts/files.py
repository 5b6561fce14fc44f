"""Bank files as the banks export them, written for the tests: CSV in CP949 or UTF-8, XLSX."""

from __future__ import annotations

import io

from openpyxl import Workbook

HEADER = ["거래일시", "적요", "기재내용", "출금액", "입금액", "잔액", "거래점"]


def lines(*entries: tuple[str, int, int, str], opening: int = 5_000_000) -> list[list]:
    """(when "2026-11-20 10:00:00", deposit, withdrawal, depositor) → rows with running balances, oldest first."""
    balance, rows = opening, []
    for when, deposit, withdrawal, depositor in entries:
        balance += deposit - withdrawal
        rows.append([when, "타행이체" if deposit else "출금", depositor, withdrawal, deposit, balance, "서초"])
    return rows


def csv_bytes(rows: list[list], *, encoding: str = "cp949", newest_first: bool = True, header=HEADER,
              amounts=lambda v: f"{v:,}") -> bytes:
    ordered = list(reversed(rows)) if newest_first else rows
    out = ["거래내역조회", "계좌번호,1002-345-678901", ",".join(header)]
    for row in ordered:
        cells = [str(c) if i not in (3, 4, 5) else f'"{amounts(c)}"' for i, c in enumerate(row)]
        out.append(",".join(cells))
    out.append("합계,,,,,,")
    return ("\r\n".join(out) + "\r\n").encode(encoding)


def xlsx_bytes(rows: list[list], *, newest_first: bool = True) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["거래내역조회"])
    sheet.append(HEADER)
    for row in (list(reversed(rows)) if newest_first else rows):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


FULL = 1_016_400
ENTRIES_NOVEMBER = [
    ("2026-11-02 09:00:00", 0, 120_000, "전기요금"),
    ("2026-11-10 10:00:00", FULL, 0, "양재에이아이"),
    ("2026-11-12 11:30:05", 300_000, 0, "모르는사람"),
]
