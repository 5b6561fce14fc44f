"""Late charges (연체료): the lessor's policy, the daily accrual on an overdue invoice's unpaid amount, the waiver,
and the late-charge line of the next invoice (docs/billing.md, "Late charges")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Exists, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.formatting import format_kst_date
from portal.workflow import transition_apply
from premises.money import days_in_month, interest

from ..models import OPEN_STATUSES, Invoice, InvoiceKind, InvoiceLine, InvoiceLineKind
from ..models_late import DEFAULT_BANDS, LateCharge, LateChargeBand, LateChargeDay, LateChargePolicy
from ..workflow_late import LATE_CHARGE_WORKFLOW, LateChargeStatus


@dataclass(frozen=True)
class Policy:
    """A lessor's policy as the accrual reads it: bands as (from month, % a year), highest first."""

    active: bool
    cap_months: int
    day_basis: int
    vatable: bool
    bands: tuple[tuple[int, Decimal], ...]

    def rate_for(self, months_late: int) -> Decimal:
        return next((rate for start, rate in self.bands if months_late >= start), Decimal(0))


def late_charge_policy_for(*, lessor) -> LateChargePolicy:
    """The lessor's policy, created with the defaults (docs/billing.md) the first time it is needed."""
    policy = LateChargePolicy.objects.filter(lessor=lessor).first()
    if policy is not None:
        return policy
    try:
        with transaction.atomic():
            policy = LateChargePolicy.objects.create(lessor=lessor)
            LateChargeBand.objects.bulk_create(
                LateChargeBand(policy=policy, from_month=start, annual_rate=rate) for start, rate in DEFAULT_BANDS)
    except IntegrityError:  # created at the same moment by another worker
        policy = LateChargePolicy.objects.get(lessor=lessor)
    return policy


def _policy_of(lessor) -> Policy:
    return _policy_from(late_charge_policy_for(lessor=lessor))


def _policy_from(policy: LateChargePolicy) -> Policy:
    bands = tuple(sorted(((band.from_month, band.annual_rate) for band in policy.bands.all()), reverse=True))
    return Policy(active=policy.active, cap_months=policy.cap_months, day_basis=policy.day_basis,
                  vatable=policy.vatable, bands=bands)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later, clamped to the month's last day (31 January + 1 = 28 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, days_in_month(year, month)))


def months_late(*, due_on: dt.date, day: dt.date) -> int:
    """Whole months of delay on `day`: the largest m with due date + m months ≤ day (month ends clamp, so one
    month after 31 January is 28 or 29 February)."""
    months = (day.year - due_on.year) * 12 + day.month - due_on.month
    return months - 1 if add_months(due_on, months) > day else months


def last_chargeable_day(*, due_on: dt.date, cap_months: int) -> dt.date:
    return add_months(due_on, cap_months)


def _principal(invoice: Invoice) -> int:
    """What the invoice asked, after credit notes, without the late charge it carries (no charge on a charge)."""
    late_lines = invoice.lines.filter(kind=InvoiceLineKind.LATE_CHARGE).aggregate(s=Sum("amount"))["s"] or 0
    credited = invoice.credit_notes.aggregate(s=Sum("total"))["s"] or 0
    return invoice.total - late_lines + credited


def _expected_days(invoice: Invoice, policy: Policy, *, through: dt.date) -> tuple[dict, dt.date | None]:
    """The days of delay up to `through` with their unpaid amount and rate, and the day the balance was
    cleared (None while something is unpaid). A payment counts from the day after it was made: the day of
    payment still bears the charge on what was unpaid that morning."""
    principal = _principal(invoice)
    payments = list(invoice.payments.order_by("paid_on").values_list("paid_on", "amount"))
    expected: dict[dt.date, tuple[int, Decimal]] = {}
    day = invoice.due_on + dt.timedelta(days=1)
    while day <= through:
        paid = sum(amount for paid_on, amount in payments if paid_on < day)
        base = principal - paid
        if base <= 0:
            return expected, day
        expected[day] = (base, policy.rate_for(months_late(due_on=invoice.due_on, day=day)))
        day += dt.timedelta(days=1)
    return expected, None


@transaction.atomic
def late_charge_accrue(*, invoice_id: int, today: dt.date | None = None) -> int:
    """Bring an invoice's late charge up to `today` (Korea time): one row per day of delay, on the amount
    unpaid that day. Idempotent: a rerun on the same day adds nothing. Days not yet billed follow payments
    recorded late (a payment dated back lowers or removes them); billed or waived days never change.
    Returns the number of days added."""
    today = today or timezone.localdate()
    invoice = (Invoice.objects.select_for_update(of=("self",)).select_related("lease__unit__floor__building__lessor")
               .filter(pk=invoice_id, kind=InvoiceKind.INVOICE).first())
    if invoice is None or invoice.due_on >= today:
        return 0
    policy = _policy_of(invoice.lease.unit.floor.building.lessor)
    charge = LateCharge.objects.filter(invoice=invoice).first()
    if not policy.active:
        return 0
    if charge is None:
        charge = LateCharge.objects.create(invoice=invoice)
    if charge.status != LateChargeStatus.ACCRUING:
        return 0
    cap_day = last_chargeable_day(due_on=invoice.due_on, cap_months=policy.cap_months)
    through = min(today, cap_day)
    expected, cleared_on = _expected_days(invoice, policy, through=through)
    existing = {row.day: row for row in charge.days.all()}
    added, changed = [], []
    for day, (base, rate) in expected.items():
        row = existing.get(day)
        if row is None:
            added.append(LateChargeDay(charge=charge, day=day, base=base, annual_rate=rate))
        elif row.billed_in_id is None and not row.waived and (row.base, row.annual_rate) != (base, rate):
            row.base, row.annual_rate = base, rate
            changed.append(row)
    LateChargeDay.objects.bulk_create(added)
    LateChargeDay.objects.bulk_update(changed, ["base", "annual_rate"])
    # Days a payment dated back has covered, never billed: they were not owed.
    charge.days.filter(billed_in__isnull=True, waived=False).exclude(day__in=list(expected)).delete()
    accrued_through = max(expected, default=None)
    if accrued_through != charge.accrued_through:
        charge.accrued_through = accrued_through
        charge.save(update_fields=["accrued_through", "updated_at"])
    if cleared_on is not None or today >= cap_day:
        reason = (_("The invoice was settled on %(day)s.") % {"day": format_kst_date(cleared_on)} if cleared_on
                  else _("The cap of %(months)s months of delay was reached.") % {"months": policy.cap_months})
        transition_apply(workflow=LATE_CHARGE_WORKFLOW, instance=charge, name="close", actor=None, reason=reason)
    return len(added)


def late_charges_accrue(*, today: dt.date | None = None) -> int:
    """The daily run: every invoice past its due date that is unpaid, or whose late charge still accrues.
    Each invoice in its own short transaction. Returns the days added."""
    today = today or timezone.localdate()
    ids = (Invoice.objects.filter(kind=InvoiceKind.INVOICE)
           .filter(Q(status__in=OPEN_STATUSES, due_on__lt=today) & ~Q(late_charge__status__in=[
               LateChargeStatus.CLOSED, LateChargeStatus.WAIVED])
               | Q(late_charge__status=LateChargeStatus.ACCRUING)
               # paid late before any nightly run saw it overdue
               | Q(late_charge__isnull=True, payments__paid_on__gt=F("due_on"), due_on__lt=today))
           .order_by("pk").values_list("pk", flat=True).distinct())
    return sum(late_charge_accrue(invoice_id=pk, today=today) for pk in list(ids))


def late_charge_waive(*, charge: LateCharge, actor, reason: str) -> LateCharge:
    """Staff waive a late charge, with the reason: the days not yet billed are waived and nothing more
    accrues. Days already billed stay on their invoice (a credit note corrects that invoice)."""
    with transaction.atomic():
        locked = transition_apply(workflow=LATE_CHARGE_WORKFLOW, instance=charge, name="waive", actor=actor,
                                  reason=reason)
        locked.days.filter(billed_in__isnull=True).update(waived=True)
    return locked


def late_charge_amounts(charge: LateCharge, *, policy: Policy | None = None) -> dict:
    """Days and won of a late charge, under its lessor's policy and money rule: accrued in all, billed,
    waived and still to bill (each sum rounded once). Reads the days prefetched, if they were."""
    lessor = charge.invoice.lease.unit.floor.building.lessor
    policy = policy or _policy_of(lessor)
    sums = {"accrued": Decimal(0), "billed": Decimal(0), "waived": Decimal(0), "to_bill": Decimal(0)}
    days = list(charge.days.all())
    for day in days:
        part = day.base * day.annual_rate
        sums["accrued"] += part
        sums["billed" if day.billed_in_id else "waived" if day.waived else "to_bill"] += part
    amounts = {key: interest(amount_days_percent=value, day_basis=policy.day_basis, rule=lessor.money_rule)
               for key, value in sums.items()}
    return {"days": len(days), **amounts}


def late_charge_policies(*, lessor_ids) -> dict[int, Policy]:
    """The policies of several lessors at once (a page listing late charges), by lessor id."""
    found = {policy.lessor_id: policy for policy in
             LateChargePolicy.objects.filter(lessor_id__in=set(lessor_ids)).prefetch_related("bands")}
    return {lessor_id: (_policy_from(found[lessor_id]) if lessor_id in found else None) for lessor_id in lessor_ids}


@dataclass
class LateChargeBill:
    line: InvoiceLine
    day_ids: list[int]
    taxable: bool


def _days_to_bill(*, lease, today: dt.date):
    """A lease's late-charge days accrued up to `today` and neither billed nor waived (`lease`: an id or an
    OuterRef)."""
    return LateChargeDay.objects.filter(charge__invoice__lease_id=lease, billed_in__isnull=True, waived=False,
                                        day__lte=today)


def late_charge_days_to_bill_exist(*, lease, today: dt.date) -> Exists:
    """Whether a lease has late-charge days to bill on its next invoice, as an expression (`lease`: an OuterRef),
    so that issuing asks it with another question instead of a statement of its own."""
    return Exists(_days_to_bill(lease=lease, today=today))


def late_charge_line_for_lease(*, lease, today: dt.date, position: int, month_days: int) -> LateChargeBill | None:
    """The line of the next invoice for a lease's late charges accrued up to `today` and not billed or waived
    (one line, all the lease's overdue invoices). The caller attaches the days to the invoice it issues."""
    days = list(_days_to_bill(lease=lease.pk, today=today).select_for_update()
                .select_related("charge__invoice").order_by("charge__invoice__number", "day"))
    if not days:
        return None
    lessor = lease.unit.floor.building.lessor
    policy = _policy_of(lessor)
    amount = interest(amount_days_percent=sum(d.base * d.annual_rate for d in days), day_basis=policy.day_basis,
                      rule=lessor.money_rule)
    if amount <= 0:
        return None
    by_invoice: dict[str, list[dt.date]] = {}
    for day in days:
        by_invoice.setdefault(day.charge.invoice.number, []).append(day.day)
    basis = ", ".join(f"{number} {min(d):%Y-%m-%d}~{max(d):%Y-%m-%d} {len(d)}일" for number, d in by_invoice.items())
    line = InvoiceLine(
        position=position, kind=InvoiceLineKind.LATE_CHARGE, taxable=policy.vatable, label_ko="연체료",
        label_en="Late charge", basis=basis[:200], quantity=0, rate=0, days=min(len(days), 32767),
        month_days=month_days, amount=amount,
    )
    return LateChargeBill(line=line, day_ids=[d.pk for d in days], taxable=policy.vatable)


def late_charge_days_bill(*, bill: LateChargeBill, invoice: Invoice) -> None:
    LateChargeDay.objects.filter(pk__in=bill.day_ids, billed_in__isnull=True).update(billed_in=invoice)
