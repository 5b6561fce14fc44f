"""Issuing invoices and credit notes (numbers, lines, PDFs), the monthly run and the invoice e-mail."""

from __future__ import annotations

import datetime as dt

from django.core.files.storage import storages
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.compiled import CompiledQuery
from portal.documents import DocumentFile, document_files_attach
from portal.exceptions import DomainError
from portal.formatting import center_name, format_kst_date, format_period
from portal.numbering import number_take
from portal.pdf import render_pdf
from portal.queue import enqueue_each_on_commit, enqueue_on_commit
from portal.workflow import status_change_record, transition_apply
from premises.money import days_in_month, month_bounds, vat_of
from tenants.models import LEASE_LIVE_STATUSES, Lease, LeaseStatus

from .. import hooks, notifications
from ..models import (
    BillingRun,
    Invoice,
    InvoiceKind,
    InvoiceLine,
    InvoiceLineKind,
    InvoiceStatus,
)
from ..workflow import INVOICE_WORKFLOW
from .late_charges import late_charge_days_bill, late_charge_days_to_bill_exist, late_charge_line_for_lease

INVOICE_PREFIX = "INV"
CREDIT_NOTE_PREFIX = "CN"
# Leases billed for a month: those holding their unit, and those that ended within it.
BILLED_LEASE_STATUSES = (*LEASE_LIVE_STATUSES, LeaseStatus.ENDED)



def _payment_account_text(account: dict | None) -> str:
    """The lease's own account (a virtual account, from the apps that register one), as the invoice keeps it."""
    return " ".join(account[k] for k in ("bank", "account", "holder") if account.get(k)) if account else ""


def _payment_account(invoice: Invoice) -> dict | None:
    """The account the bill asks payment into: the one the invoice was issued with when this process issued
    it (the month's run renders right after issuing), else the lease's account now."""
    if hasattr(invoice, "_payment_account"):
        return invoice._payment_account
    return hooks.payment_account_for_lease(invoice.lease_id)


def _check_month(year: int, month: int) -> None:
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise DomainError(_("Choose a valid month."), code="month")


def _on_postgresql() -> bool:
    """PostgreSQL (production, tests) or the embedded SQLite of `make run` without a database: the
    statements written for PostgreSQL's speed have a portable equivalent for the latter."""
    return connection.vendor == "postgresql"


def invoice_number_next(*, prefix: str, year: int, month: int) -> str:
    """The next number of the month, e.g. INV-2026-12-0001, from the portal's counter of the prefix
    and month (`portal.numbering`): its row stays locked until the issuing transaction ends, so two
    issuers never get the same number and a rolled-back issue leaves no gap.
    """
    last = number_take(series=invoice_number_series(prefix=prefix, month=month), year=year)
    return f"{prefix}-{year}-{month:02d}-{last:04d}"


def invoice_number_series(*, prefix: str, month: int) -> str:
    return f"billing:{prefix}-{month:02d}"


def invoice_due_date(*, due_day: int, year: int, month: int, issued_on: dt.date) -> dt.date:
    """The building's due day in the billed month (clamped to its length); at least 14 days after
    issue when the invoice is issued late."""
    due = dt.date(year, month, min(due_day, days_in_month(year, month)))
    return max(due, issued_on + dt.timedelta(days=14)) if due < issued_on else due


def _won(amount: int) -> str:
    return f"{amount:,}원"


def _seal_bytes(lessor) -> list[int] | None:
    """The lessor's seal image as bytes for the template (Typst reads images from bytes), if any."""
    if not lessor.seal:
        return None
    with storages["private"].open(lessor.seal.name, "rb") as file:
        return list(file.read())


def invoice_pdf_data(invoice: Invoice, lines: list[InvoiceLine], building) -> dict:
    credit = invoice.kind == InvoiceKind.CREDIT_NOTE
    lessor, company = building.lessor, invoice.company
    center = center_name("ko")
    with translation.override("ko"):  # a Korean document with English labels: its dates the Korean way
        period = format_period(invoice.period_start, invoice.period_end)
        issued_on, due_on = format_kst_date(invoice.issued_on), format_kst_date(invoice.due_on)
    return {
        # A credit note lowers what an invoice asked; it is not a (modified) tax invoice, which only the
        # electronic tax invoice system issues.
        "title_ko": "감액 청구서" if credit else "임대료 청구서",
        "title_en": "Credit note" if credit else "Invoice",
        "number": invoice.number,
        # the center and its building, once when the building carries the center's name
        "issuer": {"name": building.name_ko if center in building.name_ko else f"{center} · {building.name_ko}",
                   "address": building.address_ko},
        "lessor": {
            "name": lessor.name, "brn": lessor.business_registration_number or "-",
            "representative": lessor.representative or "-", "address": lessor.address or "-",
            "business": " / ".join(p for p in (lessor.business_type, lessor.business_item) if p) or "-",
            "department": lessor.department or "-",
            "contact": " · ".join(p for p in (lessor.phone, lessor.email) if p) or "-",
            "seal": _seal_bytes(lessor),
        },
        "tenant": {"name": invoice.company_name, "brn": invoice.business_registration_number,
                   "representative": company.representative or "-"},
        "unit": invoice.unit_code,
        "period": period, "issued_on": issued_on, "due_on": due_on,
        "payment": None if credit else (_payment_account(invoice) or {
            "bank": lessor.bank_name or "-", "account": lessor.bank_account_number or "-",
            "holder": lessor.bank_account_holder or "-"}),
        "refers_to": invoice.refers_to.number if credit and invoice.refers_to_id else None,
        "lines": [{"label": f"{line.label_ko} {line.label_en}", "basis": line.basis, "amount": line.amount}
                  for line in lines],
        "supply": invoice.supply, "vat": invoice.vat, "total": invoice.total,
        "outside_vat": invoice.total - invoice.supply - invoice.vat,
        "note": (f"사유 Reason: {invoice.reason}" if credit else
                 f"납부 기한({due_on})까지 위 계좌로 입금해 주십시오. 입금자명은 회사명으로 "
                 f"하시고, 청구번호를 함께 적어 주시면 확인이 빠릅니다. Please transfer the total by the due date "
                 f"to the account above, in the company's name with the invoice number."),
    }


def _pdf_file(invoice: Invoice, lines: list[InvoiceLine], building) -> DocumentFile:
    """The invoice's (or credit note's) PDF as a file of `portal.documents`."""
    return DocumentFile(
        field="pdf_path", path=f"billing/{invoice.year}/{invoice.month:02d}/{invoice.number}.pdf",
        render=lambda: render_pdf("billing/invoice.typ", invoice_pdf_data(invoice, lines, building)),
    )


def _lines_for(charge, *, area, rent_rate: int, fee_rate: int) -> list[InvoiceLine]:
    area_text = f"{area.normalize():f}"
    rows = [(InvoiceLineKind.RENT, "임대료", "Rent", rent_rate, charge.rent),
            (InvoiceLineKind.MANAGEMENT_FEE, "관리비", "Management fee", fee_rate, charge.management_fee)]
    lines = []
    for position, (kind, ko, en, rate, amount) in enumerate(rows):
        basis = f"{area_text}평 × {_won(rate)}"
        if charge.prorated:
            basis += f" × {charge.days}/{charge.month_days}일"
        lines.append(InvoiceLine(
            position=position, kind=kind, label_ko=ko, label_en=en, basis=basis, quantity=area, rate=rate,
            days=charge.days, month_days=charge.month_days, amount=amount,
        ))
    return lines


def invoice_get_for_lease(*, lease_id: int, year: int, month: int) -> Invoice | None:
    """The month's invoice of a lease, with the building its PDF names."""
    return (Invoice.objects.select_related("company", "lease__unit__floor__building__lessor")
            .filter(lease_id=lease_id, year=year, month=month, kind=InvoiceKind.INVOICE).first())


# What issuing reads of a lease, its company, unit and building (the run reads a thousand leases).
_LEASE_FIELDS_BILLED = (
    "status", "start_date", "end_date", "area_pyeong", "rent_per_pyeong", "management_fee_per_pyeong",
    "company__name_ko", "company__business_registration_number", "unit__code", "unit__floor__building__name_ko",
    "unit__floor__building__address_ko", "unit__floor__building__invoice_due_day", "company__name_en",
    "company__representative", *(f"company__{name}" for name in (  # the tax invoice's recipient block
        "address", "business_type", "business_item", "tax_invoice_email", "billing_contact_email")),
    *(f"unit__floor__building__lessor__{name}" for name in (
        "name", "business_registration_number", "representative", "address", "business_type", "business_item",
        "department", "phone", "email", "bank_name", "bank_account_number", "bank_account_holder", "seal",
        "rounding_unit", "rounding_mode",
    )),
)


def _invoice_exists_and_late_days_query(*, lease_id: int, year: int, month: int, today: dt.date):
    invoiced = Invoice.objects.filter(lease_id=OuterRef("pk"), year=year, month=month, kind=InvoiceKind.INVOICE)
    return (Lease.objects.filter(pk=lease_id)
            .annotate(invoiced=Exists(invoiced), late=late_charge_days_to_bill_exist(lease=OuterRef("pk"), today=today))
            .values_list("invoiced", "late"))


# Asked once per invoice of the month's run: its SQL is compiled once per process (portal/compiled.py).
_INVOICE_EXISTS_AND_LATE_DAYS = CompiledQuery(
    _invoice_exists_and_late_days_query, lease_id=987_654_319, year=1907, month=29, today=dt.date(1901, 2, 3))


def _invoice_exists_and_late_days(*, lease_id: int, year: int, month: int, today: dt.date) -> tuple[bool, bool]:
    """Whether the lease has its invoice for the month, and whether it has late-charge days to bill: one
    statement, read after the lease is locked (so a concurrent issue that committed meanwhile is seen)."""
    [(invoiced, late)] = _INVOICE_EXISTS_AND_LATE_DAYS.rows(lease_id=lease_id, year=year, month=month, today=today)
    return bool(invoiced), bool(late)


def invoice_issue_for_lease(
    *, lease_id: int, year: int, month: int, today: dt.date | None = None, run_id: int | None = None
) -> Invoice:
    """Issue the month's invoice of a lease with its PDF, or return the one already issued (idempotent).

    Two short transactions: the invoice itself (numbered, with its lines), then its PDF. A call
    interrupted between them finds the invoice the next time and renders the missing PDF. The first is
    durable: called inside another transaction, the PDF would be rendered with the month's number and the
    lease still locked, and the invoice could roll back after its e-mail left, so that raises RuntimeError.
    With `run_id`, the lease's outcome is counted in that run (see billing_run_record).
    """
    invoice = _invoice_create_for_lease(lease_id=lease_id, year=year, month=month, today=today)
    counted = False
    if not invoice.pdf_path:
        counted = _invoice_pdf_attach(invoice, lines=getattr(invoice, "_new_lines", None), run_id=run_id)
    if run_id and not counted:
        billing_run_record(run_id=run_id, lease_id=lease_id)
    return invoice


@transaction.atomic(durable=True)
def _invoice_create_for_lease(*, lease_id: int, year: int, month: int, today: dt.date | None) -> Invoice:
    """The lease row is locked while issuing, so concurrent calls for the same lease and month wait
    and then find the first one's invoice; the unique constraint holds it in any case. The month's
    number is taken last, so its counter row stays locked only for the few inserts that follow."""
    _check_month(year, month)
    lease = (
        Lease.objects.select_for_update(of=("self",))
        .select_related("company", "unit__floor__building__lessor").only(*_LEASE_FIELDS_BILLED)
        .filter(pk=lease_id).first()
    )
    if lease is None:
        raise DomainError(_("The lease does not exist."), code="lease")
    today = today or timezone.localdate()
    invoiced, late_days = _invoice_exists_and_late_days(lease_id=lease_id, year=year, month=month, today=today)
    if invoiced:  # a task delivered again: the invoice alone, unless its PDF is still to be rendered
        invoice = (Invoice.objects.only("pk", "number", "lease_id", "pdf_path")
                   .get(lease_id=lease_id, year=year, month=month, kind=InvoiceKind.INVOICE))
        return invoice if invoice.pdf_path else invoice_get_for_lease(lease_id=lease_id, year=year, month=month)
    if lease.status not in BILLED_LEASE_STATUSES:
        raise DomainError(_("The lease is not active (status: %(status)s).")
                          % {"status": LeaseStatus(lease.status).label}, code="status")
    charge = lease.charge_for(year=year, month=month)
    if charge.days == 0:
        raise DomainError(_("The lease does not cover that month."), code="period")
    first, last = month_bounds(year, month)
    building = lease.unit.floor.building
    lines = _lines_for(charge, area=lease.area_pyeong, rent_rate=lease.rent_per_pyeong,
                       fee_rate=lease.management_fee_per_pyeong)
    supply, vat, total = charge.supply, charge.vat, charge.total
    late = (late_charge_line_for_lease(lease=lease, today=today, position=len(lines), month_days=charge.month_days)
            if late_days else None)
    if late is not None:  # the late charges accrued so far, outside VAT unless the lessor's policy says so
        lines.append(late.line)
        if late.taxable:
            supply += late.line.amount
            vat = vat_of(supply, lease.money_rule)
        total = supply + vat + (0 if late.taxable else late.line.amount)
    account = hooks.payment_account_for_lease(lease.pk)
    invoice = Invoice(
        kind=InvoiceKind.INVOICE, lease=lease, company=lease.company,
        company_name=lease.company.name_ko, business_registration_number=lease.company.business_registration_number,
        unit_code=lease.unit.code, year=year, month=month,
        period_start=max(first, lease.start_date), period_end=min(last, lease.end_date),
        issued_on=today,
        due_on=invoice_due_date(due_day=building.invoice_due_day, year=year, month=month, issued_on=today),
        bank_account=_payment_account_text(account) or building.lessor.bank_account,
        supply=supply, vat=vat, total=total,
        status=InvoiceStatus.ISSUED,
    )
    invoice.number = invoice_number_next(prefix=INVOICE_PREFIX, year=year, month=month)
    invoice.save()
    for line in lines:
        line.invoice = invoice
    InvoiceLine.objects.bulk_create(lines)
    if late is not None:
        late_charge_days_bill(bill=late, invoice=invoice)
    status_change_record(instance=invoice, to_status=InvoiceStatus.ISSUED)
    hooks.invoice_issued(invoice, lines)
    invoice._new_lines, invoice._payment_account = lines, account
    return invoice


def invoice_pdf_render(*, invoice_id: int) -> Invoice:
    """Render an invoice's PDF into the private storage if it has none yet, then queue its e-mail."""
    invoice = Invoice.objects.select_related("company", "lease__unit__floor__building__lessor", "refers_to").get(
        pk=invoice_id)
    if not invoice.pdf_path:
        _invoice_pdf_attach(invoice)
    return invoice


def _invoice_pdf_attach(invoice: Invoice, *, lines: list[InvoiceLine] | None = None,
                        run_id: int | None = None) -> bool:
    """Render outside any lock and attach the PDF once (`portal.documents`); the invoice's content is
    fixed at issue, so the document is the same whoever renders it, and the attaching commit need not
    wait for the disk. The render that attaches it hands the invoice's e-mail to the outbox in the
    same transaction, so the e-mail is recorded exactly once, with the PDF it carries.

    Attaching happens once per invoice, so the run that attaches it counts it in the same
    transaction by adding one (True when it did); any other outcome is counted by billing_run_record.
    """
    lines = lines if lines is not None else list(invoice.lines.all())
    counted = False

    def on_attach(paths: dict[str, str]) -> None:
        nonlocal counted
        invoice.pdf_path = paths["pdf_path"]
        _invoice_email_record(invoice)
        if run_id:
            with connection.cursor() as cursor:
                counted = _billing_run_count_one(cursor, run_id=run_id, lease_id=invoice.lease_id)

    _attached, paths = document_files_attach(
        model=Invoice, pk=invoice.pk, files=[_pdf_file(invoice, lines, invoice.lease.unit.floor.building)],
        on_attach=on_attach, wait_for_disk=False,
    )
    invoice.pdf_path = paths["pdf_path"]
    return counted


def lease_ids_billed_in(*, year: int, month: int) -> list[int]:
    first, last = month_bounds(year, month)
    return list(
        Lease.objects.filter(status__in=BILLED_LEASE_STATUSES, start_date__lte=last, end_date__gte=first)
        .order_by("pk").values_list("pk", flat=True)
    )


def _lease_ids_invoiced(*, year: int, month: int, lease_ids: list[int]) -> set[int]:
    return set(Invoice.objects.filter(year=year, month=month, kind=InvoiceKind.INVOICE, lease_id__in=lease_ids)
               .exclude(pdf_path="").values_list("lease_id", flat=True))


@transaction.atomic
def billing_run_start(*, year: int, month: int, actor=None) -> BillingRun:
    """Record the month's run of every lease active during the month, and queue one issuing task per
    lease that has no invoice (with its PDF) for the month yet. A second run queues only what is
    missing; the tasks are idempotent, so two runs started at once still issue one invoice each."""
    from ..tasks import invoice_issue_task

    _check_month(year, month)
    lease_ids = lease_ids_billed_in(year=year, month=month)
    done = _lease_ids_invoiced(year=year, month=month, lease_ids=lease_ids)
    run = BillingRun.objects.create(year=year, month=month, started_by=actor, lease_ids=lease_ids,
                                    total=len(lease_ids), issued=len(done))
    if len(done) == len(lease_ids):
        run.finished_at = timezone.now()
        run.save(update_fields=["finished_at"])
    enqueue_each_on_commit(invoice_issue_task, [
        {"lease_id": lease_id, "year": year, "month": month, "run_id": run.pk}
        for lease_id in lease_ids if lease_id not in done
    ])
    return run


_RUN_COUNT_SQL = """SET LOCAL synchronous_commit TO OFF;
UPDATE {run} r SET issued = (
    SELECT count(*) FROM jsonb_array_elements_text(r.lease_ids) AS run_lease(id)
    JOIN {invoice} i ON i.lease_id = run_lease.id::bigint
    WHERE i.year = r.year AND i.month = r.month AND i.kind = 'invoice' AND i.pdf_path <> ''
) WHERE r.id = %s AND NOT (r.failures ? %s)
RETURNING r.issued + r.failed >= r.total AND r.finished_at IS NULL
"""


# Adds the invoice that this transaction has just attached: the common case of a run, a constant
# cost however many leases the run has.
_RUN_COUNT_ONE_SQL = """UPDATE {run} SET issued = issued + 1, finished_at = CASE
    WHEN finished_at IS NULL AND issued + 1 + failed >= total THEN now() ELSE finished_at END
WHERE id = %s AND NOT (failures ? %s) AND issued < total
"""


def _billing_run_count_one(cursor, *, run_id: int, lease_id: int) -> bool:
    if not _on_postgresql():
        return False  # billing_run_record counts it
    cursor.execute(_RUN_COUNT_ONE_SQL.format(run=BillingRun._meta.db_table), [run_id, str(lease_id)])
    return cursor.rowcount == 1


@transaction.atomic
def billing_run_record(*, run_id: int, lease_id: int, error: str = "") -> None:
    """Count a lease's outcome in its run by counting again (safe to repeat: counts come from the
    invoices that exist).

    For a lease whose invoice was attached elsewhere (another run, a redelivered task) and that had
    not failed before, this is one UPDATE of the run's row, committed without waiting for the disk
    since the counts are derived; a failure, or a success after one, rewrites the failures under a lock.
    """
    if not error and _on_postgresql():
        sql = _RUN_COUNT_SQL.format(run=BillingRun._meta.db_table, invoice=Invoice._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(sql, [run_id, str(lease_id)])
            row = cursor.fetchone()
        if row is not None:
            if row[0]:
                BillingRun.objects.filter(pk=run_id, finished_at__isnull=True).update(finished_at=timezone.now())
            return
    _billing_run_record_locked(run_id=run_id, lease_id=lease_id, error=error)


def _billing_run_record_locked(*, run_id: int, lease_id: int, error: str) -> None:
    run = BillingRun.objects.select_for_update().filter(pk=run_id).first()
    if run is None:
        return
    key = str(lease_id)
    if error:
        run.failures[key] = error[:500]
    else:
        run.failures.pop(key, None)
    run.issued = Invoice.objects.filter(
        year=run.year, month=run.month, kind=InvoiceKind.INVOICE, lease_id__in=run.lease_ids
    ).exclude(pdf_path="").count()
    run.failed = len(run.failures)
    fields = ["failures", "issued", "failed"]
    if run.finished_at is None and run.issued + run.failed >= run.total:
        run.finished_at = timezone.now()
        fields.append("finished_at")
    run.save(update_fields=fields)


@transaction.atomic
def billing_run_resume(*, run: BillingRun) -> int:
    """Queue again the leases of a run that have no invoice yet (after failures or a lost broker)."""
    from ..tasks import invoice_issue_task

    done = _lease_ids_invoiced(year=run.year, month=run.month, lease_ids=run.lease_ids)
    missing = [pk for pk in run.lease_ids if pk not in done]
    enqueue_each_on_commit(invoice_issue_task, [
        {"lease_id": lease_id, "year": run.year, "month": run.month, "run_id": run.pk} for lease_id in missing
    ])
    return len(missing)


def invoice_status_set(*, invoice: Invoice, to_status: str, actor=None, reason: str = "") -> Invoice:
    """The one status change of an invoice, through its declared workflow (billing/workflow.py).

    No change when the status is already `to_status`. Falling overdue is the portal's own change, logged
    without a person. Returns the locked invoice.
    """
    if invoice.status == to_status:
        return invoice
    name = next((t.name for t in INVOICE_WORKFLOW.transitions.values()
                 if t.target == to_status and invoice.status in t.sources), "")
    by_portal = to_status == InvoiceStatus.OVERDUE
    return transition_apply(workflow=INVOICE_WORKFLOW, instance=invoice, name=name,
                            actor=None if by_portal else actor, reason=reason)


def credit_note_issue(*, invoice: Invoice, reason: str, actor=None, supply: int | None = None,
                      today: dt.date | None = None) -> Invoice:
    """Correct an issued invoice with a credit note that refers to it (by default for all that is
    still uncredited). The original stays as issued; its status and balance follow.

    Like an invoice, two short transactions: the numbered note, then its PDF rendered outside the
    lock and attached once, which queues its e-mail. A note left without its PDF gets it from the
    task queued with it (`invoice_pdf_render`).
    """
    note, lines = _credit_note_create(invoice=invoice, reason=reason, actor=actor, supply=supply, today=today)
    _invoice_pdf_attach(note, lines=lines)
    return note


@transaction.atomic(durable=True)
def _credit_note_create(*, invoice: Invoice, reason: str, actor, supply: int | None,
                        today: dt.date | None) -> tuple[Invoice, list[InvoiceLine]]:
    from ..tasks import invoice_pdf_render_task
    from .payments import invoice_settle

    original = Invoice.objects.select_for_update().select_related("lease__unit__floor__building__lessor").get(
        pk=invoice.pk)
    if original.kind != InvoiceKind.INVOICE:
        raise DomainError(_("Only an invoice can be corrected by a credit note."), code="kind")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for the credit note."), code="reason")
    credited = original.credit_notes.aggregate(supply=Sum("supply"), vat=Sum("vat"), total=Sum("total"))
    remaining_supply = original.supply + (credited["supply"] or 0)
    remaining_vat = original.vat + (credited["vat"] or 0)
    # Lines outside VAT (a late charge) are credited with a full credit note only.
    remaining_outside = original.total + (credited["total"] or 0) - remaining_supply - remaining_vat
    outside = 0
    if remaining_supply <= 0:
        raise DomainError(_("This invoice has already been credited in full."), code="credited")
    if supply is None or supply == remaining_supply:
        supply, vat, outside = remaining_supply, remaining_vat, remaining_outside
    elif not 0 < supply < remaining_supply:
        raise DomainError(_("The credit must be more than 0 and at most %(max)s won.")
                          % {"max": f"{remaining_supply:,}"}, code="supply")
    else:
        vat = vat_of(supply, original.lease.money_rule)
    today = today or timezone.localdate()
    note = Invoice(
        number=invoice_number_next(prefix=CREDIT_NOTE_PREFIX, year=today.year, month=today.month),
        kind=InvoiceKind.CREDIT_NOTE, refers_to=original, reason=reason, lease=original.lease,
        company_id=original.company_id, company_name=original.company_name,
        business_registration_number=original.business_registration_number, unit_code=original.unit_code,
        year=original.year, month=original.month, period_start=original.period_start,
        period_end=original.period_end, issued_on=today, due_on=today, bank_account=original.bank_account,
        supply=-supply, vat=-vat, total=-(supply + vat + outside), status=InvoiceStatus.ISSUED,
    )
    month_days = days_in_month(original.year, original.month)
    lines = [InvoiceLine(
        position=0, kind=InvoiceLineKind.CORRECTION, label_ko="청구 정정", label_en="Correction",
        basis=original.number, quantity=0, rate=0, days=0, month_days=month_days, amount=-supply,
    )]
    if outside:
        lines.append(InvoiceLine(
            position=1, kind=InvoiceLineKind.LATE_CHARGE, taxable=False, label_ko="연체료 정정",
            label_en="Late charge correction", basis=original.number, quantity=0, rate=0, days=0,
            month_days=month_days, amount=-outside,
        ))
    note.save()
    for line in lines:
        line.invoice = note
    InvoiceLine.objects.bulk_create(lines)
    hooks.invoice_issued(note, lines)
    enqueue_on_commit(invoice_pdf_render_task, invoice_id=note.pk)
    status_change_record(instance=note, to_status=InvoiceStatus.ISSUED, actor=actor, reason=reason)
    invoice_settle(invoice=original, actor=actor, reason=_("Credit note %(number)s: %(reason)s")
                   % {"number": note.number, "reason": reason}, today=today)
    return note, lines


@transaction.atomic
def invoice_email(*, invoice_id: int) -> bool:
    """E-mail the invoice PDF to the company's billing contact, once. False when already sent or
    when nobody can receive it. (Issuing records the e-mail as it attaches the PDF; this finishes an
    e-mail queued by an earlier version of the portal.)"""
    invoice = Invoice.objects.select_for_update().select_related("company").filter(pk=invoice_id).first()
    if invoice is None or invoice.emailed_at is not None or not invoice.pdf_path:
        return False
    return _invoice_email_record(invoice)


def _invoice_email_record(invoice: Invoice) -> bool:
    """Hand the invoice's e-mail with its PDF to the notifications' outbox and mark it e-mailed, in the
    caller's transaction; False when nobody can receive it."""
    if not notifications.invoice_sent(invoice=invoice):
        return False
    invoice.emailed_at = timezone.now()
    Invoice.objects.filter(pk=invoice.pk).update(emailed_at=invoice.emailed_at)
    return True
