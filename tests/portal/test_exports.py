"""The export module: OWASP's rule for formula-like text, CSV with a byte-order mark, XLSX cells that are
text and never formulas, and the registry of exports."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from portal import exports
from portal.exports import csv_response, register, safe_cell, xlsx_response

HOSTILE = ['=HYPERLINK("http://evil.example","x")', "=cmd|' /C calc'!A0", "+1+2", "-1+2", "@SUM(1+1)",
           "\t=1+2", "\r=1+2"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_a_spreadsheet_would_run_gets_a_leading_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["주식회사 양재", "a=b", " =1+1", "'=already", "", "#N/A", "1+1"])
def test_other_text_is_left_as_it_is(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize("value", [-110_000, 0, 1_016_400, Decimal("-5.50"), -0.5, True, None,
                                   datetime.date(2026, 12, 1), datetime.datetime(2026, 12, 1, 9, 0)])
def test_numbers_dates_and_empty_cells_stay_what_they_are(value):
    assert safe_cell(value) is value


def test_other_values_are_written_as_their_text():
    assert safe_cell(gettext_lazy("status")) == str(gettext_lazy("status"))
    assert safe_cell({"path": "=1+1"}) == "{'path': '=1+1'}"


def test_csv_has_a_byte_order_mark_a_download_name_and_inert_text():
    response = csv_response("billing-2026-12.csv", ["Tenant", "Total", "Issued"],
                            [[text, -110_000, datetime.date(2026, 12, 1)] for text in HOSTILE])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="billing-2026-12.csv"')
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Tenant", "Total", "Issued"]
    assert rows[1:] == [["'" + text, "-110000", "2026-12-01"] for text in HOSTILE]


def test_xlsx_cells_are_text_or_numbers_never_formulas():
    rows = [[text, -110_000, datetime.date(2026, 12, 1)] for text in HOSTILE]
    rows.append(["#N/A", Decimal("-5"), None])
    rows.append(["\x01=1+1", 0, None])  # a control character XML cannot hold must not hide the "="
    response = xlsx_response("applications-2026/9.xlsx", ["Tenant", "Total", "Issued"], rows,
                             sheet_title="2026/9", number_formats={2: "#,##0", 3: "yyyy-mm-dd"})
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert "filename*=UTF-8''applications-2026_9.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "2026-9" and sheet.freeze_panes == "A2"
    assert [cell.value for cell in sheet[1]] == ["Tenant", "Total", "Issued"]
    assert all(cell.font.b for cell in sheet[1])
    for row, text in zip(sheet.iter_rows(min_row=2), HOSTILE, strict=False):
        name, total, issued = row
        # An XML parser may read a carriage return back as a line feed (openpyxl's own does; lxml keeps it).
        assert (name.data_type, name.value.replace("\r", "\n")) == ("s", "'" + text.replace("\r", "\n"))
        assert (total.data_type, total.value, total.number_format) == ("n", -110_000, "#,##0")
        assert (issued.value.date(), issued.number_format) == (datetime.date(2026, 12, 1), "yyyy-mm-dd")
    assert (sheet["A9"].data_type, sheet["A9"].value, sheet["B9"].value) == ("s", "#N/A", -5)
    assert sheet["A10"].value == "'=1+1"
    assert not [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


def test_an_export_name_belongs_to_one_function(monkeypatch):
    monkeypatch.setattr(exports, "REGISTRY", {})

    def first():
        pass

    def second():
        pass

    assert register("report")(first).__wrapped__ is first  # the export, behind the access log's guard
    register("report")(first)  # registering the same function again is harmless
    with pytest.raises(ImproperlyConfigured):
        register("report")(second)
    assert exports.REGISTRY == {"report": f"{__name__}.{first.__qualname__}"}
