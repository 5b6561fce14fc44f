"""The inquiry workflow declared as data (portal.workflow): staff assign and answer, the asker closes or
reopens within the reopening period."""

from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from portal import workflow
from portal.exceptions import PermissionRefused
from portal.workflow import State, Transition


class Actor(models.TextChoices):
    STAFF = "staff", _("District staff")
    ASKER = "asker", _("The person who asked")


class InquiryStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("Assigned to an officer")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", pgettext_lazy("inquiry status", "Closed")


def check_actor(inquiry, user, role: str) -> None:
    if role == Actor.STAFF:
        workflow.require_district_staff(user)
    if role == Actor.ASKER and (user is None or user.pk != inquiry.asker_id):
        raise PermissionRefused(gettext("Only the person who asked can do this."), code="not_asker")


INQUIRY_WORKFLOW = workflow.Workflow(
    model="helpdesk.Inquiry",
    states=[
        State(InquiryStatus.RECEIVED, public_label=_("Received"),
              public_help=_("Your inquiry was received and is waiting for an officer.")),
        State(InquiryStatus.ASSIGNED, public_label=_("Being answered"),
              public_help=_("An officer is preparing the answer.")),
        State(InquiryStatus.ANSWERED, public_label=_("Answered"),
              public_help=_("Read the answer below. If it does not solve your question, you can reopen the inquiry.")),
        State(InquiryStatus.CLOSED, public_label=pgettext_lazy("inquiry status", "Closed"), final=True),
    ],
    transitions=[
        Transition("assign", (InquiryStatus.RECEIVED,), InquiryStatus.ASSIGNED, Actor.STAFF, _("Assign")),
        Transition("answer", (InquiryStatus.RECEIVED, InquiryStatus.ASSIGNED), InquiryStatus.ANSWERED, Actor.STAFF,
                   _("Send the answer")),
        Transition("close", (InquiryStatus.ANSWERED,), InquiryStatus.CLOSED, Actor.STAFF, _("Close")),
        Transition("resolve", (InquiryStatus.ANSWERED,), InquiryStatus.CLOSED, Actor.ASKER,
                   _("My question is answered")),
        Transition("reopen", (InquiryStatus.ANSWERED, InquiryStatus.CLOSED), InquiryStatus.ASSIGNED, Actor.ASKER,
                   _("Reopen"), needs_reason=True),
    ],
    check_actor=check_actor,
    refused=_("An inquiry that is “%(status)s” cannot become “%(to)s”."),
)
