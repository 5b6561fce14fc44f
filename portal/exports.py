"""Every CSV and XLSX file the portal writes: cells a spreadsheet cannot run as formulas, a safe file name."""

from __future__ import annotations

import csv
import datetime
import functools
import io
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from itertools import chain

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.module_loading import import_string

from .uploads import content_disposition

# OWASP's CSV-injection rule: text starting with one of these is read as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Cells written as they are: numbers stay numbers (negative amounts too), dates stay dates.
KEPT_TYPES = (int, float, Decimal, datetime.date, datetime.time)

# name → "module.qualname" of the function that writes the export
REGISTRY: dict[str, str] = {}


def register(name: str) -> Callable:
    """Record the decorated view, admin view or admin action as the export `name`.

    Every function that calls `csv_response` or `xlsx_response` carries it: `tests/security/test_exports.py`
    finds those functions in the source, checks that each is registered and sends each registered export a
    hostile value through its admin page, so a new export needs a case there.

    The function receives the request among its arguments (`request=` for a plain function): every call
    goes through PORTAL_EXPORT_GUARD, which asks the user for a reason and records the export in the
    access log (privacy/access_reason.py)."""

    def decorate(func: Callable) -> Callable:
        path = f"{func.__module__}.{func.__qualname__}"
        if REGISTRY.setdefault(name, path) != path:
            raise ImproperlyConfigured(f"Two exports are named {name!r}: {REGISTRY[name]} and {path}.")

        @functools.wraps(func)
        def guarded(*args, **kwargs):
            request = next((a for a in (*args, *kwargs.values()) if isinstance(a, HttpRequest)), None)
            if request is None:
                raise ImproperlyConfigured(f"The export {name!r} must be called with the request.")
            guard = import_string(settings.PORTAL_EXPORT_GUARD)
            return guard(request, name, lambda: func(*args, **kwargs))

        return guarded

    return decorate


def safe_cell(value):
    """The cell as a spreadsheet should show it: text starting with = + - @, a tab or a carriage return
    gets a leading apostrophe; numbers (negative ones too), dates and empty cells stay as they are."""
    if value is None or isinstance(value, KEPT_TYPES):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _download(response: HttpResponse, filename: str) -> HttpResponse:
    # A "/" in a name part (a call's code) is not a folder: keep the whole name.
    response["Content-Disposition"] = content_disposition(re.sub(r"[/\\]", "_", filename))
    response["Cache-Control"] = "private, no-store"
    return response


def _csv_value(value):
    value = safe_cell(value)
    return value.isoformat() if isinstance(value, datetime.date | datetime.time) else value


def csv_response(filename: str, header: Sequence, rows: Iterable[Sequence]) -> HttpResponse:
    """A CSV download in UTF-8 with a byte-order mark, so that spreadsheet programs read Korean text."""
    response = _download(HttpResponse(content_type="text/csv; charset=utf-8"), filename)
    response.write("\ufeff")
    writer = csv.writer(response)
    for row in chain([header], rows):
        writer.writerow([_csv_value(value) for value in row])
    return response


def _xlsx_value(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.make_naive(value)  # Excel has no time zones: local time
    if value is None or isinstance(value, KEPT_TYPES):
        return value
    # Control characters XML cannot hold are dropped first, so that none can hide a leading "=".
    return safe_cell(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def xlsx_bytes(header: Sequence, rows: Iterable[Sequence], *, sheet_title: str,
               number_formats: dict[int, str] | None = None, preamble: Sequence[Sequence] = ()) -> bytes:
    """The XLSX file of one sheet: `preamble` rows (a form's notes) above a bold, frozen header row; text
    cells always text, never formulas.

    `number_formats` maps a column (1 for A) to the Excel number format of its cells below the header."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    number_formats = number_formats or {}
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = re.sub(r"[\\/*?:\[\]]", "-", sheet_title)[:31] or "Sheet1"
    bold = Font(bold=True)
    header_row = len(preamble) + 1
    for row_number, row in enumerate(chain(preamble, [header], rows), start=1):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column, value=_xlsx_value(value))
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl would otherwise read "=…" as a formula and "#N/A" as an error
            if row_number == header_row:
                cell.font = bold
            elif row_number > header_row and column in number_formats:
                cell.number_format = number_formats[column]
    sheet.freeze_panes = f"A{header_row + 1}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, header: Sequence, rows: Iterable[Sequence], *, sheet_title: str,
                  number_formats: dict[int, str] | None = None, preamble: Sequence[Sequence] = ()) -> HttpResponse:
    """An XLSX download of one sheet (see `xlsx_bytes`)."""
    content = xlsx_bytes(header, rows, sheet_title=sheet_title, number_formats=number_formats, preamble=preamble)
    return _download(HttpResponse(content, content_type=XLSX_CONTENT_TYPE), filename)


class SpreadsheetUnreadable(ValueError):
    """An uploaded file that is neither an XLSX workbook nor a UTF-8 CSV file."""


def spreadsheet_rows(file, *, max_rows: int = 10_000) -> list[list]:
    """The cells of an uploaded XLSX (its first sheet) or CSV file, row by row, as values (numbers stay
    numbers, text stays text; nothing is evaluated). Refuses more than `max_rows` rows."""
    from openpyxl import load_workbook

    data = file.read()
    rows: list[list] = []
    if data[:2] == b"PK":  # a ZIP container: XLSX
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 (openpyxl raises many kinds on a damaged file)
            raise SpreadsheetUnreadable(str(exc)) from exc
        source = workbook.worksheets[0].iter_rows(values_only=True)
    else:
        try:
            source = csv.reader(io.StringIO(data.decode("utf-8-sig")))
        except UnicodeDecodeError as exc:
            raise SpreadsheetUnreadable(str(exc)) from exc
    for row in source:
        if len(rows) >= max_rows:
            raise SpreadsheetUnreadable(f"more than {max_rows} rows")
        rows.append(list(row))
    return rows
