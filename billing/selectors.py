"""Reads of billing shared by the admin and the tenant's pages: invoices with their amounts, balances,
the monthly report and billed-versus-collected totals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import BigIntegerField, F, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from .models import AccountCredit, Invoice, InvoiceKind, InvoiceStatus, Payment, PaymentMethod


def invoices_with_amounts(queryset: QuerySet[Invoice] | None = None) -> QuerySet[Invoice]:
    """Invoices annotated with `paid_amount` (payments less overpayments), `credited_amount` and
    `outstanding_amount`, in one query whatever the number of rows."""
    queryset = Invoice.objects.all() if queryset is None else queryset
    paid = Payment.objects.filter(invoice=OuterRef("pk")).order_by().values("invoice_id").annotate(
        s=Sum("amount")).values("s")[:1]

    def to_account(*, overpaid: bool):
        """Overpaid: the part of a payment beyond what was outstanding (never paid on the invoice).
        Released: paid on the invoice, then left beyond what is due by a credit note (stays paid)."""
        return AccountCredit.objects.filter(invoice=OuterRef("pk"), amount__gt=0,
                                            payment__isnull=not overpaid).order_by().values(
            "invoice_id").annotate(s=Sum("amount")).values("s")[:1]

    credited = Invoice.objects.filter(refers_to=OuterRef("pk")).order_by().values("refers_to_id").annotate(
        s=Sum("total")).values("s")[:1]
    zero = Value(0, output_field=BigIntegerField())
    return queryset.annotate(
        paid_amount=Coalesce(Subquery(paid, output_field=BigIntegerField()), zero)
        - Coalesce(Subquery(to_account(overpaid=True), output_field=BigIntegerField()), zero),
        credited_amount=-Coalesce(Subquery(credited, output_field=BigIntegerField()), zero),
    ).annotate(outstanding_amount=F("total") - F("credited_amount") - F("paid_amount")
               + Coalesce(Subquery(to_account(overpaid=False), output_field=BigIntegerField()), zero))


def invoice_list_for_company(*, company_id: int) -> QuerySet[Invoice]:
    return invoices_with_amounts(Invoice.objects.filter(company_id=company_id)).order_by(
        "-year", "-month", "-issued_on", "-number")


def invoice_for_company(*, company_id: int, invoice_id: int) -> Invoice | None:
    return Invoice.objects.filter(company_id=company_id, pk=invoice_id).first()


def company_balance(*, company_id: int) -> dict:
    """Outstanding on open invoices, the account credit, and what the company owes after it."""
    open_invoices = invoices_with_amounts(Invoice.objects.filter(
        company_id=company_id, kind=InvoiceKind.INVOICE,
        status__in=[InvoiceStatus.ISSUED, InvoiceStatus.PARTLY_PAID, InvoiceStatus.OVERDUE]))
    outstanding = sum(i.outstanding_amount for i in open_invoices)
    credit = AccountCredit.objects.filter(company_id=company_id).aggregate(s=Sum("amount"))["s"] or 0
    return {"outstanding": outstanding, "credit": credit, "balance": outstanding - credit}


def monthly_report_rows(*, year: int, month: int) -> QuerySet[Invoice]:
    """Every invoice and credit note of the month, with paid and outstanding amounts."""
    return invoices_with_amounts(Invoice.objects.filter(year=year, month=month)).order_by("kind", "number")


def billed_vs_collected(*, months: int = 12) -> list[dict]:
    """Per month billed (invoices less credit notes) and collected (payments applied), newest last."""
    billed = {(r["year"], r["month"]): r["s"] for r in Invoice.objects.order_by().values("year", "month")
              .annotate(s=Sum("total"))}
    collected = {(r["invoice__year"], r["invoice__month"]): r["s"] for r in Payment.objects.order_by()
                 .values("invoice__year", "invoice__month").annotate(s=Sum("amount"))}
    # Only overpayments are left out: money a credit note later moved to account credit was collected.
    to_account = {(r["invoice__year"], r["invoice__month"]): r["s"] for r in AccountCredit.objects
                  .filter(invoice__isnull=False, payment__isnull=False, amount__gt=0).order_by()
                  .values("invoice__year", "invoice__month").annotate(s=Sum("amount"))}
    keys = sorted(set(billed) | set(collected))[-months:]
    return [{"year": y, "month": m, "billed": billed.get((y, m), 0) or 0,
             "collected": (collected.get((y, m), 0) or 0) - (to_account.get((y, m), 0) or 0)} for y, m in keys]


def payment_lessors_for_company(*, company_id: int) -> list:
    """The lessors whose accounts the company pays into: those of the buildings of its billed leases."""
    from premises.models import Lessor

    from .services.invoices import BILLED_LEASE_STATUSES

    return list(Lessor.objects.filter(
        buildings__floors__units__leases__company_id=company_id,
        buildings__floors__units__leases__status__in=BILLED_LEASE_STATUSES,
    ).distinct().order_by("name"))


def late_charges_total(*, year: int, month: int) -> int:
    """Late charges billed on the month's invoices (their late-charge lines), whole won; credit notes'
    late-charge lines (negative) take back what they credit."""
    from .models import InvoiceLine, InvoiceLineKind

    return InvoiceLine.objects.filter(
        kind=InvoiceLineKind.LATE_CHARGE, invoice__year=year, invoice__month=month,
    ).aggregate(s=Sum("amount"))["s"] or 0


def payments_total(*, first: dt.date, last: dt.date) -> dict:
    """Payments dated from `first` to `last` (bank matches and those staff typed alike), whole won: what was
    paid in (payments from account credit left out) and the part of it beyond what was due (kept as account
    credit)."""
    payments = Payment.objects.filter(paid_on__gte=first, paid_on__lte=last).exclude(
        method=PaymentMethod.ACCOUNT_CREDIT)
    paid = payments.aggregate(s=Sum("amount"))["s"] or 0
    overpaid = AccountCredit.objects.filter(payment__in=payments, amount__gt=0).aggregate(s=Sum("amount"))["s"] or 0
    return {"paid": paid, "overpaid": overpaid}


@dataclass
class RunPreview:
    """What starting the month's run would do: the invoices it issues, their total, the leases it skips."""

    year: int
    month: int
    to_issue: int = 0
    total: int = 0
    skipped: list[dict] = field(default_factory=list)  # lease, reason

    @property
    def period(self) -> str:
        return f"{self.year}-{self.month:02d}"


def billing_run_preview(*, year: int, month: int) -> RunPreview:
    """Every lease overlapping the month, in two queries: those the run bills (rent, management fee and VAT
    of the month, prorated; accrued late charges are added when issuing and are not counted here) and
    those it skips, with the reason."""
    from premises.money import month_bounds
    from tenants.models import Lease, LeaseStatus

    from .services.invoices import BILLED_LEASE_STATUSES

    first, last = month_bounds(year, month)
    leases = (Lease.objects.filter(start_date__lte=last, end_date__gte=first)
              .select_related("company", "unit__floor__building__lessor").order_by("unit__code", "pk"))
    invoiced = dict(Invoice.objects.filter(year=year, month=month, kind=InvoiceKind.INVOICE)
                    .exclude(pdf_path="").values_list("lease_id", "number"))
    preview = RunPreview(year=year, month=month)
    for lease in leases:
        if lease.pk in invoiced:
            reason = _("Already invoiced for this month (%(number)s).") % {"number": invoiced[lease.pk]}
        elif lease.status not in BILLED_LEASE_STATUSES:
            reason = _("Not billed in its status “%(status)s”: the run bills signed, active, ending and ended "
                       "leases.") % {"status": LeaseStatus(lease.status).label}
        else:
            preview.to_issue += 1
            preview.total += lease.charge_for(year=year, month=month).total
            continue
        preview.skipped.append({"lease": lease, "reason": reason})
    return preview
