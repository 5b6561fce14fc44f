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
    AWAITING_CONSENT = "awaiting_consent", _("Waiting for the employee's consent")
    SUBMITTED = "submitted", _("Submitted")
    INFO_REQUESTED = "info_requested", _("More information requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Closed: the employee withdrew consent")


# A request about a person's unique identifiers is filed into "awaiting_consent" and reaches staff only
# once that person consents through the link e-mailed to them; they may withdraw the consent until the
# request is decided. Both come through a public link, so the portal itself (SYSTEM) makes the change.
WITHDRAWABLE = (RequestStatus.AWAITING_CONSENT, RequestStatus.SUBMITTED, RequestStatus.INFO_REQUESTED)


REQUEST_WORKFLOW = workflow.Workflow(
    model="exemptions.ExemptionRequest",
    states=[
        State(RequestStatus.AWAITING_CONSENT, public_label=_("Waiting for the employee's consent"),
              public_help=_("The employee was e-mailed a link to consent; district staff see the request once "
                            "they have consented.")),
        State(RequestStatus.SUBMITTED), State(RequestStatus.INFO_REQUESTED),
        State(RequestStatus.APPROVED, final=True), State(RequestStatus.REJECTED, final=True),
        State(RequestStatus.CONSENT_WITHDRAWN, public_label=_("Closed: the employee withdrew consent"),
              public_help=_("The employee withdrew the consent, so the request was closed and the unique "
                            "identifiers deleted."), final=True),
    ],
    transitions=[
        Transition("approve", (RequestStatus.SUBMITTED,), RequestStatus.APPROVED, Actor.STAFF, _("Approve")),
        Transition("ask_info", (RequestStatus.SUBMITTED,), RequestStatus.INFO_REQUESTED, Actor.STAFF,
                   _("Ask for more information"), needs_reason=True, kind=workflow.Kind.ASIDE),
        Transition("reject", (RequestStatus.SUBMITTED, RequestStatus.INFO_REQUESTED), RequestStatus.REJECTED,
                   Actor.STAFF, _("Reject"), needs_reason=True, kind=workflow.Kind.REFUSAL),
        Transition("resubmit", (RequestStatus.INFO_REQUESTED,), RequestStatus.SUBMITTED, Actor.MANAGER,
                   _("Resubmit")),
        Transition("employee_consent", (RequestStatus.AWAITING_CONSENT,), RequestStatus.SUBMITTED, workflow.SYSTEM,
                   _("The employee consented")),
        Transition("consent_form_upload", (RequestStatus.AWAITING_CONSENT,), RequestStatus.SUBMITTED, Actor.MANAGER,
                   _("Upload the employee's signed consent form")),
        Transition("consent_withdraw", WITHDRAWABLE, RequestStatus.CONSENT_WITHDRAWN, workflow.SYSTEM,
                   _("The employee withdrew consent"), kind=workflow.Kind.REFUSAL),
    ],
    check_actor=check_actor,
    refused=_("A request that is “%(status)s” cannot become “%(to)s”."),
)
