"""Late charges: the worked examples of docs/billing.md (paid 1, 31 and 400 days late), a partial payment, a
payment recorded late, the nightly rerun, the cap, the waiver with its reason, and the line of the next invoice."""

import datetime
import io

import pytest
from django.core.files.storage import storages
from pypdf import PdfReader

from billing import services
from billing.models import InvoiceLineKind, InvoiceStatus, LateCharge, LateChargePolicy
from billing.services.late_charges import months_late
from billing.workflow_late import LateChargeStatus
from portal.exceptions import DomainError
from tests.factories import BillingLeaseFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db
ISSUED = datetime.date(2026, 12, 1)
DUE = datetime.date(2026, 12, 25)
TOTAL = 1_016_400


@pytest.fixture
def invoice():
    lease = BillingLeaseFactory()
    invoice = services.invoice_issue_for_lease(lease_id=lease.pk, year=2026, month=12, today=ISSUED)
    assert (invoice.due_on, invoice.total) == (DUE, TOTAL)
    return invoice


def _pay(invoice, amount, on):
    return services.payment_record(invoice=invoice, amount=amount, paid_on=on, today=on)


def _accrued(invoice) -> dict:
    return services.late_charge_amounts(LateCharge.objects.get(invoice=invoice))


def test_months_of_delay_count_calendar_months_from_the_due_date():
    assert months_late(due_on=DUE, day=datetime.date(2027, 1, 24)) == 0
    assert months_late(due_on=DUE, day=datetime.date(2027, 1, 25)) == 1
    assert months_late(due_on=datetime.date(2027, 1, 31), day=datetime.date(2027, 2, 27)) == 0
    assert months_late(due_on=datetime.date(2027, 1, 31), day=datetime.date(2027, 2, 28)) == 1
    assert months_late(due_on=DUE, day=datetime.date(2031, 12, 25)) == 60
    assert months_late(due_on=DUE, day=datetime.date(2031, 12, 24)) == 59


def test_paid_one_day_late(invoice):
    services.late_charges_accrue(today=datetime.date(2026, 12, 26))
    _pay(invoice, TOTAL, datetime.date(2026, 12, 26))
    services.late_charges_accrue(today=datetime.date(2026, 12, 27))
    amounts = _accrued(invoice)
    # 1,016,400 × 7% × 1 / 365 = 194.93 → 194
    assert amounts["days"] == 1 and amounts["accrued"] == 194
    assert LateCharge.objects.get(invoice=invoice).status == LateChargeStatus.CLOSED


def test_paid_31_days_late_crosses_into_the_second_band(invoice):
    _pay(invoice, TOTAL, datetime.date(2027, 1, 25))  # recorded before any nightly run saw the invoice late
    services.late_charges_accrue(today=datetime.date(2027, 1, 26))
    # 30 days at 7% and 25 January (one month late) at 8%: 1,016,400 × (30 × 7 + 1 × 8) / 36,500 = 6,070.55 → 6,070
    amounts = _accrued(invoice)
    assert amounts["days"] == 31 and amounts["accrued"] == 6_070


def test_paid_400_days_late_runs_through_every_band(invoice):
    services.late_charges_accrue(today=datetime.date(2027, 6, 30))
    services.late_charges_accrue(today=datetime.date(2027, 12, 31))
    _pay(invoice, TOTAL, datetime.date(2028, 1, 29))
    services.late_charges_accrue(today=datetime.date(2028, 1, 30))
    # 30 days at 7%, 59 at 8%, 92 at 9%, 219 at 10%: 1,016,400 × 3,700 / 36,500 = 103,032.33 → 103,032
    amounts = _accrued(invoice)
    assert amounts["days"] == 400 and amounts["accrued"] == 103_032
    charge = LateCharge.objects.get(invoice=invoice)
    assert charge.status == LateChargeStatus.CLOSED and charge.accrued_through == datetime.date(2028, 1, 29)
    rates = sorted(set(charge.days.values_list("annual_rate", flat=True)))
    assert [str(r) for r in rates] == ["7.000", "8.000", "9.000", "10.000"]


def test_a_partial_payment_stops_accrual_on_the_part_paid(invoice):
    services.late_charges_accrue(today=datetime.date(2026, 12, 29))
    _pay(invoice, 516_400, datetime.date(2026, 12, 30))
    services.late_charges_accrue(today=datetime.date(2027, 1, 9))
    # Dec 26–30 on 1,016,400, Dec 31–Jan 9 on 500,000, all at 7%: (5 × 1,016,400 + 10 × 500,000) × 7 / 36,500
    # = 1,933.53 → 1,933
    charge = LateCharge.objects.get(invoice=invoice)
    assert list(charge.days.order_by("day").values_list("base", flat=True)) == [TOTAL] * 5 + [500_000] * 10
    assert _accrued(invoice)["accrued"] == 1_933
    assert charge.status == LateChargeStatus.ACCRUING


def test_a_payment_recorded_late_removes_the_days_it_covered(invoice):
    services.late_charges_accrue(today=datetime.date(2027, 1, 5))
    assert _accrued(invoice)["days"] == 11
    services.payment_record(invoice=invoice, amount=TOTAL, paid_on=datetime.date(2026, 12, 28),
                            today=datetime.date(2027, 1, 5))
    services.late_charges_accrue(today=datetime.date(2027, 1, 6))
    amounts = _accrued(invoice)
    assert amounts["days"] == 3 and amounts["accrued"] == 584  # 3 × 194.93 = 584.79 → 584
    assert LateCharge.objects.get(invoice=invoice).status == LateChargeStatus.CLOSED


def test_a_rerun_on_the_same_day_adds_nothing(invoice):
    day = datetime.date(2027, 1, 10)
    assert services.late_charges_accrue(today=day) == 16
    assert services.late_charges_accrue(today=day) == 0
    assert _accrued(invoice)["days"] == 16
    assert services.late_charges_accrue(today=day + datetime.timedelta(days=1)) == 1


def test_an_invoice_paid_on_time_bears_no_late_charge(invoice):
    _pay(invoice, TOTAL, DUE)
    services.late_charges_accrue(today=datetime.date(2027, 1, 10))
    assert not LateCharge.objects.filter(invoice=invoice, days__isnull=False).exists()


def test_accrual_stops_at_the_cap(invoice):
    policy = services.late_charge_policy_for(lessor=invoice.lease.unit.floor.building.lessor)
    LateChargePolicy.objects.filter(pk=policy.pk).update(cap_months=1)
    services.late_charges_accrue(today=datetime.date(2027, 3, 1))
    charge = LateCharge.objects.get(invoice=invoice)
    assert charge.accrued_through == datetime.date(2027, 1, 25) and charge.status == LateChargeStatus.CLOSED
    assert services.late_charges_accrue(today=datetime.date(2027, 3, 2)) == 0


def test_the_next_invoice_bills_the_late_charge_as_its_own_line_outside_vat(invoice):
    services.late_charges_accrue(today=datetime.date(2027, 1, 1))
    january = services.invoice_issue_for_lease(lease_id=invoice.lease_id, year=2027, month=1,
                                               today=datetime.date(2027, 1, 1))
    late = january.lines.get(kind=InvoiceLineKind.LATE_CHARGE)
    # Dec 26 – Jan 1, 7 days at 7%: 1,016,400 × 49 / 36,500 = 1,364.48 → 1,364
    assert (late.amount, late.taxable, late.label_ko) == (1_364, False, "연체료")
    assert invoice.number in late.basis
    assert (january.supply, january.vat, january.total) == (924_000, 92_400, TOTAL + 1_364)
    with storages["private"].open(january.pdf_path, "rb") as file:
        text = " ".join(PdfReader(io.BytesIO(file.read())).pages[0].extract_text().split())
    assert "연체료" in text and "1,364원" in text and "과세 제외" in text and "1,017,764원" in text
    assert _accrued(invoice)["billed"] == 1_364 and _accrued(invoice)["to_bill"] == 0
    # the next month bills only the days since
    services.late_charges_accrue(today=datetime.date(2027, 2, 1))
    february = services.invoice_issue_for_lease(lease_id=invoice.lease_id, year=2027, month=2,
                                                today=datetime.date(2027, 2, 1))
    feb_late = february.lines.filter(kind=InvoiceLineKind.LATE_CHARGE)
    # Jan 2–24 (23 days) at 7% and Jan 25 – Feb 1 (8 days) at 8% on December's 1,016,400 (6,265.48);
    # January, unpaid since its due date of 25 January, adds Jan 26 – Feb 1 (7 days at 7% on 1,016,400, its
    # late charge left out: 1,364.48). One line, rounded once: 1,016,400 × (23×7 + 8×8 + 7×7) / 36,500 = 7,629.96
    assert [line.amount for line in feb_late] == [7_629]


def test_a_vatable_policy_puts_the_late_charge_in_the_supply_value(invoice):
    policy = services.late_charge_policy_for(lessor=invoice.lease.unit.floor.building.lessor)
    LateChargePolicy.objects.filter(pk=policy.pk).update(vatable=True)
    services.late_charges_accrue(today=datetime.date(2027, 1, 1))
    january = services.invoice_issue_for_lease(lease_id=invoice.lease_id, year=2027, month=1,
                                               today=datetime.date(2027, 1, 1))
    assert january.lines.get(kind=InvoiceLineKind.LATE_CHARGE).taxable
    assert (january.supply, january.vat, january.total) == (925_364, 92_536, 1_017_900)


def test_a_full_credit_note_credits_the_late_charge_too(invoice):
    services.late_charges_accrue(today=datetime.date(2027, 1, 1))
    january = services.invoice_issue_for_lease(lease_id=invoice.lease_id, year=2027, month=1,
                                               today=datetime.date(2027, 1, 1))
    note = services.credit_note_issue(invoice=january, reason="이중 청구", today=datetime.date(2027, 1, 2))
    assert note.total == -(TOTAL + 1_364)
    assert sorted(note.lines.values_list("kind", "amount")) == [("correction", -924_000), ("late_charge", -1_364)]
    january.refresh_from_db()
    assert january.status == InvoiceStatus.CANCELLED


def test_staff_waive_with_a_reason_and_nothing_more_is_billed(invoice):
    services.late_charges_accrue(today=datetime.date(2026, 12, 31))
    charge = LateCharge.objects.get(invoice=invoice)
    with pytest.raises(DomainError):
        services.late_charge_waive(charge=charge, actor=StaffFactory(), reason="")
    with pytest.raises(DomainError):
        services.late_charge_waive(charge=charge, actor=UserFactory(), reason="부당")
    staff = StaffFactory()
    services.late_charge_waive(charge=charge, actor=staff, reason="시스템 장애로 납부 불가")
    charge.refresh_from_db()
    assert charge.status == LateChargeStatus.WAIVED
    log = charge.status_changes.latest("id")
    assert (log.actor_id, log.reason, log.to_status) == (staff.pk, "시스템 장애로 납부 불가", "waived")
    assert services.late_charges_accrue(today=datetime.date(2027, 1, 1)) == 0
    amounts = _accrued(invoice)
    assert amounts["to_bill"] == 0 and amounts["waived"] == amounts["accrued"] > 0
    january = services.invoice_issue_for_lease(lease_id=invoice.lease_id, year=2027, month=1,
                                               today=datetime.date(2027, 1, 1))
    assert not january.lines.filter(kind=InvoiceLineKind.LATE_CHARGE).exists()


def test_the_nightly_task_counts_days_in_korea_time(invoice, monkeypatch, settings):
    from django.utils import timezone

    from billing.tasks import late_charges_accrue_task

    entry = settings.CELERY_BEAT_SCHEDULE["billing-late-charges"]
    assert entry["task"] == "billing.tasks.late_charges_accrue_task"
    assert entry["schedule"].hour == {0} and entry["schedule"].minute == {30}
    assert settings.CELERY_TIMEZONE == settings.TIME_ZONE == "Asia/Seoul"
    # 25 December 15:30 UTC is already 26 December 00:30 in Seoul: the first day of delay.
    utc_moment = datetime.datetime(2026, 12, 25, 15, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: utc_moment)
    assert late_charges_accrue_task.apply().get() == 1
    assert late_charges_accrue_task.apply().get() == 0
    assert _accrued(invoice)["days"] == 1


def test_days_already_billed_stay_when_a_payment_is_dated_back(invoice):
    services.late_charges_accrue(today=datetime.date(2027, 1, 1))
    january = services.invoice_issue_for_lease(lease_id=invoice.lease_id, year=2027, month=1,
                                               today=datetime.date(2027, 1, 1))
    services.late_charges_accrue(today=datetime.date(2027, 1, 5))
    services.payment_record(invoice=invoice, amount=TOTAL, paid_on=datetime.date(2026, 12, 27),
                            today=datetime.date(2027, 1, 5))
    services.late_charges_accrue(today=datetime.date(2027, 1, 6))
    charge = LateCharge.objects.get(invoice=invoice)
    # the seven days billed on January's invoice stay as billed; the four after them go
    assert charge.days.count() == 7 and not charge.days.filter(billed_in__isnull=True).exists()
    assert set(charge.days.values_list("billed_in", flat=True)) == {january.pk}
    assert charge.status == LateChargeStatus.CLOSED


def test_the_months_collections_report_counts_the_late_charges_billed_that_month(invoice):
    from receipts.services.months import month_report

    services.late_charges_accrue(today=datetime.date(2027, 1, 1))
    services.invoice_issue_for_lease(lease_id=invoice.lease_id, year=2027, month=1, today=datetime.date(2027, 1, 1))
    assert month_report(year=2027, month=1)["late_charges"] == 1_364
    assert month_report(year=2026, month=12)["late_charges"] == 0
