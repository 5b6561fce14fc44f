"""The compute operator's monthly usage file (CSV or XLSX, read by portal/imports.py): one row per allocation
and month, with the allocation's number, the month and the GPU-hours used.

The file is taken whole or not at all: every row is checked first (a known allocation of the staff member's
programmes, a month of its term, hours that fit what remains of the month, counting the rows above it); any
row refused lists every refusal with its row number and nothing is recorded. A valid file is recorded in one
transaction, the allocations locked as `usage_record` locks them and the rows checked again, so a report
arriving meanwhile is counted before the file's rows are (a row it pushed over the month's hours refuses the
whole file). The same file (by its SHA-256) is never imported twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from portal.exceptions import DomainError
from portal.formatting import format_kst
from portal.imports import TableError, table_rows

from .models import Allocation, UsageImport, UsageReport, UsageSource
from .services import usage_check

NUMBER_HEADERS = {"allocation", "allocationnumber", "number", "할당번호", "배정번호"}
MONTH_HEADERS = {"month", "사용월", "월", "usagemonth"}
HOURS_HEADERS = {"hours", "gpuhours", "gpu-hours", "사용시간", "gpu사용시간", "usedhours"}
MONTH_TEXT = re.compile(r"^(\d{4})\s*[-./년]?\s*(\d{1,2})\s*월?(?:[-./]\s*0?1\.?)?$")


@dataclass(frozen=True)
class Row:
    line: int
    number: str
    month: dt.date
    hours: Decimal


@dataclass
class ImportResult:
    usage_import: UsageImport | None = None
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (row, allocation as written, message)


def _norm(value) -> str:
    return str(value or "").strip().replace(" ", "").replace("_", "").lower()


def _month(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.replace(day=1)
    match = MONTH_TEXT.match(str(value or "").strip())
    if not match or not 1 <= int(match[2]) <= 12:
        return None
    return dt.date(int(match[1]), int(match[2]), 1)


def _hours(value) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        hours = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        return None
    if not hours.is_finite() or hours != hours.quantize(Decimal("0.01")):
        return None
    return hours


def _columns(rows: list[list]) -> tuple[int, int, int, int]:
    """(header row index, allocation, month, hours columns)."""
    for index, row in enumerate(rows[:10]):
        cells = [_norm(cell) for cell in row]
        if any(cell in NUMBER_HEADERS for cell in cells):
            try:
                return (index, next(i for i, c in enumerate(cells) if c in NUMBER_HEADERS),
                        next(i for i, c in enumerate(cells) if c in MONTH_HEADERS),
                        next(i for i, c in enumerate(cells) if c in HOURS_HEADERS))
            except StopIteration:
                raise TableError(_("Row %(row)s (the header) needs the columns allocation (할당번호), month "
                                   "(사용월) and hours (사용시간).") % {"row": index + 1}, row=index + 1,
                                 code="columns") from None
    raise TableError(_("No header row with the columns allocation (할당번호), month (사용월) and hours (사용시간) "
                       "in the first 10 rows."), code="columns")


def _read(rows: list[list]) -> tuple[list[Row], list[tuple[int, str, str]]]:
    index, number_at, month_at, hours_at = _columns(rows)
    parsed, errors = [], []
    for line, row in enumerate(rows[index + 1:], start=index + 2):
        def cell(position, row=row):
            return row[position] if position < len(row) else None

        number = str(cell(number_at) or "").strip()
        if not number and cell(month_at) in (None, "") and cell(hours_at) in (None, ""):
            continue
        month, hours = _month(cell(month_at)), _hours(cell(hours_at))
        if not number:
            errors.append((line, number, _("The allocation number is missing.")))
        elif month is None:
            errors.append((line, number, _("“%(value)s” is not a month (for example 2026-03).")
                           % {"value": cell(month_at) or ""}))
        elif hours is None:
            errors.append((line, number, _("“%(value)s” is not a number of hours (for example 120.5).")
                           % {"value": cell(hours_at) or ""}))
        else:
            parsed.append(Row(line=line, number=number.upper(), month=month, hours=hours))
    return parsed, errors


def _check(rows: list[Row], allocations: dict[str, Allocation], used: dict[tuple[int, dt.date], Decimal]
           ) -> list[tuple[int, str, str]]:
    """Each row against its allocation, counting the usage recorded and the rows above it."""
    errors = []
    for row in rows:
        allocation = allocations.get(row.number)
        if allocation is None:
            errors.append((row.line, row.number, _("No allocation of your programmes has this number.")))
            continue
        key = (allocation.pk, row.month)
        try:
            usage_check(allocation=allocation, month=row.month, hours=row.hours, used=used.get(key, Decimal(0)))
        except DomainError as error:
            errors.append((row.line, row.number, error.message))
        else:
            used[key] = used.get(key, Decimal(0)) + row.hours
    return errors


def _recorded(allocation_ids) -> dict[tuple[int, dt.date], Decimal]:
    rows = (UsageReport.objects.filter(allocation_id__in=allocation_ids).order_by().values("allocation_id", "month")
            .annotate(total=Sum("hours")).values_list("allocation_id", "month", "total"))
    return {(allocation_id, month): total for allocation_id, month, total in rows}


class _Refused(Exception):
    def __init__(self, errors):
        self.errors = errors


def usage_import(*, data: bytes, filename: str, actor, programme_ids: frozenset[int] | None) -> ImportResult:
    """Record every row of the operator's file, or none and the refusal of each bad row. TableError (or a
    DomainError for a file imported before) when the file as a whole cannot be taken."""
    digest = hashlib.sha256(data).hexdigest()
    earlier = UsageImport.objects.filter(sha256=digest).first()
    if earlier is not None:
        raise DomainError(_("This file was already imported (%(when)s, %(name)s).") % {
            "when": format_kst(earlier.imported_at), "name": earlier.filename}, code="duplicate", field="file")
    rows, errors = _read(table_rows(data))
    if not rows and not errors:
        raise TableError(_("The file has no rows of usage."), code="empty")
    allocations = Allocation.objects.filter(number__in={row.number for row in rows})
    if programme_ids is not None:
        allocations = allocations.filter(pool__programme_id__in=programme_ids)
    by_number = {allocation.number: allocation for allocation in allocations}
    errors += _check(rows, by_number, _recorded([a.pk for a in by_number.values()]))
    if errors:
        return ImportResult(errors=sorted(errors))
    try:
        with transaction.atomic():
            locked = {a.pk: a for a in Allocation.objects.select_for_update().filter(
                pk__in=[a.pk for a in by_number.values()]).order_by("pk")}
            late = _check(rows, {number: locked[a.pk] for number, a in by_number.items()},
                          _recorded(list(locked)))
            if late:
                raise _Refused(late)
            record = UsageImport.objects.create(filename=filename[:255], sha256=digest, rows=len(rows),
                                                hours=sum((row.hours for row in rows), Decimal(0)),
                                                imported_by=actor)
            UsageReport.objects.bulk_create(
                UsageReport(allocation_id=by_number[row.number].pk, month=row.month, hours=row.hours,
                            source=UsageSource.IMPORT, reported_by=actor, usage_import=record) for row in rows)
    except _Refused as refused:
        return ImportResult(errors=sorted(refused.errors))
    except IntegrityError:  # the same file imported at the same moment
        raise DomainError(_("This file is being imported already."), code="duplicate", field="file") from None
    return ImportResult(usage_import=record)
