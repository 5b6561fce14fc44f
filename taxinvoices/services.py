"""Writes of tax invoices: the snapshot taken when an invoice or credit note is issued, issuing through the
configured issuer, the NTS's answer, cancelling, and a modified tax invoice's reason code."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from billing.models import Invoice, InvoiceKind
from portal.exceptions import DomainError
from portal.queue import enqueue_on_commit
from portal.workflow import status_change_record, transition_apply
from premises.money import vat_of
from tenants.models import Company

from .issuers import IssuerRefused, NtsAnswer, issuer_get
from .models import ModifyReason, TaxInvoice, TaxInvoiceItem, TaxInvoiceKind
from .workflow import TAX_INVOICE_WORKFLOW, TaxInvoiceStatus

S = TaxInvoiceStatus
# A credit note's reason code unless staff choose another while the modified tax invoice is a draft.
DEFAULT_MODIFY_REASON = ModifyReason.SUPPLY_CHANGED
# Codes whose modified tax invoice carries the original's date of writing (the others: the day of the change).
ORIGINAL_DATE_REASONS = {ModifyReason.ENTRY_ERROR, ModifyReason.DUPLICATE}
ELECTRONIC = (S.ISSUED, S.SENT, S.ACCEPTED, S.FAILED)
_COMPANY_FIELDS = ("representative", "address", "business_type", "business_item", "tax_invoice_email",
                   "billing_contact_email")


def _supplier(lessor) -> dict:
    return {
        "lessor": lessor, "supplier_brn": lessor.business_registration_number, "supplier_name": lessor.name,
        "supplier_representative": lessor.representative, "supplier_address": lessor.address,
        "supplier_business_type": lessor.business_type, "supplier_business_item": lessor.business_item,
        "supplier_email": lessor.email,
    }


def _recipient(invoice: Invoice) -> dict:
    """The company's invoicing fields: those issuing read with the lease (the month's run), or one query."""
    loaded = invoice.lease.company if invoice.lease.company_id == invoice.company_id else None
    if loaded is not None and not set(_COMPANY_FIELDS) & loaded.get_deferred_fields():
        company = {name: getattr(loaded, name) for name in _COMPANY_FIELDS}
    else:
        company = Company.objects.values(*_COMPANY_FIELDS).get(pk=invoice.company_id)
    return {
        "company_id": invoice.company_id, "recipient_brn": invoice.business_registration_number,
        "recipient_name": invoice.company_name, "recipient_representative": company["representative"],
        "recipient_address": company["address"], "recipient_business_type": company["business_type"],
        "recipient_business_item": company["business_item"],
        "recipient_email": company["tax_invoice_email"] or company["billing_contact_email"],
    }


def _items(*, lines, write_date, vat: int, rule, sign: int = 1) -> list[TaxInvoiceItem]:
    """One item per line with an amount that is part of the supply value (a late charge outside VAT is not
    on the tax invoice). Each item's VAT is 10% of its supply under the lessor's rule; the last takes the
    difference, so the items add up to the invoice's VAT (Hometax checks the sums)."""
    items = []
    for position, line in enumerate(line for line in lines if line.amount and getattr(line, "taxable", True)):
        amount = sign * line.amount
        quantity, price = line.quantity, line.rate
        exact = bool(quantity) and price and quantity * price == abs(amount)
        items.append(TaxInvoiceItem(
            position=position, supplied_on=write_date, name=line.label_ko, spec=line.basis[:100],
            quantity=quantity if exact else None, unit_price=price if exact else None,
            supply=amount, vat=vat_of(amount, rule),
        ))
    if items:
        items[-1].vat += vat - sum(item.vat for item in items)
    return items


def _create(*, invoice: Invoice, lines, lessor, supply: int, vat: int, write_date, mgt_key: str,
            kind=TaxInvoiceKind.NORMAL, original: TaxInvoice | None = None, modify_code=None, sign: int = 1,
            actor=None) -> TaxInvoice:
    tax_invoice = TaxInvoice.objects.create(
        invoice=invoice, kind=kind, original=original, modify_code=modify_code, year=invoice.year,
        month=invoice.month, write_date=write_date, supply=supply, vat=vat, total=supply + vat,
        remark=invoice.number, status=S.DRAFT, mgt_key=mgt_key, **_supplier(lessor), **_recipient(invoice),
    )
    items = _items(lines=lines, write_date=write_date, vat=vat, rule=lessor.money_rule, sign=sign)
    for item in items:
        item.tax_invoice = tax_invoice
    TaxInvoiceItem.objects.bulk_create(items)
    status_change_record(instance=tax_invoice, to_status=S.DRAFT, actor=actor)
    _queue_issue(tax_invoice)
    return tax_invoice


def _queue_issue(tax_invoice: TaxInvoice) -> None:
    from .tasks import tax_invoice_issue_task

    issuer = issuer_get()
    if issuer.automatic and not issuer.available():
        enqueue_on_commit(tax_invoice_issue_task, tax_invoice_id=tax_invoice.pk)


def _live(invoice_id: int) -> TaxInvoice | None:
    return (TaxInvoice.objects.select_for_update().filter(invoice_id=invoice_id)
            .exclude(status=S.CANCELLED).first())


def _replacement_key(invoice: Invoice) -> str:
    count = TaxInvoice.objects.filter(invoice=invoice).count()
    return invoice.number if count == 0 else f"{invoice.number}-R{count}"


def tax_invoice_for_invoice(invoice: Invoice, lines) -> TaxInvoice | None:
    """Registered with billing: called in the transaction that issues an invoice or credit note.

    An invoice gets its draft tax invoice, dated its due date (the time of supply of a continuous rental).
    A credit note on an invoice whose tax invoice has been issued gets a modified tax invoice (negative,
    with the reason code 2, change of the supply value, until staff choose another); on one still a draft,
    the draft is replaced by one for what remains billed, or cancelled when nothing remains.
    """
    lessor = invoice.lease.unit.floor.building.lessor
    if invoice.kind == InvoiceKind.INVOICE:
        return _create(invoice=invoice, lines=lines, lessor=lessor, supply=invoice.supply, vat=invoice.vat,
                       write_date=invoice.due_on, mgt_key=invoice.number)
    original_invoice = invoice.refers_to
    original = _live(original_invoice.pk)
    if original is None:
        return None  # billed before tax invoices were kept: staff correct it on Hometax
    if original.status in ELECTRONIC:
        return _create(
            invoice=invoice, lines=lines, lessor=lessor, supply=invoice.supply, vat=invoice.vat,
            write_date=invoice.issued_on, mgt_key=invoice.number, kind=TaxInvoiceKind.MODIFIED, original=original,
            modify_code=DEFAULT_MODIFY_REASON,
        )
    # Still a draft: what the tax invoice states is what remains billed.
    transition_apply(workflow=TAX_INVOICE_WORKFLOW, instance=original, name="replace", actor=None,
                     reason=_("Credit note %(number)s") % {"number": invoice.number})
    credited = Invoice.objects.filter(refers_to=original_invoice).aggregate(supply=Sum("supply"), vat=Sum("vat"))
    supply = original_invoice.supply + (credited["supply"] or 0)
    vat = original_invoice.vat + (credited["vat"] or 0)
    if supply <= 0:
        return None
    billed_lines = list(original_invoice.lines.all())
    # The lines of the original, less the credit: one item for the rent and fee as billed, one for the credit.
    return _create(invoice=original_invoice, lines=[*billed_lines, *_credit_lines(original_invoice)],
                   lessor=lessor, supply=supply, vat=vat, write_date=original.write_date,
                   mgt_key=_replacement_key(original_invoice))


def _credit_lines(original_invoice: Invoice) -> list:
    """The credit notes' lines with the label that says what they are."""
    lines = []
    for note in original_invoice.credit_notes.prefetch_related("lines"):
        for line in note.lines.all():
            line.label_ko = "임대료 감액"
            line.basis = note.number
            lines.append(line)
    return lines


@transaction.atomic
def tax_invoice_modify_reason_set(*, tax_invoice: TaxInvoice, code: int, actor) -> TaxInvoice:
    """Staff choose the reason code of a modified tax invoice before it is issued; codes 1 and 6 take the
    original's date of writing, the others the day of the change (the credit note's date)."""
    from portal.workflow import require_district_staff

    require_district_staff(actor)
    locked = (TaxInvoice.objects.select_for_update(of=("self",)).select_related("original", "invoice")
              .get(pk=tax_invoice.pk))
    if locked.kind != TaxInvoiceKind.MODIFIED or locked.status != S.DRAFT:
        raise DomainError(_("Only a modified tax invoice not yet issued can change its reason."), code="modify_code")
    code = ModifyReason(int(code))
    locked.modify_code = code
    locked.write_date = locked.original.write_date if code in ORIGINAL_DATE_REASONS else locked.invoice.issued_on
    locked.save(update_fields=["modify_code", "write_date", "updated_at"])
    locked.items.update(supplied_on=locked.write_date)
    return locked


# -- issuing through the configured issuer (Popbill) ---------------------------------------------------

def _apply(tax_invoice: TaxInvoice, name: str, *, actor=None, reason: str = "", **changes) -> TaxInvoice:
    return transition_apply(workflow=TAX_INVOICE_WORKFLOW, instance=tax_invoice, name=name, actor=actor,
                            reason=reason, changes=changes)


def tax_invoice_issue(*, tax_invoice_id: int) -> TaxInvoice | None:
    """Issue a draft through the configured issuer and send it to the NTS; None when there is nothing to do
    (issued already, cancelled, or the issuer works through files). Safe to repeat: when the provider
    refuses to issue a draft, it is asked for the document by its key, which an earlier attempt may have
    issued before our record was written; if it has it, the draft is recorded as issued."""
    issuer = issuer_get()
    tax_invoice = TaxInvoice.objects.select_related("original").filter(pk=tax_invoice_id).first()
    if tax_invoice is None or not issuer.automatic or tax_invoice.status not in (S.DRAFT, S.ISSUED):
        return None
    if tax_invoice.status == S.DRAFT:
        if tax_invoice.kind == TaxInvoiceKind.MODIFIED and not tax_invoice.original.approval_number:
            raise DomainError(_("The original tax invoice has no approval number yet."), code="original")
        try:
            approval = issuer.issue(tax_invoice)
        except IssuerRefused:
            # An earlier attempt may have issued it before our record was written: the provider knows the key.
            try:
                approval = issuer.check(tax_invoice).approval_number
            except IssuerRefused:
                approval = None
            if approval is None:
                raise
        tax_invoice = _apply(tax_invoice, "issue", issuer=issuer.name, issued_at=timezone.now(),
                             approval_number=approval or tax_invoice.approval_number)
    issuer.send(tax_invoice)
    tax_invoice = _apply(tax_invoice, "send")
    _queue_check(tax_invoice)
    return tax_invoice


def _queue_check(tax_invoice: TaxInvoice) -> None:
    from .tasks import tax_invoice_check_task

    enqueue_on_commit(tax_invoice_check_task, tax_invoice_id=tax_invoice.pk)


def tax_invoice_check(*, tax_invoice_id: int) -> NtsAnswer | None:
    """Ask the issuer where the NTS stands and record it: accepted (with the approval number) or failed
    (with the NTS's message). "pending" is returned for the caller to ask again later."""
    tax_invoice = TaxInvoice.objects.filter(pk=tax_invoice_id).first()
    if tax_invoice is None or tax_invoice.status not in (S.ISSUED, S.SENT):
        return None
    answer = issuer_get(tax_invoice.issuer or None).check(tax_invoice)
    now = timezone.now()
    approval = answer.approval_number or tax_invoice.approval_number
    if answer.state == "accepted":
        _apply(tax_invoice, "accept", approval_number=approval, nts_result="", checked_at=now)
    elif answer.state == "failed":
        _apply(tax_invoice, "fail", reason=answer.message, approval_number=approval, nts_result=answer.message,
               checked_at=now)
    else:
        TaxInvoice.objects.filter(pk=tax_invoice.pk).update(checked_at=now)
    return answer


def tax_invoice_resend(*, tax_invoice: TaxInvoice, actor) -> TaxInvoice:
    """Staff send a refused tax invoice to the NTS again (once its cause is fixed at the provider)."""
    from portal.workflow import require_district_staff

    require_district_staff(actor)
    issuer = issuer_get(tax_invoice.issuer or None)
    if not issuer.automatic or tax_invoice.status != S.FAILED:
        raise DomainError(_("Only a tax invoice the NTS refused can be sent again."), code="resend")
    issuer.send(tax_invoice)
    tax_invoice = _apply(tax_invoice, "resend", actor=actor, nts_result="")
    _queue_check(tax_invoice)
    return tax_invoice


def tax_invoice_cancel(*, tax_invoice: TaxInvoice, actor, reason: str) -> TaxInvoice:
    """Cancel a draft, or withdraw an issued tax invoice the NTS has not accepted (at the issuer first)."""
    if tax_invoice.status in (S.ISSUED, S.FAILED) and tax_invoice.issuer:
        from portal.workflow import require_district_staff

        require_district_staff(actor)
        if not (reason or "").strip():
            raise DomainError(_("Please give a reason or message."), code="reason_required", field="reason")
        issuer_get(tax_invoice.issuer).cancel(tax_invoice, reason)
    return _apply(tax_invoice, "cancel", actor=actor, reason=reason)
