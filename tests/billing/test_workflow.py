"""The invoice workflow walked through every (status, transition, actor) triple of its table: a payment or a
credit note settles the invoice, recorded by staff or with no one named; only the portal marks it overdue."""

import datetime

import pytest

from billing import services
from billing.models import Invoice
from billing.workflow import INVOICE_WORKFLOW, Actor
from portal.workflow import SYSTEM
from tests.factories import BillingLeaseFactory, StaffFactory, UserFactory
from tests.workflows import assert_triple, walk_cases


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "name", "who"), walk_cases(INVOICE_WORKFLOW, ["staff", "outsider"]))
def test_invoice(status, name, who):
    lease = BillingLeaseFactory()
    invoice = services.invoice_issue_for_lease(lease_id=lease.pk, year=2026, month=12,
                                               today=datetime.date(2026, 12, 1))
    Invoice.objects.filter(pk=invoice.pk).update(status=status)
    invoice.refresh_from_db()
    user = {"staff": StaffFactory(), "outsider": UserFactory()}.get(who)
    if who == SYSTEM:  # no one named: a settlement recorded by the portal, or the portal's own change
        role = Actor.SETTLEMENT if INVOICE_WORKFLOW.transitions[name].actor == Actor.SETTLEMENT else SYSTEM
    else:
        role = {"staff": Actor.SETTLEMENT}.get(who, who)
    assert_triple(workflow=INVOICE_WORKFLOW, instance=invoice, name=name, role=role, user=user)
