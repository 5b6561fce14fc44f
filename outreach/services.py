"""Writes of outreach: send a group message (its recipients fixed in the sending transaction, the delivery
queued after commit), deliver it in batches through the notifications outbox (each batch's e-mails sent together
over one connection), send failed copies again."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import notification_email_resend
from portal.exceptions import DomainError
from portal.queue import enqueue_on_commit
from portal.workflow import transition_apply

from . import notifications, selectors
from .models import GroupMessage, GroupMessageRecipient
from .workflow import GROUP_MESSAGE_WORKFLOW, GroupMessageStatus


@transaction.atomic
def group_message_send(*, message: GroupMessage, actor) -> int:
    """Send a draft (the workflow's "send": a status change by `actor`): fix its recipients as the group stands
    now and queue its delivery; returns how many. A message is sent once: sending it again is refused."""
    from .tasks import group_message_deliver_task

    user_ids: list[int] = []

    def recipients(locked: GroupMessage) -> None:
        user_ids.extend(selectors.group_message_audience(message=locked).values_list("pk", flat=True))
        if not user_ids:
            raise DomainError(_("Nobody is in this group: change who the message is for."), code="no_recipients")

    now = timezone.now()
    sent = transition_apply(workflow=GROUP_MESSAGE_WORKFLOW, instance=message, name="send", actor=actor, at=now,
                            changes={"sent_at": now, "sent_by": actor}, check=recipients)
    GroupMessageRecipient.objects.bulk_create(
        [GroupMessageRecipient(message=sent, user_id=pk) for pk in user_ids], batch_size=2000,
        ignore_conflicts=True)
    enqueue_on_commit(group_message_deliver_task, message_id=sent.pk)
    return len(user_ids)


def group_message_deliver(*, message_id: int) -> int:
    """Give each recipient still waiting their copy, OUTREACH_DELIVERY_BATCH per transaction; returns how
    many this call delivered. A recipient is delivered once: its row is locked (others running at the same
    time skip it) and keeps its notification, so running twice, or side by side, sends nothing twice."""
    message = GroupMessage.objects.filter(pk=message_id, status=GroupMessageStatus.SENT).first()
    if message is None:
        return 0
    delivered = 0
    while True:
        with transaction.atomic():
            batch = list(GroupMessageRecipient.objects.select_for_update(skip_locked=True, of=("self",))
                         .filter(message=message, notification__isnull=True).select_related("user")
                         .order_by("pk")[:settings.OUTREACH_DELIVERY_BATCH])
            if not batch:
                return delivered
            copies = notifications.group_message(recipients=[row.user for row in batch], message=message)
            for row, notification in zip(batch, copies, strict=True):
                row.notification = notification
            GroupMessageRecipient.objects.bulk_update(batch, ["notification"])
        delivered += len(batch)


def group_message_failures_resend(*, message: GroupMessage, actor) -> int:
    """Queue again the e-mails that failed to reach the message's recipients; returns how many."""
    if not actor.is_district_staff:
        raise DomainError(_("Only district staff send group messages."), code="not_staff")
    return notification_email_resend(
        notification_ids=selectors.group_message_failed_notification_ids(message=message))
