"""The Hometax bulk-issue file (일괄발급 양식) and its result file, read through the column map staff keep
in the admin (HometaxColumn; its defaults in `ISSUE_COLUMNS` and `RESULT_COLUMNS`, see docs/billing.md for
what was verified against an official source).

`hometax_file_rows` writes the month's draft tax invoices of one lessor as the bulk-issue sheet;
`hometax_result_record` reads Hometax's list of issued tax invoices back and records their approval numbers.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.exceptions import DomainError
from portal.workflow import transition_apply

from .models import HometaxColumn, HometaxFile, Issuer, TaxInvoice, TaxInvoiceKind, approval_number_format
from .workflow import TAX_INVOICE_WORKFLOW, TaxInvoiceStatus

S = TaxInvoiceStatus
SHEET_TITLE = "엑셀업로드양식"
ITEMS_PER_ROW = 4  # the form has four item blocks
KIND_NORMAL = "01"  # 전자(세금)계산서 종류: 01 일반, 02 영세율
PURPOSE_CLAIM = "02"  # 영수(01), 청구(02): rent is billed before it is paid
PREAMBLE = [
    ["전자세금계산서 일괄발급 양식 (양재 AI 특구 포털에서 작성)"],
    ["7행부터 한 행이 세금계산서 한 건입니다. 등록번호는 '-' 없이 숫자만, 작성일자는 YYYYMMDD로 적습니다."],
    ["열 구성은 포털 관리 화면의 '홈택스 열' 표를 따르며, 홈택스 양식이 바뀌면 그 표를 고칩니다."],
    [],
    [],
]

# (header, source, required) of the bulk-issue sheet, column A first. The headers and their order agree in
# two independent implementations of the form; not yet checked against a file downloaded from Hometax.
_ITEM_BLOCK = [("일자{n}(2자리, 작성년월 제외)", "item{n}_day"), ("품목{n}", "item{n}_name"),
               ("규격{n}", "item{n}_spec"), ("수량{n}", "item{n}_quantity"), ("단가{n}", "item{n}_unit_price"),
               ("공급가액{n}", "item{n}_supply"),
               ("세액{n}", "item{n}_vat"), ("품목비고{n}", "item{n}_remark")]
_ITEM_REQUIRED = {"item{n}_day", "item{n}_name", "item{n}_supply", "item{n}_vat"}
ISSUE_COLUMNS: list[tuple[str, str, bool]] = [
    ("전자(세금)계산서 종류(01:일반, 02:영세율)", "kind_code", True), ("작성일자", "write_date", True),
    ("공급자 등록번호('-'없이 입력)", "supplier_brn", True), ("공급자 종사업장번호", "", False),
    ("공급자 상호", "supplier_name", True), ("공급자 성명", "supplier_representative", True),
    ("공급자 사업장주소", "supplier_address", False), ("공급자 업태", "supplier_business_type", False),
    ("공급자 종목", "supplier_business_item", False), ("공급자 이메일", "supplier_email", False),
    ("공급받는자 등록번호('-'없이 입력)", "recipient_brn", True), ("공급받는자 종사업장번호", "", False),
    ("공급받는자 상호", "recipient_name", True), ("공급받는자 성명", "recipient_representative", True),
    ("공급받는자 사업장주소", "recipient_address", False), ("공급받는자 업태", "recipient_business_type", False),
    ("공급받는자 종목", "recipient_business_item", False), ("공급받는자 이메일1", "recipient_email", False),
    ("공급받는자 이메일2", "", False), ("공급가액", "supply", True), ("세액", "vat", True), ("비고", "remark", False),
    *[(header.format(n=n), source.format(n=n), n == 1 and source in _ITEM_REQUIRED)
      for n in range(1, ITEMS_PER_ROW + 1) for header, source in _ITEM_BLOCK],
    ("현금", "", False), ("수표", "", False), ("어음", "", False), ("외상미수금", "", False),
    ("영수(01),청구(02)", "purpose_code", True),
]
# The list of issued tax invoices Hometax downloads (조회/발급 > 목록조회 > 엑셀 내려받기): the columns read.
# Not verified against an official source: correct the positions in the admin after the first real file.
RESULT_COLUMNS: list[tuple[str, str, bool]] = [
    ("작성일자", "write_date", True), ("승인번호", "approval_number", True), ("발급일자", "", False),
    ("전송일자", "", False), ("공급자사업자등록번호", "supplier_brn", True), ("종사업장번호", "", False),
    ("상호", "", False), ("대표자명", "", False), ("주소", "", False),
    ("공급받는자사업자등록번호", "recipient_brn", True), ("종사업장번호", "", False), ("상호", "", False),
    ("대표자명", "", False), ("주소", "", False), ("합계금액", "", False), ("공급가액", "supply", True),
    ("세액", "vat", True), ("전자세금계산서분류", "", False), ("전자세금계산서종류", "", False),
    ("발급유형", "", False), ("비고", "remark", False),
]
VERIFIED_ISSUE = False  # the map's `verified` flag of the defaults (see docs/billing.md)


def columns_seed(apps=None) -> None:
    """Write the default map where staff have none (a data migration and the tests call it)."""
    model = apps.get_model("taxinvoices", "HometaxColumn") if apps else HometaxColumn
    for kind, columns in ((HometaxFile.ISSUE, ISSUE_COLUMNS), (HometaxFile.RESULT, RESULT_COLUMNS)):
        if model.objects.filter(file=kind).exists():
            continue
        model.objects.bulk_create([
            model(file=kind, position=position, header=header, source=source, required=required,
                  verified=VERIFIED_ISSUE if kind == HometaxFile.ISSUE else False)
            for position, (header, source, required) in enumerate(columns, start=1)
        ])


def _columns(kind: str) -> list[HometaxColumn]:
    columns = list(HometaxColumn.objects.filter(file=kind).order_by("position"))
    if not columns:
        raise DomainError(_("The Hometax column map is empty: add its columns in the admin."), code="columns")
    return columns


def _digits(text) -> str:
    return re.sub(r"\D", "", str(text or ""))


# -- the bulk-issue file ----------------------------------------------------------------------------------

def hometax_invoices(*, lessor_id: int, year: int, month: int):
    """The tax invoices the month's file holds: the lessor's drafts of the month (modified tax invoices are
    issued one by one on Hometax's own form for them)."""
    return (TaxInvoice.objects.filter(lessor_id=lessor_id, year=year, month=month, status=S.DRAFT,
                                      kind=TaxInvoiceKind.NORMAL)
            .prefetch_related("items").order_by("mgt_key"))


def _values(tax_invoice: TaxInvoice) -> dict:
    values = {
        "kind_code": KIND_NORMAL, "write_date": tax_invoice.write_date.strftime("%Y%m%d"),
        "supplier_brn": _digits(tax_invoice.supplier_brn), "supplier_name": tax_invoice.supplier_name,
        "supplier_representative": tax_invoice.supplier_representative,
        "supplier_address": tax_invoice.supplier_address, "supplier_business_type": tax_invoice.supplier_business_type,
        "supplier_business_item": tax_invoice.supplier_business_item, "supplier_email": tax_invoice.supplier_email,
        "recipient_brn": _digits(tax_invoice.recipient_brn), "recipient_name": tax_invoice.recipient_name,
        "recipient_representative": tax_invoice.recipient_representative,
        "recipient_address": tax_invoice.recipient_address,
        "recipient_business_type": tax_invoice.recipient_business_type,
        "recipient_business_item": tax_invoice.recipient_business_item, "recipient_email": tax_invoice.recipient_email,
        "supply": tax_invoice.supply, "vat": tax_invoice.vat, "remark": tax_invoice.remark,
        "purpose_code": PURPOSE_CLAIM,
    }
    items = list(tax_invoice.items.all())
    if len(items) > ITEMS_PER_ROW:  # the form has four blocks: the rest become one item
        rest = items[ITEMS_PER_ROW - 1:]
        first = rest[0]
        first.name, first.spec, first.quantity, first.unit_price = "기타", "", None, None
        first.supply, first.vat = sum(i.supply for i in rest), sum(i.vat for i in rest)
        items = [*items[:ITEMS_PER_ROW - 1], first]
    for n, item in enumerate(items, start=1):
        values.update({
            f"item{n}_day": item.supplied_on.strftime("%d"), f"item{n}_name": item.name, f"item{n}_spec": item.spec,
            f"item{n}_quantity": None if item.quantity is None else float(item.quantity),
            f"item{n}_unit_price": item.unit_price, f"item{n}_supply": item.supply, f"item{n}_vat": item.vat,
            f"item{n}_remark": item.remark,
        })
    return values


def hometax_file_rows(*, lessor_id: int, year: int, month: int) -> tuple[list[str], list[list], int]:
    """(header, rows, count) of the month's bulk-issue sheet, through the column map."""
    columns = _columns(HometaxFile.ISSUE)
    width = max(c.position for c in columns)
    header = [""] * width
    for column in columns:
        header[column.position - 1] = column.header
    rows = []
    for tax_invoice in hometax_invoices(lessor_id=lessor_id, year=year, month=month):
        values = _values(tax_invoice)
        row = [None] * width
        for column in columns:
            if column.source:
                row[column.position - 1] = values.get(column.source)
        rows.append(row)
    return header, rows, len(rows)


def hometax_file_bytes(*, lessor_id: int, year: int, month: int) -> bytes:
    from portal.exports import xlsx_bytes

    header, rows, _count = hometax_file_rows(lessor_id=lessor_id, year=year, month=month)
    return xlsx_bytes(header, rows, sheet_title=SHEET_TITLE, preamble=PREAMBLE)


# -- the result file ---------------------------------------------------------------------------------------

@dataclass
class ResultOutcome:
    recorded: list[str] = field(default_factory=list)  # document keys
    already: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # approval numbers found nowhere


def _norm(text) -> str:
    return re.sub(r"\s", "", str(text or ""))


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    digits = _digits(value)
    try:
        return dt.datetime.strptime(digits[:8], "%Y%m%d").date() if len(digits) >= 8 else None
    except ValueError:
        return None


def _amount(value) -> int | None:
    if isinstance(value, int | float):
        return int(value)
    text = re.sub(r"[,\s원]", "", str(value or ""))
    return int(text) if re.fullmatch(r"-?\d+", text) else None


def result_rows_read(rows: list[list]) -> list[dict]:
    """The result file's rows as dicts of the mapped fields. Finds the header row by the required columns'
    headers at their positions; refuses a file without them (DomainError on the file field)."""
    columns = [c for c in _columns(HometaxFile.RESULT) if c.source]
    required = [c for c in columns if c.required]

    def is_header(row) -> bool:
        return all(len(row) >= c.position and _norm(row[c.position - 1]) == _norm(c.header) for c in required)

    start = next((i for i, row in enumerate(rows[:30]) if is_header(row)), None)
    if start is None:
        expected = ", ".join(f"{c.header} ({c.position})" for c in required)
        raise DomainError(_("This is not Hometax's result file: the columns %(columns)s were not found. "
                            "Download the list of issued tax invoices from Hometax as Excel, or correct the "
                            "column map (Hometax columns).") % {"columns": expected}, code="layout", field="file")
    records = []
    for row in rows[start + 1:]:
        row = list(row) + [None] * max(0, max(c.position for c in columns) - len(row))
        values = {c.source: row[c.position - 1] for c in columns}
        if not _norm(values.get("approval_number")):
            continue
        records.append({
            "approval_number": approval_number_format(_norm(values["approval_number"])),
            "write_date": _date(values.get("write_date")),
            "supplier_brn": _digits(values.get("supplier_brn")), "recipient_brn": _digits(values.get("recipient_brn")),
            "supply": _amount(values.get("supply")), "vat": _amount(values.get("vat")),
            "remark": _norm(values.get("remark")),
        })
    if not records:
        raise DomainError(_("The file lists no issued tax invoice."), code="empty", field="file")
    return records


@transaction.atomic
def hometax_result_record(*, lessor, year: int, month: int, rows: list[list], actor) -> ResultOutcome:
    """Record the approval numbers of Hometax's result file on the month's tax invoices of `lessor`.

    A file of another lessor (a supplier's registration number that is not the lessor's) or of another month
    (a date of writing outside those of the month's tax invoices) is refused whole, with the reason on the
    file field. Rows are matched by the invoice number in the remark, else by recipient, date, supply and
    VAT. Safe to upload twice: an approval number already recorded is counted, not recorded again."""
    records = result_rows_read(rows)
    lessor_brn = _digits(lessor.business_registration_number)
    others = sorted({r["supplier_brn"] for r in records if r["supplier_brn"] != lessor_brn})
    if others:
        raise DomainError(_("This file is from another supplier (registration number %(others)s), not from "
                            "%(lessor)s (%(brn)s).") % {"others": ", ".join(others), "lessor": lessor.name,
                                                       "brn": lessor.business_registration_number},
                          code="lessor", field="file")
    candidates = list(TaxInvoice.objects.select_for_update().filter(lessor=lessor, year=year, month=month)
                      .exclude(status=S.CANCELLED))
    if not candidates:
        raise DomainError(_("%(lessor)s has no tax invoices for %(year)s-%(month)02d.")
                          % {"lessor": lessor.name, "year": year, "month": month}, code="month", field="file")
    months = {(t.write_date.year, t.write_date.month) for t in candidates}
    outside = sorted({f"{r['write_date']:%Y-%m}" if r["write_date"] else "?" for r in records
                      if not r["write_date"] or (r["write_date"].year, r["write_date"].month) not in months})
    if outside:
        raise DomainError(_("This file holds tax invoices written in %(outside)s; the tax invoices of %(year)s-"
                            "%(month)02d are written in %(months)s.") % {
            "outside": ", ".join(outside), "year": year, "month": month,
            "months": ", ".join(f"{y}-{m:02d}" for y, m in sorted(months))}, code="month", field="file")
    by_approval = {t.approval_number: t for t in candidates if t.approval_number}
    by_remark = {t.remark: t for t in candidates if t.remark and not t.approval_number}
    by_facts = {(_digits(t.recipient_brn), t.write_date, t.supply, t.vat): t for t in candidates
                if not t.approval_number}
    outcome = ResultOutcome()
    now = timezone.now()
    for record in records:
        if record["approval_number"] in by_approval:
            outcome.already.append(by_approval[record["approval_number"]].mgt_key)
            continue
        tax_invoice = by_remark.pop(record["remark"], None) if record["remark"] else None
        if tax_invoice is None:
            tax_invoice = by_facts.pop((record["recipient_brn"], record["write_date"], record["supply"],
                                        record["vat"]), None)
        if tax_invoice is None or tax_invoice.approval_number:
            outcome.unmatched.append(record["approval_number"])
            continue
        by_facts = {k: v for k, v in by_facts.items() if v.pk != tax_invoice.pk}
        by_remark = {k: v for k, v in by_remark.items() if v.pk != tax_invoice.pk}
        transition_apply(workflow=TAX_INVOICE_WORKFLOW, instance=tax_invoice, name="record_hometax_result",
                         actor=actor, reason=_("Hometax result file"), changes={
                             "approval_number": record["approval_number"], "issuer": Issuer.HOMETAX,
                             "issued_at": tax_invoice.issued_at or now, "nts_result": ""})
        outcome.recorded.append(tax_invoice.mgt_key)
    return outcome
