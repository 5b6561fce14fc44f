"""The application workflow walked through every (status, transition, actor) triple of its table."""

import pytest

from applications.workflow import WORKFLOW, Actor
from tests.factories import StaffFactory, SubmittedApplicationFactory
from tests.workflows import assert_triple, walk_cases


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "name", "role"), walk_cases(WORKFLOW, Actor.values))
def test_every_status_transition_and_actor(status, name, role):
    application = SubmittedApplicationFactory(status=status)
    user = {Actor.APPLICANT: application.applicant, Actor.STAFF: StaffFactory()}.get(role)
    assert_triple(workflow=WORKFLOW, instance=application, name=name, role=role, user=user)
