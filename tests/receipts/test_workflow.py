"""The deposit and refund workflows walked through every (status, transition, actor) triple of their
tables: staff assign, undo and return deposits, the portal matches; a refund is approved or rejected by a
staff member other than the one who requested it."""

import pytest

from portal.workflow import SYSTEM
from receipts.models import BankTransaction, Refund, RefundSource
from receipts.workflow import REFUND_WORKFLOW, TRANSACTION_WORKFLOW, Actor
from tests.factories import StaffFactory, UserFactory
from tests.workflows import assert_triple, walk_cases

from .helpers import deposit_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("status", "name", "who"), walk_cases(TRANSACTION_WORKFLOW, ["staff", "outsider"]))
def test_bank_transaction(status, name, who):
    tx = deposit_in(10_000, "누군가")
    BankTransaction.objects.filter(pk=tx.pk).update(status=status)
    tx.refresh_from_db()
    user = {"staff": StaffFactory(), "outsider": UserFactory()}.get(who)
    role = {"staff": Actor.STAFF}.get(who, who)
    assert_triple(workflow=TRANSACTION_WORKFLOW, instance=tx, name=name, role=role, user=user)


@pytest.mark.parametrize(("status", "name", "who"),
                         walk_cases(REFUND_WORKFLOW, ["requester", "second staff", "outsider"]))
def test_refund(status, name, who):
    requester = StaffFactory()
    refund = Refund.objects.create(source=RefundSource.ACCOUNT_CREDIT, amount=1_000, bank="국민은행",
                                   account_number="1234", account_holder_name="양재", reason="요청",
                                   requested_by=requester, status=status)
    user = {"requester": requester, "second staff": StaffFactory(), "outsider": UserFactory()}.get(who)
    transition = REFUND_WORKFLOW.transitions[name]
    # The requester acts as staff (pay, cancel) but never as the second staff member; an outsider as no one.
    role = {"requester": Actor.STAFF, "second staff": transition.actor if transition.actor != SYSTEM
            else Actor.SECOND_STAFF}.get(who, who)
    assert_triple(workflow=REFUND_WORKFLOW, instance=refund, name=name, role=role, user=user)
