"""The late-charge workflow walked through every (status, transition, actor) triple of its table: only the portal
ends accrual; only district staff waive, with a reason."""

import datetime

import pytest

from billing import services
from billing.models import LateCharge
from billing.workflow_late import LATE_CHARGE_WORKFLOW
from tests.factories import BillingLeaseFactory, StaffFactory, UserFactory
from tests.workflows import assert_triple, walk_cases


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "name", "who"), walk_cases(LATE_CHARGE_WORKFLOW, ["staff", "outsider"]))
def test_late_charge(status, name, who):
    lease = BillingLeaseFactory()
    invoice = services.invoice_issue_for_lease(lease_id=lease.pk, year=2026, month=12,
                                               today=datetime.date(2026, 12, 1))
    services.late_charges_accrue(today=datetime.date(2026, 12, 28))
    charge = LateCharge.objects.get(invoice=invoice)
    LateCharge.objects.filter(pk=charge.pk).update(status=status)
    charge.refresh_from_db()
    user = {"staff": StaffFactory(), "outsider": UserFactory()}.get(who)
    assert_triple(workflow=LATE_CHARGE_WORKFLOW, instance=charge, name=name, role=who, user=user)
