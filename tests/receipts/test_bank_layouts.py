"""The bank layouts shipped as data: each with its source and left unverified (none comes from a bank's own
specification); Woori Bank's "최근거래내역조회" export, as the public tool the layout was taken from reads it
(title row, header on the fourth row, 지급(원)/입금(원)/거래후 잔액(원), oldest first), imported and matched."""

import datetime as dt

import pytest

from billing.models import InvoiceStatus
from receipts import services
from receipts.models import BankLayout, BankTransaction
from receipts.workflow import TransactionStatus

from .helpers import lease_with_invoices

pytestmark = pytest.mark.django_db
FULL = 1_016_400
WOORI_HEADER = ["No.", "거래일시", "적요", "기재내용", "지급(원)", "입금(원)", "거래후 잔액(원)", "취급점", "메모",
                "수표·어음·증권금액(원)"]


def _woori_file() -> bytes:
    rows = [
        ["1", "2026.11.02 09:00:00", "자동이체", "한국전력", "120,000", "0", "4,880,000", "서초", "", "0"],
        ["2", "2026.11.10 10:00:00", "타행이체", "양재에이아이", "0", f"{FULL:,}", f"{4_880_000 + FULL:,}", "양재",
         "", "0"],
    ]
    out = ["최근거래내역조회", "조회기간,2026.11.01 ~ 2026.11.30", "계좌번호,1005-123-456789", ",".join(WOORI_HEADER)]
    out += [",".join(f'"{c}"' for c in row) for row in rows]
    return ("\r\n".join(out) + "\r\n").encode("cp949")


def test_every_shipped_layout_names_its_source_and_none_is_marked_verified():
    layouts = list(BankLayout.objects.all())
    assert {layout.bank for layout in layouts} >= {"-", "우리은행"}
    assert all(not layout.verified and layout.source for layout in layouts)
    assert "mohenjo/woori_xls_conv" in BankLayout.objects.get(bank="우리은행").source


def test_a_woori_bank_export_is_read_with_its_layout_and_its_deposit_matched():
    _lease, (invoice,) = lease_with_invoices((2026, 11), company__name_ko="양재에이아이")

    statement = services.statement_import(data=_woori_file(), layout=BankLayout.objects.get(bank="우리은행"),
                                          account_number="1005-123-456789", filename="최근거래내역조회.csv",
                                          today=dt.date(2026, 11, 30))

    assert statement.created == 2
    assert list(BankTransaction.objects.order_by("occurred_at").values_list(
        "withdrawal", "deposit", "balance", "depositor_name", "status")) == [
        (120_000, 0, 4_880_000, "한국전력", TransactionStatus.WITHDRAWAL),
        (0, FULL, 4_880_000 + FULL, "양재에이아이", TransactionStatus.MATCHED)]
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID
