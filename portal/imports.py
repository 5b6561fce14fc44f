"""The one reader of uploaded CSV and XLSX tables (as portal/exports.py is the one writer).

CSV is decoded as UTF-8 (with or without a byte-order mark) or else CP949, the superset of EUC-KR that
Korean banks and Excel in Korean use; a file that is neither names the first line that cannot be read.
XLSX is read with openpyxl in read-only mode, values only (no formulas run, nothing external loaded).
The legacy binary .xls format is refused with a message to save the file as XLSX or CSV.
"""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from .exceptions import DomainError

ENCODINGS = ("utf-8-sig", "cp949")


class TableError(DomainError):
    """An uploaded table that cannot be read; `row` is the 1-based line or row when known."""

    def __init__(self, message: str, *, row: int | None = None, code: str = "table"):
        super().__init__(message, code=code)
        self.row = row


def _reads(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _decode(data: bytes) -> str:
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    # The row where the file stops reading in the encoding that reads furthest (a CP949 file with one
    # line pasted in as UTF-8 names that line).
    lines = data.split(b"\n")
    bad = max(next((n for n, line in enumerate(lines, start=1) if not _reads(line, encoding)), 1)
              for encoding in ("utf-8", "cp949"))
    raise TableError(_("Row %(row)s cannot be read as UTF-8 or as CP949 (EUC-KR), the encodings banks export in. "
                       "Save the file again as CSV (UTF-8 or CP949) or as XLSX.") % {"row": bad},
                     row=bad, code="encoding")


def table_rows(data: bytes) -> list[list]:
    """The rows of a CSV or XLSX file, each a list of cell values (str for CSV; str, int, float,
    datetime or None for XLSX)."""
    if data[:4] == b"PK\x03\x04":
        return _xlsx_rows(data)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise TableError(_("This is an old Excel (.xls) file. Save it as XLSX or CSV and upload it again."),
                         code="format")
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text, newline=""), dialect)]


def _xlsx_rows(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001  (zip, XML and openpyxl's own errors alike)
        raise TableError(_("The spreadsheet cannot be read (%(error)s).") % {"error": type(error).__name__},
                         code="format") from error
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
