"""Reading a bank's transaction list with a column layout: rows in, transactions out, or one clear
message naming the row and nothing at all.

Checks: the header row has every column the layout names; each date, time and amount reads; amounts
are whole won, with or without thousands separators placed where they belong ("1,016,400"); each
balance follows from the previous row's (previous + deposit − withdrawal).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from portal.imports import TableError, table_rows

HEADER_SEARCH_ROWS = 30
# Columns a file may lack: the time (when the date column holds it), the description, the virtual account.
OPTIONAL_COLUMNS = {"time", "description", "virtual_account"}
_AMOUNT = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.0+)?$")
_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y%m%d%H%M%S", "%Y%m%d")
_TIME_FORMATS = ("%H:%M:%S", "%H:%M", "%H%M%S")


@dataclass
class Row:
    line: int
    occurred_at: dt.datetime
    deposit: int
    withdrawal: int
    balance: int | None
    depositor_name: str
    description: str
    virtual_account_number: str = ""
    bank_reference: str = ""
    fingerprint: str = ""


def digits(value) -> str:
    return re.sub(r"\D", "", str(value or ""))


def fingerprint(*, account_number: str, occurred_at: dt.datetime, deposit: int, withdrawal: int,
                balance: int | None) -> str:
    """The bank's own identity of a line: the same in every export of the account and in the API."""
    local = timezone.localtime(occurred_at)
    key = f"{digits(account_number)}|{local:%Y%m%d%H%M%S}|{deposit}|{withdrawal}|{'' if balance is None else balance}"
    return hashlib.sha256(key.encode()).hexdigest()


def _cell(value) -> str:
    return "" if value is None else str(value).strip()


def _names(spec: str) -> list[str]:
    return [_normal_header(n) for n in spec.split("|") if n.strip()]


def _normal_header(value) -> str:
    return re.sub(r"[\s()\[\]]", "", _cell(value)).lower()


def parse_amount(value, *, line: int, label: str) -> int:
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        raise TableError(_("Row %(row)s: the %(column)s “%(value)s” is not an amount in won.")
                         % {"row": line, "column": label, "value": value}, row=line, code="amount")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value != int(value):
            raise TableError(_("Row %(row)s: the %(column)s “%(value)s” is not a whole number of won.")
                             % {"row": line, "column": label, "value": value}, row=line, code="amount")
        return int(value)
    text = str(value).strip().replace("원", "").replace("₩", "").replace(" ", "")
    if text in ("", "-"):
        return 0
    if not _AMOUNT.match(text):
        raise TableError(_("Row %(row)s: the %(column)s “%(value)s” is not an amount in won (digits, with commas "
                           "only between groups of three).") % {"row": line, "column": label, "value": value},
                         row=line, code="amount")
    return int(text.split(".")[0].replace(",", ""))


def parse_when(date_value, time_value, *, line: int) -> dt.datetime:
    if isinstance(date_value, dt.datetime):
        when = date_value
    elif isinstance(date_value, dt.date):
        when = dt.datetime.combine(date_value, dt.time())
    else:
        text = re.sub(r"[./]", "-", _cell(date_value)).replace("T", " ")
        text = re.sub(r"\s+", " ", text)
        when = None
        for fmt in _DATE_FORMATS:
            try:
                when = dt.datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        if when is None:
            raise TableError(_("Row %(row)s: “%(value)s” is not a date (for example 2026-12-01 or 2026.12.01).")
                             % {"row": line, "value": date_value}, row=line, code="date")
    if time_value not in (None, ""):
        if isinstance(time_value, dt.time):
            when = dt.datetime.combine(when.date(), time_value)
        elif isinstance(time_value, dt.datetime):
            when = dt.datetime.combine(when.date(), time_value.time())
        else:
            text, parsed = _cell(time_value), None
            for fmt in _TIME_FORMATS:
                try:
                    parsed = dt.datetime.strptime(text.zfill(6) if fmt == "%H%M%S" else text, fmt).time()
                    break
                except ValueError:
                    continue
            if parsed is None:
                raise TableError(_("Row %(row)s: “%(value)s” is not a time (for example 09:30:12).")
                                 % {"row": line, "value": time_value}, row=line, code="time")
            when = dt.datetime.combine(when.date(), parsed)
    return timezone.make_aware(when) if timezone.is_naive(when) else when


def _header(rows: list[list], layout) -> tuple[int, dict[str, int]]:
    fields = {
        "date": layout.date_column, "time": layout.time_column, "description": layout.description_column,
        "depositor": layout.depositor_column, "deposit": layout.deposit_column,
        "withdrawal": layout.withdrawal_column, "balance": layout.balance_column,
        "virtual_account": layout.virtual_account_column,
    }
    wanted = {key: _names(spec) for key, spec in fields.items() if spec.strip()}
    date_names = wanted["date"]
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cells = [_normal_header(c) for c in row]
        if not any(c in date_names for c in cells):
            continue
        found, missing = {}, []
        for key, names in wanted.items():
            position = next((i for i, c in enumerate(cells) if c in names), None)
            if position is None and key in OPTIONAL_COLUMNS:
                continue
            if position is None:
                missing.append(getattr(layout, f"{key}_column").split("|")[0])
            else:
                found[key] = position
        if missing:
            raise TableError(_("Row %(row)s (the header): the column(s) %(missing)s of the layout “%(layout)s” are "
                               "missing. Check that the file is this bank's transaction list.")
                             % {"row": index + 1, "missing": ", ".join(f"“{m}”" for m in missing),
                                "layout": layout.label}, row=index + 1, code="columns")
        return index, found
    raise TableError(_("No header row with the column “%(column)s” in the first %(count)s rows: the file does not "
                       "follow the layout “%(layout)s”, or it is in another encoding.")
                     % {"column": layout.date_column.split("|")[0], "count": HEADER_SEARCH_ROWS,
                        "layout": layout.label}, code="columns")


def statement_parse(data: bytes, *, layout, account_number: str) -> list[Row]:
    """Every transaction of the file in the bank's order (oldest first), or TableError naming the row."""
    rows = table_rows(data)
    header_index, columns = _header(rows, layout)

    def get(row, key):
        position = columns.get(key)
        return row[position] if position is not None and position < len(row) else None

    parsed: list[Row] = []
    for index in range(header_index + 1, len(rows)):
        row, line = rows[index], index + 1
        date_value = get(row, "date")
        if not isinstance(date_value, dt.date) and not re.search(r"\d", _cell(date_value)):
            continue  # blank lines, totals (합계) and notes under the list: no date at all
        when = parse_when(date_value, get(row, "time"), line=line)
        deposit = parse_amount(get(row, "deposit"), line=line, label=_("deposit"))
        withdrawal = parse_amount(get(row, "withdrawal"), line=line, label=_("withdrawal"))
        balance = parse_amount(get(row, "balance"), line=line, label=_("balance"))
        if deposit < 0 or withdrawal < 0:
            raise TableError(_("Row %(row)s: a deposit or withdrawal below zero.") % {"row": line}, row=line,
                             code="amount")
        if deposit and withdrawal:
            raise TableError(_("Row %(row)s: a deposit and a withdrawal on the same line.") % {"row": line},
                             row=line, code="amount")
        parsed.append(Row(line=line, occurred_at=when, deposit=deposit, withdrawal=withdrawal, balance=balance,
                          depositor_name=_cell(get(row, "depositor"))[:100],
                          description=_cell(get(row, "description"))[:200],
                          virtual_account_number=digits(get(row, "virtual_account"))[:30]))
    if layout.newest_first:
        parsed.reverse()
    for previous, row in zip(parsed, parsed[1:], strict=False):
        expected = previous.balance + row.deposit - row.withdrawal
        if row.balance != expected:
            raise TableError(_("Row %(row)s: the balance %(balance)s does not follow from the previous row's "
                               "(%(previous)s + %(deposit)s − %(withdrawal)s = %(expected)s). Rows are missing or "
                               "out of order, or the file was edited.")
                             % {"row": row.line, "balance": f"{row.balance:,}", "previous": f"{previous.balance:,}",
                                "deposit": f"{row.deposit:,}", "withdrawal": f"{row.withdrawal:,}",
                                "expected": f"{expected:,}"}, row=row.line, code="balance")
    for row in parsed:
        row.fingerprint = fingerprint(account_number=account_number, occurred_at=row.occurred_at,
                                      deposit=row.deposit, withdrawal=row.withdrawal, balance=row.balance)
    seen = {}
    for row in parsed:
        if row.fingerprint in seen:
            raise TableError(_("Row %(row)s repeats row %(first)s (same time, amounts and balance).")
                             % {"row": row.line, "first": seen[row.fingerprint]}, row=row.line, code="repeat")
        seen[row.fingerprint] = row.line
    return parsed
