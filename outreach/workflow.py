"""The group message's workflow declared as data (portal.workflow): staff write a draft, then send it once."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.exceptions import PermissionRefused
from portal.workflow import State, Transition, Workflow


class GroupMessageStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")


STAFF = "staff"


def check_actor(message, user, role: str) -> None:
    if user is None or not user.is_district_staff:
        raise PermissionRefused(gettext("Only district staff send group messages."), code="not_staff")


GROUP_MESSAGE_WORKFLOW = Workflow(
    model="outreach.GroupMessage",
    states=[
        State(GroupMessageStatus.DRAFT),
        State(GroupMessageStatus.SENT, final=True),
    ],
    transitions=[
        # The recipients are fixed and the delivery queued by outreach.services.group_message_send.
        Transition("send", (GroupMessageStatus.DRAFT,), GroupMessageStatus.SENT, STAFF, _("Send")),
    ],
    check_actor=check_actor,
    # Only "send" leaves a draft, so the one refusal the table can give is this one.
    refused=_("This message has already been sent."),
)
