"""The workflow of a data subject's request (PIPA §35–§37) declared as data (portal.workflow): staff take it up,
may extend the period with reasons, and answer or refuse it with reasons."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal import workflow
from portal.workflow import State, Transition


class Actor(models.TextChoices):
    STAFF = "staff", _("District staff")


def check_actor(request, user, role: str) -> None:
    workflow.require_district_staff(user)


class RightsStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    EXTENDED = "extended", _("Extended")
    ANSWERED = "answered", _("Answered")
    REFUSED = "refused", _("Refused")


OPEN = (RightsStatus.RECEIVED, RightsStatus.IN_PROGRESS, RightsStatus.EXTENDED)

RIGHTS_WORKFLOW = workflow.Workflow(
    model="privacy.RightsRequest",
    states=[
        State(RightsStatus.RECEIVED, public_label=_("Received"),
              public_help=_("Your request was received; the district answers by the due date.")),
        State(RightsStatus.IN_PROGRESS, public_label=_("In progress"),
              public_help=_("District staff are working on your request.")),
        State(RightsStatus.EXTENDED, public_label=_("Period extended"),
              public_help=_("The district extended the period for the reasons it e-mailed you.")),
        State(RightsStatus.ANSWERED, public_label=_("Answered"), final=True,
              public_help=_("The district answered your request; the answer was e-mailed to you.")),
        State(RightsStatus.REFUSED, public_label=_("Refused"), final=True,
              public_help=_("The district refused the request, with the reasons and how to appeal, by e-mail.")),
    ],
    transitions=[
        Transition("start", (RightsStatus.RECEIVED,), RightsStatus.IN_PROGRESS, Actor.STAFF, _("Start work")),
        Transition("extend", (RightsStatus.RECEIVED, RightsStatus.IN_PROGRESS), RightsStatus.EXTENDED, Actor.STAFF,
                   _("Extend the period"), needs_reason=True),
        Transition("answer", OPEN, RightsStatus.ANSWERED, Actor.STAFF, _("Answer"), needs_reason=True),
        Transition("refuse", OPEN, RightsStatus.REFUSED, Actor.STAFF, _("Refuse"), needs_reason=True),
    ],
    check_actor=check_actor,
    refused=_("A request that is “%(status)s” cannot become “%(to)s”."),
)
