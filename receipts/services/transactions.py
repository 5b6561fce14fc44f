"""Bank transactions in (files and the account-inquiry API, one pipeline) and their matching to what is
due: by virtual account, then by exact amount and depositor name among the company's open invoices
(oldest due first); split over several invoices or part of one; the rest waits for staff. Every match
records its rule and who confirmed it; undone with a reason until the month is closed, after that only
as an adjustment of the closed month."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.exceptions import DomainError
from portal.formatting import format_kst_date
from portal.models import StatusChange
from portal.workflow import ActorKind, transition_apply, transition_apply_many

from ..models import (
    Adjustment,
    Allocation,
    BankTransaction,
    CollectionMonth,
    DepositorAlias,
    MatchRule,
    StatementImport,
    VirtualAccountAssignment,
)
from ..statements import Row
from ..workflow import TRANSACTION_WORKFLOW, TransactionStatus

logger = logging.getLogger(__name__)
FINGERPRINT_CHUNK = 2000
_COMPANY_FORMS = re.compile(r"\(주\)|㈜|주식회사|\(유\)|유한회사|\(사\)|co\.?,?ltd\.?|inc\.?|corp\.?|[\s.,()·\-]")


def normal_name(value: str) -> str:
    """A depositor or company name as banks print it: no legal form, spaces or punctuation, lower case."""
    return _COMPANY_FORMS.sub("", (value or "").lower())


def month_of(when: dt.datetime) -> tuple[int, int]:
    local = timezone.localtime(when)
    return local.year, local.month


def closed_month(when: dt.datetime) -> CollectionMonth | None:
    year, month = month_of(when)
    return CollectionMonth.objects.filter(year=year, month=month).first()


# -- in -----------------------------------------------------------------------------------------------

@transaction.atomic
def statement_ingest(*, source: str, account_number: str, rows: list[Row], layout=None, filename: str = "",
                     sha256: str = "", actor=None) -> StatementImport:
    """Store the transactions not seen before (by fingerprint) and log their first status. Returns the
    import with its counts; matching follows (`transactions_match`)."""
    statement = StatementImport.objects.create(source=source, layout=layout, account_number=account_number,
                                               filename=filename[:255], sha256=sha256, rows=len(rows),
                                               imported_by=actor)
    fingerprints = [row.fingerprint for row in rows]
    known: set[str] = set()
    for start in range(0, len(fingerprints), FINGERPRINT_CHUNK):
        known.update(BankTransaction.objects.filter(
            fingerprint__in=fingerprints[start:start + FINGERPRINT_CHUNK]).values_list("fingerprint", flat=True))
    new = [BankTransaction(
        fingerprint=row.fingerprint, statement=statement, account_number=account_number,
        occurred_at=row.occurred_at, deposit=row.deposit, withdrawal=row.withdrawal, balance=row.balance,
        depositor_name=row.depositor_name, description=row.description,
        virtual_account_number=row.virtual_account_number, bank_reference=row.bank_reference,
        status=TransactionStatus.UNMATCHED if row.deposit > 0 else TransactionStatus.WITHDRAWAL,
    ) for row in rows if row.fingerprint not in known]
    # A concurrent import of an overlapping file: the unique fingerprint keeps each line once.
    created = BankTransaction.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    ids = list(BankTransaction.objects.filter(statement=statement).values_list("pk", "status"))
    content_type = ContentType.objects.get_for_model(BankTransaction)
    now = timezone.now()
    StatusChange.objects.bulk_create([
        StatusChange(content_type=content_type, object_id=pk, to_status=status, actor=actor,
                     actor_kind=ActorKind.SYSTEM if actor is None else ActorKind.USER, at=now)
        for pk, status in ids], batch_size=1000)
    statement.created = len(ids)
    statement.duplicates = len(rows) - len(ids)
    statement.save(update_fields=["created", "duplicates"])
    del created
    return statement


# -- matching -----------------------------------------------------------------------------------------

class MatchIndex:
    """What matching looks up for many deposits at once: virtual accounts and company names."""

    def __init__(self) -> None:
        from tenants.models import Company

        self.assignments: dict[str, list[VirtualAccountAssignment]] = defaultdict(list)
        for assignment in VirtualAccountAssignment.objects.select_related("account", "lease").order_by(
                "-assigned_at"):
            self.assignments[assignment.account.number].append(assignment)
        self.names: dict[str, set[int]] = defaultdict(set)
        for pk, name_ko, name_en in Company.objects.values_list("pk", "name_ko", "name_en"):
            for name in (name_ko, name_en):
                if normal_name(name):
                    self.names[normal_name(name)].add(pk)
        for company_id, name in DepositorAlias.objects.values_list("company_id", "name"):
            if normal_name(name):
                self.names[normal_name(name)].add(company_id)
        self.closed = set(CollectionMonth.objects.values_list("year", "month"))

    def lease_for(self, number: str, when: dt.datetime):
        for assignment in self.assignments.get(number, ()):
            if (assignment.released_at is None or assignment.released_at > when):
                return assignment.lease
        return None

    def companies_named(self, depositor: str) -> set[int]:
        return self.names.get(normal_name(depositor), set())


def _open_invoices(company_id: int, *, lease_id: int | None = None) -> list:
    """The company's open invoices with what is outstanding, the given lease's first, oldest due first."""
    from billing import selectors as billing_selectors
    from billing.models import OPEN_STATUSES, InvoiceKind

    invoices = list(billing_selectors.invoice_list_for_company(company_id=company_id).filter(
        kind=InvoiceKind.INVOICE, status__in=OPEN_STATUSES).order_by("due_on", "pk"))
    invoices = [i for i in invoices if i.outstanding_amount > 0]
    if lease_id is not None:
        invoices.sort(key=lambda i: i.lease_id != lease_id)  # stable: oldest first within each group
    return invoices


def _allocate(*, tx: BankTransaction, company_id: int, invoices: list, rule: str, actor,
              today: dt.date | None = None, adjustment_reason: str = "") -> list[Allocation]:
    """Apply the deposit to the invoices in order, each up to what is outstanding; the rest becomes account
    credit. Payments go through billing, so each invoice's status follows through its workflow; in a closed
    month they carry the reason of the deposit's adjustment."""
    from billing.models import PaymentMethod
    from billing.services import account_credit_add, payment_record

    paid_on = timezone.localtime(tx.occurred_at).date()
    method = PaymentMethod.VIRTUAL_ACCOUNT if tx.virtual_account_number else PaymentMethod.TRANSFER
    remaining, allocations = tx.deposit, []
    for invoice in invoices:
        part = min(remaining, invoice.outstanding_amount)
        if part <= 0:
            continue
        payment = payment_record(invoice=invoice, paid_on=paid_on, amount=part, method=method,
                                 reference=f"BANK-{tx.pk}", actor=actor, today=today,
                                 adjustment_reason=adjustment_reason)
        allocations.append(Allocation(transaction=tx, company_id=company_id, invoice=invoice, payment=payment,
                                      amount=part, rule=rule, confirmed_by=actor))
        remaining -= part
        if remaining == 0:
            break
    if remaining > 0:
        credit = account_credit_add(company_id=company_id, amount=remaining, actor=actor,
                                    note=_("Bank deposit of %(date)s (%(name)s) beyond what was due")
                                    % {"date": format_kst_date(paid_on), "name": tx.depositor_name})
        allocations.append(Allocation(transaction=tx, company_id=company_id, credit=credit, amount=remaining,
                                      rule=rule, confirmed_by=actor))
    return Allocation.objects.bulk_create(allocations)


def _candidates_by_amount(invoices: list, amount: int) -> list | None:
    """The oldest open invoice whose outstanding amount is exactly the deposit; else the oldest invoices
    whose outstanding amounts add up to it exactly; else None."""
    for invoice in invoices:
        if invoice.outstanding_amount == amount:
            return [invoice]
    total = 0
    for count, invoice in enumerate(invoices, start=1):
        total += invoice.outstanding_amount
        if total == amount and count > 1:
            return invoices[:count]
        if total > amount:
            break
    return None


def _plan(tx: BankTransaction, index: MatchIndex) -> tuple[str, int, int | None] | None:
    """The rule, company and lease (by virtual account) a deposit is matched by, or None."""
    if month_of(tx.occurred_at) in index.closed:
        return None
    lease = index.lease_for(tx.virtual_account_number, tx.occurred_at) if tx.virtual_account_number else None
    if lease is not None:
        return MatchRule.VIRTUAL_ACCOUNT, lease.company_id, lease.pk
    companies = index.companies_named(tx.depositor_name)
    if len(companies) == 1:
        return MatchRule.AMOUNT_AND_NAME, next(iter(companies)), None
    return None


@transaction.atomic
def transaction_match(*, transaction_id: int, index: MatchIndex | None = None, today: dt.date | None = None) -> bool:
    """Match one unmatched deposit by the portal's rules. Returns whether it was matched. A deposit of a
    closed month is left for staff (an adjustment)."""
    tx = BankTransaction.objects.select_for_update().get(pk=transaction_id)
    if tx.status != TransactionStatus.UNMATCHED or tx.deposit <= 0:
        return False
    plan = _plan(tx, index or MatchIndex())
    if plan is None:
        return False
    rule, company_id, lease_id = plan
    if lease_id is not None:
        invoices = _open_invoices(company_id, lease_id=lease_id)
    else:
        invoices = _candidates_by_amount(_open_invoices(company_id), tx.deposit)
        if not invoices:
            return False
    _allocate(tx=tx, company_id=company_id, invoices=invoices, rule=rule, actor=None, today=today)
    transition_apply(workflow=TRANSACTION_WORKFLOW, instance=tx, name="match", actor=None,
                     changes={"company_id": company_id},
                     reason=MatchRule(rule).label)
    return True


def _match_in_bulk(*, pks: list[int], index: MatchIndex, today: dt.date | None) -> int:
    """Match the deposits `pks` oldest first as `transaction_match` matches one, each seeing what the ones
    before it paid, and write all of it in a few statements through billing's bulk payments and the
    workflow's bulk transition. A refusal raises (DomainError) and nothing is written."""
    from billing import selectors as billing_selectors
    from billing import services as billing
    from billing.models import OPEN_STATUSES, Invoice, InvoiceKind, PaymentMethod

    txs = list(BankTransaction.objects.select_for_update().filter(
        pk__in=pks, status=TransactionStatus.UNMATCHED, deposit__gt=0).order_by("occurred_at", "pk"))
    plans = [(tx, plan) for tx in txs if (plan := _plan(tx, index))]
    companies = sorted({company_id for _tx, (_rule, company_id, _lease) in plans})
    open_invoices: dict[int, list] = defaultdict(list)
    for start in range(0, len(companies), 1000):
        for invoice in billing_selectors.invoices_with_amounts(Invoice.objects.filter(
                company_id__in=companies[start:start + 1000], kind=InvoiceKind.INVOICE,
                status__in=OPEN_STATUSES)).order_by("due_on", "pk"):
            open_invoices[invoice.company_id].append(invoice)
    entries, parts, credits, matched = [], [], [], {}
    for tx, (rule, company_id, lease_id) in plans:
        invoices = [i for i in open_invoices[company_id] if i.outstanding_amount > 0]
        if lease_id is not None:
            invoices.sort(key=lambda i, lease_id=lease_id: i.lease_id != lease_id)
        else:
            invoices = _candidates_by_amount(invoices, tx.deposit)
            if not invoices:
                continue
        paid_on = timezone.localtime(tx.occurred_at).date()
        method = PaymentMethod.VIRTUAL_ACCOUNT if tx.virtual_account_number else PaymentMethod.TRANSFER
        remaining = tx.deposit
        for invoice in invoices:
            part = min(remaining, invoice.outstanding_amount)
            entries.append(billing.PaymentEntry(invoice_id=invoice.pk, paid_on=paid_on, amount=part, method=method,
                                                reference=f"BANK-{tx.pk}"))
            parts.append((tx, company_id, invoice, rule))
            invoice.outstanding_amount -= part
            remaining -= part
            if remaining == 0:
                break
        if remaining > 0:
            credits.append((tx, company_id, remaining, rule, paid_on))
        matched[tx.pk] = (company_id, rule)
    payments = billing.payments_record_bulk(entries=entries, actor=None, today=today)
    added = billing.account_credits_add_bulk(entries=[
        (company_id, amount, _("Bank deposit of %(date)s (%(name)s) beyond what was due")
         % {"date": format_kst_date(paid_on), "name": tx.depositor_name})
        for tx, company_id, amount, _rule, paid_on in credits])
    Allocation.objects.bulk_create([
        *(Allocation(transaction=tx, company_id=company_id, invoice=invoice, payment=payment, amount=payment.amount,
                     rule=rule) for (tx, company_id, invoice, rule), payment in zip(parts, payments, strict=True)),
        *(Allocation(transaction=tx, company_id=company_id, credit=credit, amount=amount, rule=rule)
          for (tx, company_id, amount, rule, _paid_on), credit in zip(credits, added, strict=True)),
    ], batch_size=1000)
    transition_apply_many(workflow=TRANSACTION_WORKFLOW, pks=list(matched), name="match", actor=None,
                          changes={pk: {"company_id": company_id} for pk, (company_id, _rule) in matched.items()},
                          reason=lambda row: str(MatchRule(matched[row.pk][1]).label))
    return len(matched)


@transaction.atomic
def transactions_match(*, transaction_ids: list[int] | None = None, today: dt.date | None = None) -> int:
    """Match the given (or all unmatched) deposits, oldest first, in one transaction (one commit for a whole
    file: each commit waits for the disk), in bulk; when billing refuses one (an invoice cancelled
    meanwhile), one by one, each in its own savepoint, so that deposit stays unmatched and the others are
    matched."""
    queryset = BankTransaction.objects.filter(status=TransactionStatus.UNMATCHED, deposit__gt=0)
    if transaction_ids is not None:
        queryset = queryset.filter(pk__in=transaction_ids)
    index = MatchIndex()
    pks = list(queryset.order_by("occurred_at", "pk").values_list("pk", flat=True))
    try:
        with transaction.atomic():
            return _match_in_bulk(pks=pks, index=index, today=today)
    except DomainError as error:
        logger.info("receipts: matching one by one (%s)", error)
    matched = 0
    for pk in pks:
        try:
            matched += transaction_match(transaction_id=pk, index=index, today=today)
        except DomainError as error:
            logger.warning("receipts: deposit %s left unmatched: %s", pk, error)
    return matched


# -- staff --------------------------------------------------------------------------------------------

def _adjustment(tx: BankTransaction, *, action: str, reason: str, actor, adjust: bool) -> None:
    """Refuse a change in a closed month unless it is made as an adjustment (with its reason)."""
    closed = closed_month(tx.occurred_at)
    if closed is None:
        return
    if not adjust:
        raise DomainError(_("The month %(month)s is closed: change it only through an adjustment with a reason.")
                          % {"month": str(closed)}, code="month_closed")
    if not (reason or "").strip():
        raise DomainError(_("Give the reason for the adjustment."), code="reason", field="reason")
    Adjustment.objects.create(closed_month=closed, transaction=tx, action=action, amount=tx.deposit,
                              reason=reason.strip(), created_by=actor)


@transaction.atomic
def transaction_assign(*, transaction_id: int, actor, invoice_id: int | None = None, company_id: int | None = None,
                       remember_name: bool = False, reason: str = "", adjust: bool = False,
                       today: dt.date | None = None) -> BankTransaction:
    """Staff assign an unmatched deposit to an invoice (all of it paid there; any excess becomes account
    credit) or to a company (its open invoices oldest due first, the rest account credit)."""
    from billing import selectors as billing_selectors

    tx = BankTransaction.objects.select_for_update().get(pk=transaction_id)
    if tx.status != TransactionStatus.UNMATCHED:
        raise DomainError(_("Only an unmatched deposit can be assigned."), code="not_unmatched")
    if invoice_id is not None:
        invoice = next((i for i in billing_selectors.invoices_with_amounts().filter(pk=invoice_id)), None)
        if invoice is None or invoice.kind != "invoice":
            raise DomainError(_("Choose an invoice."), code="invoice", field="invoice")
        company_id, rule = invoice.company_id, MatchRule.STAFF_INVOICE
        invoice.outstanding_amount = tx.deposit  # all of the deposit to this invoice; billing keeps any excess
        invoices = [invoice]
    elif company_id is not None:
        rule, invoices = MatchRule.STAFF_COMPANY, _open_invoices(company_id)
    else:
        raise DomainError(_("Choose a company or an invoice."), code="target", field="company")
    _adjustment(tx, action="assign", reason=reason, actor=actor, adjust=adjust)
    _allocate(tx=tx, company_id=company_id, invoices=invoices, rule=rule, actor=actor, today=today,
              adjustment_reason=reason)
    if remember_name and normal_name(tx.depositor_name):
        DepositorAlias.objects.get_or_create(company_id=company_id, name=tx.depositor_name,
                                             defaults={"created_by": actor})
    return transition_apply(workflow=TRANSACTION_WORKFLOW, instance=tx, name="assign", actor=actor,
                            changes={"company_id": company_id}, reason=reason or MatchRule(rule).label)


@transaction.atomic
def transaction_undo(*, transaction_id: int, actor, reason: str, adjust: bool = False,
                     today: dt.date | None = None) -> BankTransaction:
    """Undo a match: its payments are taken back through billing (the invoices' statuses follow), the
    account credit it made is debited, and the deposit returns to the unmatched queue."""
    from billing.services import account_credit_add, payment_reverse

    tx = BankTransaction.objects.select_for_update().get(pk=transaction_id)
    reason = (reason or "").strip()
    if tx.status != TransactionStatus.MATCHED:
        raise DomainError(_("Only a matched deposit can be undone."), code="not_matched")
    if not reason:
        raise DomainError(_("Give the reason for the undo."), code="reason", field="reason")
    _adjustment(tx, action="undo", reason=reason, actor=actor, adjust=adjust)
    now = timezone.now()
    for allocation in tx.allocations.filter(undone_at__isnull=True).order_by("-pk"):
        if allocation.payment_id:
            payment_reverse(payment_id=allocation.payment_id, reason=reason, actor=actor, today=today)
        elif allocation.credit_id:
            account_credit_add(company_id=allocation.company_id, amount=-allocation.amount, actor=actor,
                               note=_("Bank deposit match undone: %(reason)s") % {"reason": reason})
        allocation.undone_at, allocation.undone_by, allocation.undo_reason = now, actor, reason
        allocation.save(update_fields=["undone_at", "undone_by", "undo_reason"])
    return transition_apply(workflow=TRANSACTION_WORKFLOW, instance=tx, name="undo", actor=actor, reason=reason,
                            changes={"company_id": None})


# -- files --------------------------------------------------------------------------------------------

def statement_preview(*, data: bytes, layout, account_number: str) -> tuple[list[Row], set[str]]:
    """The file's rows and the fingerprints among them already stored (shown as "already imported");
    TableError (with the row) when the file cannot be taken as a whole."""
    from ..statements import digits, statement_parse

    rows = statement_parse(data, layout=layout, account_number=digits(account_number))
    fingerprints = [row.fingerprint for row in rows]
    known: set[str] = set()
    for start in range(0, len(fingerprints), FINGERPRINT_CHUNK):
        known.update(BankTransaction.objects.filter(
            fingerprint__in=fingerprints[start:start + FINGERPRINT_CHUNK]).values_list("fingerprint", flat=True))
    return rows, known


@transaction.atomic
def statement_import(*, data: bytes, layout, account_number: str, filename: str = "", actor=None,
                     today: dt.date | None = None) -> StatementImport:
    """Import a bank file as a whole (nothing of it is saved when a row is wrong), then match its new
    deposits."""
    import hashlib

    from ..models import TransactionSource
    from ..statements import digits, statement_parse

    account_number = digits(account_number)
    rows = statement_parse(data, layout=layout, account_number=account_number)
    statement = statement_ingest(source=TransactionSource.FILE, account_number=account_number, rows=rows,
                                 layout=layout, filename=filename, sha256=hashlib.sha256(data).hexdigest(),
                                 actor=actor)
    transactions_match(transaction_ids=list(statement.transactions.values_list("pk", flat=True)), today=today)
    return statement


PENDING_DIR = "receipts/pending"


def statement_pending_prune(*, older_than: dt.timedelta = dt.timedelta(days=1)) -> int:
    """Delete the files of previews never confirmed (kept for the confirmation, `receipts.admin`)."""
    from django.core.files.storage import storages

    storage = storages["private"]
    try:
        _folders, names = storage.listdir(PENDING_DIR)
    except FileNotFoundError:
        return 0
    limit, removed = timezone.now() - older_than, 0
    for name in names:
        path = f"{PENDING_DIR}/{name}"
        if storage.get_modified_time(path) < limit:
            storage.delete(path)
            removed += 1
    return removed
