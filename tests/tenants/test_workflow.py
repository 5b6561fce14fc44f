"""The tenancy workflows walked through every (status, transition, actor) triple of their tables."""

import pytest

from tenants.workflow import LEASE_WORKFLOW, Actor
from tests.factories import LeaseFactory, StaffFactory, UserFactory
from tests.workflows import assert_triple, walk_cases


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "name", "role"), walk_cases(LEASE_WORKFLOW, [*Actor.values, "outsider"]))
def test_lease(status, name, role):
    lease = LeaseFactory(status=status)
    user = {Actor.STAFF: StaffFactory(), "outsider": UserFactory()}.get(role)
    assert_triple(workflow=LEASE_WORKFLOW, instance=lease, name=name, role=role, user=user)
