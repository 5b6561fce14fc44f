"""Demo data of collections: a pool of virtual accounts given to the running leases, a bank file of last
month (a deposit into a virtual account paying an invoice with a little over, one nobody owes), a
depositor name, a refund of the overpayment awaiting a second staff member, and the month before last
closed with one adjustment. Safe to run again."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from billing.models import OPEN_STATUSES, Invoice, InvoiceKind
from premises.models import Building
from tenants.models import Company

from . import services
from .models import (
    BankTransaction,
    CollectionMonth,
    DepositorAlias,
    Refund,
    RefundSource,
    TransactionSource,
    VirtualAccount,
)
from .statements import Row, fingerprint

DEMO_ACCOUNT = "140012345678"


def _row(when: dt.datetime, deposit: int, balance: int, depositor: str, virtual: str = "") -> Row:
    row = Row(line=1, occurred_at=when, deposit=deposit, withdrawal=0, balance=balance, depositor_name=depositor,
              description="타행이체", virtual_account_number=virtual)
    row.fingerprint = fingerprint(account_number=DEMO_ACCOUNT, occurred_at=when, deposit=deposit, withdrawal=0,
                                  balance=balance)
    return row


def seed_receipts(*, users: dict, building: Building, stdout=None) -> None:
    staff = users.get("staff@demo.yangjae-ai.kr")
    for n in range(1, 21):
        VirtualAccount.objects.get_or_create(number=f"5620{n:010d}", defaults={
            "bank": "신한은행", "holder": "서울특별시 서초구 양재AI특구", "loaded_by": staff})
    services.virtual_accounts_assign_live(actor=staff)
    if BankTransaction.objects.exists():
        return
    today = timezone.localdate()
    invoice = (Invoice.objects.filter(kind=InvoiceKind.INVOICE, status__in=OPEN_STATUSES)
               .select_related("company").order_by("due_on", "pk").first())
    earlier = timezone.make_aware(dt.datetime.combine(today.replace(day=1) - dt.timedelta(days=40), dt.time(10)))
    rows = [_row(earlier, 150_000, 10_150_000, "홍길동")]
    if invoice is not None:
        virtual = services.virtual_account_assign(lease_id=invoice.lease_id, actor=staff).account.number
        when = timezone.now() - dt.timedelta(hours=1)
        rows.append(_row(when, invoice.total + 20_000, 10_150_000 + invoice.total + 20_000, "입주기업", virtual))
        DepositorAlias.objects.get_or_create(company=invoice.company, name="김대표", defaults={"created_by": staff})
    statement = services.statement_ingest(source=TransactionSource.FILE, account_number=DEMO_ACCOUNT, rows=rows,
                                          filename="데모 거래내역.csv", actor=staff)
    services.transactions_match(transaction_ids=list(statement.transactions.values_list("pk", flat=True)))
    if invoice is not None and not Refund.objects.exists():
        services.refund_request(source=RefundSource.ACCOUNT_CREDIT, amount=20_000, company=invoice.company,
                                bank="국민은행", account_number="123401-01-123456",
                                account_holder_name=invoice.company.name_ko, reason="입주기업 요청: 초과 납부분 환불",
                                actor=staff)
    local = timezone.localtime(earlier)
    if not CollectionMonth.objects.filter(year=local.year, month=local.month).exists():
        services.month_close(year=local.year, month=local.month, actor=staff)
        unknown = statement.transactions.get(depositor_name="홍길동")
        company = invoice.company if invoice is not None else Company.objects.order_by("pk").first()
        if company is not None:
            services.transaction_assign(transaction_id=unknown.pk, actor=staff, company_id=company.pk,
                                        reason="대표자 개인 명의 입금으로 확인", adjust=True)
    if stdout is not None:
        stdout.write(f"  receipts: {VirtualAccount.objects.count()} virtual accounts, "
                     f"{BankTransaction.objects.count()} bank transactions")
