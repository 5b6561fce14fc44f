"""Bank files in: CP949 and UTF-8 CSV and XLSX with the shipped layout; overlapping files and the
account-inquiry API (the real SDK against the local fake) give each deposit once; a bad file names
its row and saves nothing."""

import datetime as dt

import pytest

from billing.models import InvoiceStatus, Payment
from portal.imports import TableError
from receipts import services
from receipts.models import BankLayout, BankTransaction, StatementImport
from receipts.tasks import bank_transactions_fetch_task
from receipts.workflow import TransactionStatus
from tests.fakes.popbill_easyfin import EasyFinBankFake

from .files import HEADER, csv_bytes, lines, xlsx_bytes
from .helpers import lease_with_invoices, virtual_account_for

pytestmark = pytest.mark.django_db
ACCOUNT = "1002-345-678901"
FULL = 1_016_400
TODAY = dt.date(2026, 11, 30)


@pytest.fixture
def layout():
    return BankLayout.objects.get(verified=False, bank="-")


def _import(data, layout, **kwargs):
    return services.statement_import(data=data, layout=layout, account_number=ACCOUNT, filename="거래내역.csv",
                                     today=TODAY, **kwargs)


ENTRIES = [
    ("2026-11-02 09:00:00", 0, 120_000, "전기요금"),
    ("2026-11-10 10:00:00", FULL, 0, "양재에이아이"),
    ("2026-11-12 11:30:05", 300_000, 0, "모르는사람"),
    ("2026-11-15 14:00:00", FULL, 0, "딥러닝랩"),
    ("2026-11-18 16:20:00", 0, 50_000, "수수료"),
    ("2026-11-20 09:10:00", FULL, 0, "비전소프트"),
    ("2026-11-25 13:00:00", 1_000, 0, "이자"),
]


def test_a_cp949_csv_is_read_newest_first_with_separators_and_its_deposits_matched(layout):
    lease, (invoice,) = lease_with_invoices((2026, 11), company__name_ko="(주)양재에이아이")

    statement = _import(csv_bytes(lines(*ENTRIES[:3])), layout)

    assert (statement.rows, statement.created, statement.duplicates) == (3, 3, 0)
    got = list(BankTransaction.objects.order_by("occurred_at").values_list("deposit", "withdrawal", "status"))
    assert got == [(0, 120_000, TransactionStatus.WITHDRAWAL), (FULL, 0, TransactionStatus.MATCHED),
                   (300_000, 0, TransactionStatus.UNMATCHED)]
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID


def test_the_same_file_twice_creates_nothing_the_second_time(layout):
    data = csv_bytes(lines(*ENTRIES[:3]), encoding="utf-8-sig")
    _import(data, layout)
    again = _import(data, layout)
    assert (again.created, again.duplicates) == (0, 3)
    assert BankTransaction.objects.count() == 3


def test_overlapping_files_and_the_api_give_each_deposit_once(layout, popbill_fake, settings):
    companies = ["양재에이아이", "딥러닝랩", "비전소프트"]
    invoices = [lease_with_invoices((2026, 11), company__name_ko=name)[1][0] for name in companies]
    rows = lines(*ENTRIES)
    settings.RECEIPTS_POPBILL_ACCOUNTS, settings.RECEIPTS_POPBILL_DAYS = [f"0020:{ACCOUNT}"], 30
    bank = EasyFinBankFake(popbill_fake, polls_until_done=1).install()
    bank.lines = [EasyFinBankFake.line(when=r[0].replace("-", "").replace(":", "").replace(" ", ""),
                                       deposit=r[4], withdrawal=r[3], balance=r[5], depositor=r[2]) for r in rows]

    first = _import(csv_bytes(rows[:4]), layout)                       # 2 to 15 November
    second = _import(xlsx_bytes(rows[2:6]), layout)                    # 12 to 20 November: two rows again
    with _today(dt.date(2026, 11, 26)):
        fetched = bank_transactions_fetch_task.apply().get()           # the API: everything, the 25th too

    assert (first.created, second.created, second.duplicates) == (4, 2, 2)
    assert fetched == {ACCOUNT.replace("-", ""): {"rows": 7, "new": 1, "matched": 0}}
    assert BankTransaction.objects.count() == 7
    assert BankTransaction.objects.filter(deposit=FULL).count() == 3
    for invoice in invoices:
        assert Payment.objects.filter(invoice=invoice).count() == 1
        invoice.refresh_from_db()
        assert invoice.status == InvoiceStatus.PAID
    (job,) = popbill_fake.calls("POST", r"/EasyFin/Bank/BankAccount")
    assert job.query["BankCode"] == ["0020"] and job.query["AccountNumber"] == [ACCOUNT.replace("-", "")]


def test_the_api_gives_the_virtual_account_number_where_the_bank_puts_it_in_a_remark(popbill_fake, settings):
    lease, (invoice,) = lease_with_invoices((2026, 11))
    account = virtual_account_for(lease)
    settings.RECEIPTS_POPBILL_ACCOUNTS = [f"0088:{ACCOUNT}"]
    bank = EasyFinBankFake(popbill_fake, polls_until_done=2).install()
    bank.lines = [EasyFinBankFake.line(when="20261121103000", deposit=FULL, balance=9_000_000, depositor="김철수",
                                       remark2=account.number)]
    from receipts import bank_feed

    rows = bank_feed.fetch_rows(account=bank_feed.feed_accounts()[0], start=dt.date(2026, 11, 20),
                                end=dt.date(2026, 11, 21), known_virtual_accounts={account.number},
                                sleep=lambda seconds: None)

    assert [(r.deposit, r.virtual_account_number, r.depositor_name) for r in rows] == [(FULL, account.number, "김철수")]
    assert len(popbill_fake.calls("GET", r"/EasyFin/Bank/\d{18}/State")) == 2


def test_without_popbill_the_fetch_is_off(settings):
    settings.POPBILL_LINK_ID = ""
    assert bank_transactions_fetch_task.apply().get() == {"off": True}


@pytest.mark.parametrize(("data", "row", "code"), [
    ("도\xa0".encode("utf-16"), 1, "encoding"),
    (csv_bytes(lines(*ENTRIES[:3]), header=[h if h != "잔액" else "비고" for h in HEADER]), 3, "columns"),
    (csv_bytes(lines(*ENTRIES[:3]), amounts=lambda v: f"{v:,}".replace(",", ".") if v > 999 else str(v)), 4,
     "amount"),
    (csv_bytes(lines(*ENTRIES[:3]), amounts=lambda v: "1,01,6400" if v == FULL else f"{v:,}"), 5, "amount"),
], ids=["utf-16", "missing-balance-column", "dots-as-separators", "misplaced-comma"])
def test_a_bad_file_names_the_row_and_saves_nothing(layout, data, row, code):
    with pytest.raises(TableError) as refused:
        _import(data, layout)
    assert (refused.value.row, refused.value.code) == (row, code)
    assert f"{row}" in str(refused.value)
    assert not StatementImport.objects.exists() and not BankTransaction.objects.exists()


def test_a_balance_that_does_not_follow_names_its_row(layout):
    rows = lines(*ENTRIES[:4])
    rows[2][5] += 1  # the third transaction's balance is one won off; the file lists it on line 5
    with pytest.raises(TableError) as refused:
        _import(csv_bytes(rows), layout)
    assert refused.value.code == "balance" and refused.value.row == 5
    assert not BankTransaction.objects.exists()


def test_a_cp949_line_pasted_into_a_utf8_file_is_named(layout):
    good = csv_bytes(lines(*ENTRIES[:2]), encoding="utf-8")
    data = good.replace("양재에이아이".encode(), "양재에이아이".encode("cp949"))
    with pytest.raises(TableError) as refused:
        _import(data, layout)
    assert refused.value.code == "encoding" and refused.value.row == 4


class _today:
    """The feed's window ends on `day` (the fetch reads the days before it)."""

    def __init__(self, day):
        self.day = day

    def __enter__(self):
        from unittest import mock

        self.patch = mock.patch("receipts.bank_feed.timezone.localdate", return_value=self.day)
        self.patch.start()

    def __exit__(self, *exc):
        self.patch.stop()
