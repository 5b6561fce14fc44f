"""The tenancy workflows declared as data (portal.workflow): leases."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal import workflow
from portal.exceptions import PermissionRefused
from portal.workflow import State, Transition


class Actor(models.TextChoices):
    STAFF = "staff", _("District staff")


def check_actor(instance, user, role: str) -> None:
    if role == Actor.STAFF and (user is None or not user.is_district_staff):
        raise PermissionRefused(gettext("Only district staff can do this."), code="not_staff")


class LeaseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    ACTIVE = "active", _("Active")
    ENDING = "ending", _("Ending")
    ENDED = "ended", _("Ended")
    TERMINATED = "terminated", _("Terminated early")


_LEASE_OPEN = (LeaseStatus.DRAFT, LeaseStatus.SIGNED, LeaseStatus.ACTIVE, LeaseStatus.ENDING)

LEASE_WORKFLOW = workflow.Workflow(
    model="tenants.Lease",
    states=[
        State(LeaseStatus.DRAFT), State(LeaseStatus.SIGNED), State(LeaseStatus.ACTIVE), State(LeaseStatus.ENDING),
        State(LeaseStatus.ENDED, final=True), State(LeaseStatus.TERMINATED, final=True),
    ],
    transitions=[
        Transition("sign", (LeaseStatus.DRAFT,), LeaseStatus.SIGNED, Actor.STAFF, _("Sign")),
        Transition("activate", (LeaseStatus.SIGNED,), LeaseStatus.ACTIVE, Actor.STAFF, _("Activate")),
        Transition("begin_ending", (LeaseStatus.ACTIVE,), LeaseStatus.ENDING, Actor.STAFF, _("Begin ending")),
        Transition("end", (LeaseStatus.ENDING,), LeaseStatus.ENDED, Actor.STAFF, _("End")),
        Transition("terminate", _LEASE_OPEN, LeaseStatus.TERMINATED, Actor.STAFF, _("Terminate early"),
                   needs_reason=True),
    ],
    check_actor=check_actor,
    refused=_("A lease cannot go from “%(status)s” to “%(to)s”."),
)
