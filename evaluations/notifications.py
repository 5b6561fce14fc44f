"""What the review tells the applicant: the invitation to the presentation (in Korea time) and the
result once staff release it. Messages in the application's thread are the applications app's."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from notifications.services import notification_create


def _korea_time(slot) -> dict:
    starts, ends = timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)
    return {"date": f"{starts:%Y-%m-%d}", "starts": f"{starts:%H:%M}", "ends": f"{ends:%H:%M}", "place": slot.place}


def presentation_invitation(*, slot, application) -> None:
    path = reverse("evaluations:presentation", args=[application.pk])
    notification_create(
        recipient=application.applicant, template="evaluations/presentation_invitation",
        context={"receipt_number": application.receipt_number, "path": path, **_korea_time(slot)}, link=path,
    )


def result(*, application, status: str):
    """The result notice, in the applicant's language; returns the notification (the notice keeps it)."""
    return notification_create(
        recipient=application.applicant, template="evaluations/result",
        context={"receipt_number": application.receipt_number, "status": status,
                 "call_code": application.call.code},
    )
