"""Fixtures of the workflow engine's tests."""

import pytest

from applications.workflow import Status
from portal import workflow as engine
from portal.workflow import SYSTEM, State, Transition, Workflow


@pytest.fixture
def system_workflow(monkeypatch):
    """A table with a change only the portal makes (like an invoice falling overdue), on the application model."""
    monkeypatch.setattr(engine, "WORKFLOWS", dict(engine.WORKFLOWS))
    return Workflow(
        model="applications.Application",
        states=[State(Status.SUBMITTED), State(Status.INELIGIBLE, final=True)],
        transitions=[Transition("lapse", (Status.SUBMITTED,), Status.INELIGIBLE, SYSTEM, "Lapse")],
        check_actor=lambda instance, user, role: None,
    )
