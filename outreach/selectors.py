"""Reads of outreach: who a group message goes to, how far its delivery is, the delivery of each recipient."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, QuerySet

from accounts.models import User
from applications.models import Application
from evaluations.models import Assignment
from tenants.selectors import user_list_tenant_members

from .models import Audience, Delivery, GroupMessage, GroupMessageRecipient, Members
from .workflow import GroupMessageStatus


def group_message_audience(*, message: GroupMessage) -> QuerySet[User]:
    """The active accounts the message goes to, each once, as the group stands now; an advertising message only
    to those who consented to advertising messages."""
    if message.audience == Audience.APPLICANTS:
        applications = Application.objects.filter(call_id=message.call_id)
        if message.application_status:
            applications = applications.filter(status=message.application_status)
        users = User.objects.filter(is_active=True, pk__in=applications.values("applicant_id"))
    elif message.audience == Audience.EVALUATORS:
        assignments = Assignment.objects.filter(call_id=message.call_id, stage=message.stage)
        users = User.objects.filter(is_active=True, pk__in=assignments.values("evaluator_id"))
    else:
        building_id = message.building_id if message.audience == Audience.BUILDING else None
        users = user_list_tenant_members(building_id=building_id, managers_only=message.members == Members.MANAGERS)
    if message.advertising:  # 정보통신망법 §50: advertising only to those who consented (messaging's choice)
        users = users.filter(messaging__ads_consent=True)
    return users.order_by("pk")


def group_message_delivery_counts(*, message: GroupMessage) -> dict[str, int]:
    """How many recipients' copies are in each delivery state (queued, pending, sent, failed, no e-mail)."""
    counts = Counter({state: 0 for state in Delivery.values})
    for row in (GroupMessageRecipient.objects.filter(message=message).values("notification__email_status")
                .annotate(n=Count("id")).order_by()):
        counts[row["notification__email_status"] or Delivery.QUEUED] += row["n"]
    return dict(counts)


def group_message_failed_notification_ids(*, message: GroupMessage) -> list[int]:
    return list(GroupMessageRecipient.objects.filter(
        message=message, notification__email_status=Delivery.FAILED).values_list("notification_id", flat=True))


def group_message_for_recipient(*, user, message_id: int) -> GroupMessage | None:
    """A sent message the user received, or None (the page answers 404)."""
    if not user.is_authenticated:
        return None
    return GroupMessage.objects.filter(pk=message_id, status=GroupMessageStatus.SENT,
                                      recipients__user=user).first()
