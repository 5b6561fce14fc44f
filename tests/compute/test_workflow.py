"""The GPU allocation's workflow walked through every (status, transition, actor) triple of its table."""

import pytest

from compute.workflow import ALLOCATION_WORKFLOW, Actor
from tests.factories import StaffFactory, UserFactory, gpu_allocation
from tests.workflows import assert_triple, walk_cases


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "name", "role"), walk_cases(ALLOCATION_WORKFLOW, [Actor.STAFF, "outsider"]))
def test_allocation(status, name, role):
    allocation = gpu_allocation(status=status)
    user = {Actor.STAFF: StaffFactory(), "outsider": UserFactory()}.get(role)
    assert_triple(workflow=ALLOCATION_WORKFLOW, instance=allocation, name=name, role=role, user=user)
