"""The tax-invoice workflow walked through every (status, transition, actor) triple of its table: the portal
issues, sends and records the NTS's answer; district staff record Hometax's result, send a refused one again
and cancel; anyone else is refused."""

import pytest

from portal.workflow import SYSTEM
from taxinvoices.models import TaxInvoice
from taxinvoices.workflow import TAX_INVOICE_WORKFLOW, Actor
from tests.factories import BillingLeaseFactory, StaffFactory, UserFactory
from tests.workflows import assert_triple, walk_cases

from .conftest import issue


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "name", "who"), walk_cases(TAX_INVOICE_WORKFLOW, ["staff", "outsider"]))
def test_tax_invoice(status, name, who):
    _invoice, tax_invoice = issue(BillingLeaseFactory())
    TaxInvoice.objects.filter(pk=tax_invoice.pk).update(status=status)
    tax_invoice.refresh_from_db()
    user = {"staff": StaffFactory(), "outsider": UserFactory()}.get(who)
    actor = TAX_INVOICE_WORKFLOW.transitions[name].actor
    # Staff play both staff roles of the table (buttons of the admin, Hometax's result file).
    role = actor if who == "staff" and actor in (Actor.STAFF, Actor.HOMETAX) else who
    assert role == SYSTEM or who != SYSTEM
    assert_triple(workflow=TAX_INVOICE_WORKFLOW, instance=tax_invoice, name=name, role=role, user=user)
