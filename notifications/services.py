"""Create notifications (in the same transaction as their cause) and send their e-mails."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import storages
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal.queue import enqueue_each_on_commit, enqueue_on_commit

from .channels import channels_notify
from .models import EmailStatus, Notification


def _sender(language: str) -> dict:
    """The department that sends the portal's e-mails, named in every one (the address sends only)."""
    name = settings.PORTAL_SENDER_NAME_EN if language == "en" else settings.PORTAL_SENDER_NAME_KO
    return {"name": name, "phone": settings.PORTAL_SENDER_PHONE}


def _render(template: str, name: str, context: dict, language: str, link: str = "") -> str:
    """One part of a notification's e-mail; the templates may use the portal's address (`site_url`),
    the notice's own `link` and the `sender` besides the context they were given. A plain-text body
    ends with the sender block (emails/base.html holds it for the HTML one)."""
    ctx = {"site_url": settings.SITE_URL, "link": link, "sender": _sender(language), **context}
    with translation.override(language):
        text = render_to_string(f"emails/{template}/{name}", ctx)
        if name == "body.txt":
            text = text.rstrip() + "\n\n" + render_to_string("emails/_sender.txt", ctx)
        return text


def _title(template: str, context: dict, language: str) -> str:
    return " ".join(_render(template, "subject.txt", context, language).split())[:300]


def notification_title(notification: Notification, *, language: str) -> str:
    """The notice's title in the reader's language (the stored one is in the recipient's language at
    the time it was created), or the stored title when its template can no longer be rendered."""
    if language == notification.language:
        return notification.title
    try:
        return _title(notification.template, notification.context, language) or notification.title
    except Exception:  # a template renamed or a context that no longer fits it: the stored words
        return notification.title


def notification_create(
    *, recipient=None, email: str = "", language: str = "", template: str, context: dict | None = None,
    link: str = "", send_email: bool = True, attachments: list[str] | None = None,
) -> Notification:
    """Record a notice for a user (or a bare address) and queue its e-mail after commit.

    `template` names a folder under templates/emails/ holding subject.txt, body.txt and body.html;
    they are rendered in the recipient's language.
    """
    from .tasks import notification_send_email_task

    context = context or {}
    language = language or (recipient.preferred_language if recipient else settings.LANGUAGE_CODE)
    email = email or (recipient.email if recipient else "")
    title = _title(template, context, language)
    notification = Notification.objects.create(
        recipient=recipient, email=email, language=language, template=template, context=context,
        title=title, link=link,
        email_status=EmailStatus.PENDING if send_email and email else EmailStatus.NONE,
        attachments=attachments or [],
    )
    if notification.email_status == EmailStatus.PENDING:
        enqueue_on_commit(notification_send_email_task, notification_id=notification.id)
    channels_notify(notification)
    return notification


def notification_send_email(*, notification_id: int) -> bool:
    """Send the e-mail of a notification once. Returns False when there was nothing to send."""
    with transaction.atomic(durable=True):  # the e-mail goes out once: its "sent" mark must commit with it
        notification = (
            Notification.objects.select_for_update().filter(pk=notification_id).first()
        )
        if notification is None or notification.email_status != EmailStatus.PENDING:
            return False
        notification.email_attempts += 1
        message = EmailMultiAlternatives(
            subject=notification.title,
            body=_render(notification.template, "body.txt", notification.context, notification.language,
                         notification.link),
            to=[notification.email],
        )
        message.attach_alternative(
            _render(notification.template, "body.html", notification.context, notification.language,
                    notification.link),
            "text/html",
        )
        private = storages["private"]
        for path in notification.attachments:
            with private.open(path, "rb") as handle:
                message.attach(path.rsplit("/", 1)[-1], handle.read())
        try:
            message.send()
        except Exception as exc:
            Notification.objects.filter(pk=notification.pk).update(
                email_attempts=notification.email_attempts, email_error=str(exc)[:2000]
            )
            raise
        notification.email_status = EmailStatus.SENT
        notification.email_sent_at = timezone.now()
        notification.email_error = ""
        notification.save(update_fields=["email_status", "email_sent_at", "email_attempts", "email_error"])
        return True


def notification_mark_failed(*, notification_id: int, error: str) -> None:
    Notification.objects.filter(pk=notification_id, email_status=EmailStatus.PENDING).update(
        email_status=EmailStatus.FAILED, email_error=error[:2000]
    )


def notification_mark_read(*, user, notification_ids: list[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())


def notification_preview(*, template: str, context: dict, language: str, link: str = "") -> dict[str, str]:
    """What a notice would say in `language`, without recording it: its subject and plain-text body."""
    return {"subject": _title(template, context, language),
            "body": _render(template, "body.txt", context, language, link)}


def notification_email_resend(*, notification_ids: list[int]) -> int:
    """Queue again the e-mails that failed among these notifications (after commit, through the outbox);
    returns how many."""
    from .tasks import notification_send_email_task

    with transaction.atomic():
        ids = list(Notification.objects.select_for_update().filter(
            pk__in=notification_ids, email_status=EmailStatus.FAILED).values_list("pk", flat=True))
        Notification.objects.filter(pk__in=ids).update(email_status=EmailStatus.PENDING)
        enqueue_each_on_commit(notification_send_email_task, [{"notification_id": pk} for pk in ids])
    return len(ids)
