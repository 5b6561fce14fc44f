"""The exemption-request workflow declared as data (portal.workflow): staff decide, the company's managers resubmit."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal import workflow
from portal.exceptions import PermissionRefused
from portal.workflow import State, Transition


class Actor(models.TextChoices):
    STAFF = "staff", _("District staff")
    MANAGER = "manager", _("Company owner or administrator")


def check_actor(request, user, role: str) -> None:
    from tenants.models import MANAGING_ROLES, TeamMembership

    if role == Actor.STAFF:
        workflow.require_district_staff(user)
    if role == Actor.MANAGER and (user is None or not TeamMembership.objects.filter(
            company_id=request.company_id, user_id=user.pk, role__in=MANAGING_ROLES).exists()):
        raise PermissionRefused(
            gettext("Only the owner or an administrator of the company can file exemption requests."),
            code="not_manager")


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    INFO_REQUESTED = "info_requested", _("More information requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


REQUEST_WORKFLOW = workflow.Workflow(
    model="exemptions.ExemptionRequest",
    states=[
        State(RequestStatus.SUBMITTED), State(RequestStatus.INFO_REQUESTED),
        State(RequestStatus.APPROVED, final=True), State(RequestStatus.REJECTED, final=True),
    ],
    transitions=[
        Transition("approve", (RequestStatus.SUBMITTED,), RequestStatus.APPROVED, Actor.STAFF, _("Approve")),
        Transition("ask_info", (RequestStatus.SUBMITTED,), RequestStatus.INFO_REQUESTED, Actor.STAFF,
                   _("Ask for more information"), needs_reason=True),
        Transition("reject", (RequestStatus.SUBMITTED, RequestStatus.INFO_REQUESTED), RequestStatus.REJECTED,
                   Actor.STAFF, _("Reject"), needs_reason=True),
        Transition("resubmit", (RequestStatus.INFO_REQUESTED,), RequestStatus.SUBMITTED, Actor.MANAGER,
                   _("Resubmit")),
    ],
    check_actor=check_actor,
    refused=_("A request that is “%(status)s” cannot become “%(to)s”."),
)
