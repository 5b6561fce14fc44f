"""The application workflow declared as data: states, what the applicant sees, who may act, transitions."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal import workflow
from portal.exceptions import PermissionRefused

Transition = workflow.Transition


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ELIGIBILITY_REVIEW = "eligibility_review", _("Eligibility review")
    INFO_REQUESTED = "info_requested", _("More information requested")
    STAGE1 = "stage1", _("Stage 1: written evaluation")
    STAGE2 = "stage2", _("Stage 2: presentation")
    SELECTED = "selected", _("Selected")
    WAITLISTED = "waitlisted", _("Waitlisted")
    NOT_SELECTED = "not_selected", _("Not selected")
    INELIGIBLE = "ineligible", _("Ineligible")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Actor(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    STAFF = "staff", _("District staff")


@dataclass(frozen=True)
class State(workflow.State):
    """`public_label` and `public_help` are what the applicant reads."""

    applicant_can_edit: bool = False
    decision: bool = False  # hidden from the applicant until the call's results are released


_STATES = [
    State(Status.DRAFT, _("Draft (not submitted)"), _("Complete every step and submit before the deadline."),
          applicant_can_edit=True),
    State(Status.SUBMITTED, _("Received"), _("Your application has been received.")),
    State(Status.ELIGIBILITY_REVIEW, _("Eligibility check"), _("Staff are checking your documents.")),
    State(Status.INFO_REQUESTED, _("More information needed"),
          _("Staff have asked for more information: update the reopened items and resubmit."),
          applicant_can_edit=True),
    State(Status.STAGE1, _("Under evaluation (written)"), _("The committee is reviewing your application.")),
    State(Status.STAGE2, _("Under evaluation (presentation)"),
          _("You are invited to present your company to the committee.")),
    State(Status.SELECTED, _("Selected"), _("Congratulations: your company has been selected."),
          decision=True),
    State(Status.WAITLISTED, _("On the waiting list"),
          _("You are on the waiting list and will be told if a place becomes free."), decision=True),
    State(Status.NOT_SELECTED, _("Not selected"), _("Your application was not selected this time."),
          final=True, decision=True),
    State(Status.INELIGIBLE, _("Not eligible"), _("Your application did not meet the call's requirements."),
          final=True),
    State(Status.WITHDRAWN, _("Withdrawn"), _("You withdrew this application."), final=True),
]

_ACTIVE = (Status.SUBMITTED, Status.ELIGIBILITY_REVIEW, Status.INFO_REQUESTED, Status.STAGE1, Status.STAGE2,
           Status.WAITLISTED, Status.SELECTED)

_TRANSITIONS = [
    Transition("submit", (Status.DRAFT,), Status.SUBMITTED, Actor.APPLICANT, _("Submit")),
    Transition("start_review", (Status.SUBMITTED,), Status.ELIGIBILITY_REVIEW, Actor.STAFF,
               _("Start the eligibility check")),
    Transition("request_information", (Status.SUBMITTED, Status.ELIGIBILITY_REVIEW), Status.INFO_REQUESTED,
               Actor.STAFF, _("Request more information"), needs_reason=True, kind=workflow.Kind.ASIDE),
    Transition("resubmit", (Status.INFO_REQUESTED,), Status.ELIGIBILITY_REVIEW, Actor.APPLICANT,
               _("Resubmit")),
    # also when a request for more information went unanswered
    Transition("mark_ineligible", (Status.SUBMITTED, Status.ELIGIBILITY_REVIEW, Status.INFO_REQUESTED),
               Status.INELIGIBLE,
               Actor.STAFF, _("Ineligible"), needs_reason=True, kind=workflow.Kind.REFUSAL),
    Transition("mark_eligible", (Status.SUBMITTED, Status.ELIGIBILITY_REVIEW), Status.STAGE1, Actor.STAFF,
               _("Eligible: move to stage 1")),
    Transition("move_to_stage2", (Status.STAGE1,), Status.STAGE2, Actor.STAFF, _("Move to stage 2")),
    Transition("select", (Status.STAGE2, Status.WAITLISTED), Status.SELECTED, Actor.STAFF, _("Select")),
    Transition("waitlist", (Status.STAGE2,), Status.WAITLISTED, Actor.STAFF, _("Waitlist"),
               kind=workflow.Kind.ASIDE),
    Transition("not_select", (Status.STAGE1, Status.STAGE2, Status.WAITLISTED), Status.NOT_SELECTED,
               Actor.STAFF, _("Not selected"), needs_reason=True, kind=workflow.Kind.REFUSAL),
    Transition("withdraw", _ACTIVE, Status.WITHDRAWN, Actor.APPLICANT, _("Withdraw"), kind=workflow.Kind.REFUSAL),
]


def check_actor(application, user, role: str) -> None:
    if role == Actor.APPLICANT and (user is None or user.pk != application.applicant_id):
        raise PermissionRefused(gettext("Only the applicant can do this."), code="not_applicant")
    if role == Actor.STAFF:
        workflow.require_district_staff(user)


WORKFLOW = workflow.Workflow(
    model="applications.Application", states=_STATES, transitions=_TRANSITIONS, check_actor=check_actor,
    refused=_("“%(action)s” is not possible while the application is “%(status)s”."),
)
STATES: dict[str, State] = WORKFLOW.states
TRANSITIONS: dict[str, Transition] = WORKFLOW.transitions
transitions_from = WORKFLOW.transitions_from
