"""A tax invoice per issued invoice: the worked examples of docs/billing.md give the same supply value and
VAT, dated the due date, with both parties' registration data; credit notes replace a draft or become a
modified tax invoice with its reason code."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from billing import services as billing_services
from portal.exceptions import DomainError
from premises.money import MoneyRule, RoundingMode, RoundingUnit
from taxinvoices import services
from taxinvoices.models import ModifyReason, TaxInvoice, TaxInvoiceKind
from taxinvoices.workflow import TaxInvoiceStatus
from tests.factories import BillingLeaseFactory, StaffFactory

from .conftest import issue

pytestmark = pytest.mark.django_db

# docs/billing.md, "Worked examples": (lease fields, year, month, supply, VAT, rent, fee)
WORKED_EXAMPLES = [
    pytest.param({}, 2026, 12, 924_000, 92_400, 660_000, 264_000, id="full-month"),
    pytest.param({"start_date": datetime.date(2026, 12, 15)}, 2026, 12, 506_709, 50_670, 361_935, 144_774,
                 id="from-15-december"),
    pytest.param({"end_date": datetime.date(2027, 2, 10)}, 2027, 2, 329_999, 32_999, 235_714, 94_285,
                 id="to-10-february"),
    pytest.param({"area_pyeong": Decimal("28.37"), "start_date": datetime.date(2026, 11, 2)}, 2026, 11,
                 548_486 + 219_394, (548_486 + 219_394) // 10, 548_486, 219_394, id="fractional-area"),
]


@pytest.mark.parametrize(("fields", "year", "month", "supply", "vat", "rent", "fee"), WORKED_EXAMPLES)
def test_the_worked_examples_give_tax_invoices_with_the_same_supply_value_and_vat(fields, year, month, supply,
                                                                                  vat, rent, fee):
    lease = BillingLeaseFactory(**fields)
    invoice, tax_invoice = issue(lease, year, month, today=datetime.date(year, month, 1))

    assert (tax_invoice.supply, tax_invoice.vat, tax_invoice.total) == (supply, vat, supply + vat)
    assert (invoice.supply, invoice.vat) == (supply, vat)
    items = list(tax_invoice.items.order_by("position"))
    assert [(i.name, i.supply) for i in items] == [("임대료", rent), ("관리비", fee)]
    assert sum(i.vat for i in items) == vat
    assert tax_invoice.status == TaxInvoiceStatus.DRAFT


def test_the_tax_invoice_is_dated_the_due_date_and_names_both_parties(lease):
    company = lease.company
    invoice, tax_invoice = issue(lease)
    lessor = lease.unit.floor.building.lessor

    assert tax_invoice.write_date == invoice.due_on == datetime.date(2026, 12, 25)
    assert all(item.supplied_on == invoice.due_on for item in tax_invoice.items.all())
    assert (tax_invoice.supplier_brn, tax_invoice.supplier_name, tax_invoice.supplier_representative,
            tax_invoice.supplier_business_type, tax_invoice.supplier_business_item) == (
        lessor.business_registration_number, lessor.name, lessor.representative, lessor.business_type,
        lessor.business_item)
    assert (tax_invoice.recipient_brn, tax_invoice.recipient_name, tax_invoice.recipient_representative,
            tax_invoice.recipient_email) == (
        company.business_registration_number, company.name_ko, company.representative, company.tax_invoice_email)
    assert tax_invoice.remark == tax_invoice.mgt_key == invoice.number


def test_issuing_twice_keeps_one_tax_invoice(lease):
    invoice, _tax_invoice = issue(lease)
    issue(lease)
    assert TaxInvoice.objects.filter(invoice=invoice).count() == 1


def test_a_credit_note_on_a_draft_replaces_it_with_what_remains_billed(lease):
    invoice, draft = issue(lease)

    billing_services.credit_note_issue(invoice=invoice, reason="면적 정정", supply=100_000,
                                       today=datetime.date(2026, 12, 10))

    draft.refresh_from_db()
    assert draft.status == TaxInvoiceStatus.CANCELLED
    live = TaxInvoice.objects.exclude(status="cancelled").get(invoice=invoice)
    assert (live.supply, live.vat, live.kind, live.write_date) == (824_000, 82_400, TaxInvoiceKind.NORMAL,
                                                                   invoice.due_on)
    assert sum(i.supply for i in live.items.all()) == 824_000
    assert sum(i.vat for i in live.items.all()) == 82_400
    assert live.mgt_key == f"{invoice.number}-R1"


def test_a_credit_note_for_everything_on_a_draft_leaves_no_tax_invoice(lease):
    invoice, draft = issue(lease)
    billing_services.credit_note_issue(invoice=invoice, reason="계약 취소", today=datetime.date(2026, 12, 10))
    assert not TaxInvoice.objects.filter(invoice=invoice).exclude(status="cancelled").exists()


def _accepted(tax_invoice, approval="20261225-41000001-00000001"):
    TaxInvoice.objects.filter(pk=tax_invoice.pk).update(status=TaxInvoiceStatus.ACCEPTED, issuer="hometax",
                                                        approval_number=approval)


def test_a_credit_note_on_an_issued_tax_invoice_becomes_a_modified_one_with_its_reason_code(lease):
    invoice, original = issue(lease)
    _accepted(original)

    note = billing_services.credit_note_issue(invoice=invoice, reason="면적 정정", supply=100_000,
                                              today=datetime.date(2027, 1, 5))

    modified = TaxInvoice.objects.get(invoice=note)
    assert (modified.kind, modified.original_id, modified.modify_code) == (
        TaxInvoiceKind.MODIFIED, original.pk, ModifyReason.SUPPLY_CHANGED)
    assert (modified.supply, modified.vat, modified.total) == (-100_000, -10_000, -110_000)
    assert modified.write_date == datetime.date(2027, 1, 5)  # the day of the change, for code 2
    assert modified.status == TaxInvoiceStatus.DRAFT
    original.refresh_from_db()
    assert original.status == TaxInvoiceStatus.ACCEPTED


def test_staff_choose_another_reason_code_and_codes_1_and_6_keep_the_original_date(lease):
    invoice, original = issue(lease)
    _accepted(original)
    note = billing_services.credit_note_issue(invoice=invoice, reason="이중 발급", today=datetime.date(2027, 1, 5))
    modified = TaxInvoice.objects.get(invoice=note)

    modified = services.tax_invoice_modify_reason_set(tax_invoice=modified, code=ModifyReason.DUPLICATE,
                                                      actor=StaffFactory())

    assert (modified.modify_code, modified.write_date) == (ModifyReason.DUPLICATE, original.write_date)
    assert {i.supplied_on for i in modified.items.all()} == {original.write_date}


def test_a_reason_code_is_fixed_once_issued(lease):
    invoice, original = issue(lease)
    _accepted(original)
    note = billing_services.credit_note_issue(invoice=invoice, reason="정정", today=datetime.date(2027, 1, 5))
    modified = TaxInvoice.objects.get(invoice=note)
    _accepted(modified, approval="20270105-41000001-00000002")
    with pytest.raises(DomainError):
        services.tax_invoice_modify_reason_set(tax_invoice=modified, code=ModifyReason.ENTRY_ERROR,
                                               actor=StaffFactory())


def test_staff_cancel_a_draft_with_a_reason_and_it_leaves_the_month_file(lease):
    _invoice, draft = issue(lease)
    cancelled = services.tax_invoice_cancel(tax_invoice=draft, actor=StaffFactory(), reason="수기 발급함")
    assert cancelled.status == TaxInvoiceStatus.CANCELLED
    assert cancelled.transitions.latest("id").reason == "수기 발급함"


areas = st.decimals(min_value=Decimal("5.00"), max_value=Decimal("120.00"), places=2)
rates = st.integers(min_value=1_000, max_value=60_000)
days = st.dates(min_value=datetime.date(2026, 1, 1), max_value=datetime.date(2027, 12, 31))
rules = st.builds(MoneyRule, unit=st.sampled_from(list(RoundingUnit)), mode=st.sampled_from(list(RoundingMode)))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(area=areas, rent=rates, fee=rates, start=days, rule=rules)
def test_the_tax_invoice_agrees_with_its_invoice_to_the_won_under_any_rule(area, rent, fee, start, rule):
    # Each example is undone; the block is marked as Django's TestCase marks its own, so that the issuing
    # service's durable transaction may run inside it.
    outer = transaction.atomic()
    outer._from_testcase = True
    with outer:
        lease = BillingLeaseFactory(area_pyeong=area, rent_per_pyeong=rent, management_fee_per_pyeong=fee,
                                    start_date=start, end_date=start + datetime.timedelta(days=400))
        lessor = lease.unit.floor.building.lessor
        lessor.rounding_unit, lessor.rounding_mode = rule.unit, rule.mode
        lessor.save(update_fields=["rounding_unit", "rounding_mode"])
        invoice, tax_invoice = issue(lease, start.year, start.month, today=start.replace(day=1))
        items = list(tax_invoice.items.all())
        assert (tax_invoice.supply, tax_invoice.vat, tax_invoice.total) == (invoice.supply, invoice.vat, invoice.total)
        assert sum(i.supply for i in items) == invoice.supply and sum(i.vat for i in items) == invoice.vat
        assert all(i.vat % rule.unit == 0 and i.supply % rule.unit == 0 for i in items)
        assert lease.charge_for(year=start.year, month=start.month).vat == tax_invoice.vat
        transaction.set_rollback(True)
