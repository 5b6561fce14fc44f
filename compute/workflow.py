"""The GPU allocation's workflow declared as data (portal.workflow): proposed → active → ended, or cancelled."""

from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from applications.permissions import staff_programme_ids
from portal import workflow
from portal.exceptions import PermissionRefused
from portal.workflow import State, Transition


class Actor(models.TextChoices):
    STAFF = "staff", _("District staff")


class AllocationStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("GPU allocation", "Proposed")
    ACTIVE = "active", pgettext_lazy("GPU allocation", "Active")
    ENDED = "ended", pgettext_lazy("GPU allocation", "Ended")
    CANCELLED = "cancelled", pgettext_lazy("GPU allocation", "Cancelled")


# An allocation in one of these statuses holds hours of its pool.
ALLOCATION_OPEN_STATUSES = (AllocationStatus.PROPOSED, AllocationStatus.ACTIVE)


def check_actor(instance, user, role: str) -> None:
    """Staff of the allocation's programme (applications/permissions.py) take its transitions."""
    workflow.require_district_staff(user)
    ids = staff_programme_ids(user)
    if ids is not None and instance.pool.programme_id not in ids:
        raise PermissionRefused(gettext("Only staff of the allocation's programme can do this."),
                                code="other_programme")


ALLOCATION_WORKFLOW = workflow.Workflow(
    model="compute.Allocation",
    states=[
        State(AllocationStatus.PROPOSED, _("In preparation"),
              _("The district is preparing your allocation; you can report usage once it is active.")),
        State(AllocationStatus.ACTIVE, AllocationStatus.ACTIVE.label, _("Report your GPU usage every month.")),
        State(AllocationStatus.ENDED, AllocationStatus.ENDED.label, _("The allocation's term is over."), final=True),
        State(AllocationStatus.CANCELLED, AllocationStatus.CANCELLED.label, _("The district cancelled the allocation."),
              final=True),
    ],
    transitions=[
        Transition("activate", (AllocationStatus.PROPOSED,), AllocationStatus.ACTIVE, Actor.STAFF, _("Activate")),
        Transition("end", (AllocationStatus.ACTIVE,), AllocationStatus.ENDED, Actor.STAFF,
                   _("End before the term"), needs_reason=True, kind=workflow.Kind.ASIDE),
        Transition("expire", (AllocationStatus.ACTIVE,), AllocationStatus.ENDED, workflow.SYSTEM,
                   _("End (term over)")),
        Transition("cancel", ALLOCATION_OPEN_STATUSES, AllocationStatus.CANCELLED, Actor.STAFF, _("Cancel"),
                   needs_reason=True, kind=workflow.Kind.REFUSAL),
    ],
    check_actor=check_actor,
    refused=_("A GPU allocation cannot go from “%(status)s” to “%(to)s”."),
)
