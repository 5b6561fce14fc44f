"""Create notifications (in the same transaction as their cause) and send their e-mails."""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.core.files.storage import storages
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal.errors import DATABASE_ERRORS
from portal.formatting import center_name, format_context_dates
from portal.queue import enqueue_each_on_commit, enqueue_on_commit

from .channels import channels_notify
from .models import EmailStatus, Notification

logger = logging.getLogger(__name__)


def _sender(language: str) -> dict:
    """The department that sends the portal's e-mails, named in every one (the address sends only)."""
    name = settings.PORTAL_SENDER_NAME_EN if language == "en" else settings.PORTAL_SENDER_NAME_KO
    return {"name": name, "phone": settings.PORTAL_SENDER_PHONE}


def _render(template: str, name: str, context: dict, language: str, link: str = "") -> str:
    """One part of a notification's e-mail; the templates may use the portal's address (`site_url`),
    the notice's own `link`, the `sender` and the `center_name` besides the context they were given, whose
    ISO dates and moments are written by the portal's rule in the recipient's language. A plain-text
    body ends with the sender block (emails/base.html holds it for the HTML one)."""
    with translation.override(language):
        ctx = {"site_url": settings.SITE_URL, "link": link, "sender": _sender(language),
               **format_context_dates(context), "center_name": center_name(language)}
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
    channels_notify([notification])
    return notification


def notification_create_many(*, recipients, template: str, context: dict | None = None,
                             link: str = "") -> list[Notification]:
    """`notification_create` for the same notice to many users (a group message): one notification per
    recipient in their language, recorded in one statement, the title rendered once per language, and their
    e-mails queued after commit as one `notification_send_emails_task`. Each recipient's notice and e-mail
    status stay their own."""
    from .tasks import notification_send_emails_task

    context = context or {}
    titles: dict[str, str] = {}
    notifications = []
    for recipient in recipients:
        language = recipient.preferred_language or settings.LANGUAGE_CODE
        if language not in titles:
            titles[language] = _title(template, context, language)
        notifications.append(Notification(
            recipient=recipient, email=recipient.email, language=language, template=template, context=context,
            title=titles[language], link=link,
            email_status=EmailStatus.PENDING if recipient.email else EmailStatus.NONE))
    Notification.objects.bulk_create(notifications)
    pending = [n.pk for n in notifications if n.email_status == EmailStatus.PENDING]
    if pending:
        enqueue_on_commit(notification_send_emails_task, notification_ids=pending)
    channels_notify(notifications)
    return notifications


class _Renders:
    """The parts of e-mails rendered once per template, language, context and link: the copies of one
    notice to many recipients (a group message) differ only in their address."""

    def __init__(self) -> None:
        self._parts: dict[tuple, str] = {}

    def __call__(self, notification: Notification, name: str) -> str:
        key = (notification.template, name, notification.language, notification.link,
               json.dumps(notification.context, sort_keys=True, default=str))
        if key not in self._parts:
            self._parts[key] = _render(notification.template, name, notification.context, notification.language,
                                       notification.link)
        return self._parts[key]


def _email(notification: Notification, render, connection=None) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(subject=notification.title, body=render(notification, "body.txt"),
                                     to=[notification.email], connection=connection)
    message.attach_alternative(render(notification, "body.html"), "text/html")
    private = storages["private"]
    for path in notification.attachments:
        with private.open(path, "rb") as handle:
            message.attach(path.rsplit("/", 1)[-1], handle.read())
    return message


def _mark_sent(notification: Notification) -> None:
    notification.email_status = EmailStatus.SENT
    notification.email_sent_at = timezone.now()
    notification.email_error = ""
    notification.save(update_fields=["email_status", "email_sent_at", "email_attempts", "email_error"])


def _record_error(notification: Notification, exc: Exception) -> None:
    Notification.objects.filter(pk=notification.pk).update(
        email_attempts=notification.email_attempts, email_error=str(exc)[:2000])


def notification_send_email(*, notification_id: int) -> bool:
    """Send the e-mail of a notification once. Returns False when there was nothing to send."""
    with transaction.atomic(durable=True):  # the e-mail goes out once: its "sent" mark must commit with it
        notification = (
            Notification.objects.select_for_update().filter(pk=notification_id).first()
        )
        if notification is None or notification.email_status != EmailStatus.PENDING:
            return False
        notification.email_attempts += 1
        message = _email(notification, lambda n, name: _render(n.template, name, n.context, n.language, n.link))
        try:
            message.send()
        except Exception as exc:
            _record_error(notification, exc)
            raise
        _mark_sent(notification)
        return True


class EmailBatchInterrupted(Exception):
    """The database failed in the middle of a batch of e-mails. `delivered`: the e-mails the mail server took
    whose "sent" mark may not have committed, which the retry marks sent rather than sends again."""

    def __init__(self, delivered: list[int]) -> None:
        super().__init__(f"batch interrupted; {len(delivered)} e-mails left without their mark")
        self.delivered = delivered


def notification_send_emails(*, notification_ids: list[int], delivered: list[int] | tuple = ()) -> int:
    """Send the pending e-mails of these notifications over one SMTP connection, each part rendered once for
    all the copies that share it. Each e-mail is still its own: locked, sent and marked sent in its own
    transaction (a copy already sent, or being sent by another task, is skipped), so running this twice sends
    nobody a second copy. An e-mail that fails is left to its own `notification_send_email_task`, which
    retries it with backoff and marks it failed in the end; the others go on. Returns how many were sent.

    A database error stops the batch with `EmailBatchInterrupted`, for the task to run it again: what was
    marked sent is skipped then, and the e-mails in `delivered` (taken by the mail server before the error,
    their mark perhaps lost with it) are marked sent without being sent again."""
    from .tasks import notification_send_email_task

    render, connection, sent = _Renders(), get_connection(), 0
    delivered = set(delivered)
    handed_over: list[int] = []
    try:
        for position, notification_id in enumerate(notification_ids):
            taken = None  # the e-mail the mail server took in this transaction
            try:
                with transaction.atomic(durable=True):  # each e-mail's "sent" mark commits with it
                    notification = (Notification.objects.select_for_update(skip_locked=True)
                                    .filter(pk=notification_id, email_status=EmailStatus.PENDING).first())
                    if notification is None:
                        continue
                    notification.email_attempts += 1
                    if notification.pk not in delivered:  # else sent before the database failed: only marked
                        try:
                            connection.open()
                        except Exception as exc:  # no connection: every e-mail left goes its own way
                            _record_error(notification, exc)
                            handed_over = list(notification_ids[position:])
                            break
                        try:
                            _email(notification, render, connection).send()
                        except Exception as exc:
                            _record_error(notification, exc)
                            handed_over.append(notification.pk)
                            connection.close()  # a fresh connection for the next one
                            continue
                        taken = notification.pk
                    _mark_sent(notification)
            except DATABASE_ERRORS as exc:
                raise EmailBatchInterrupted(sorted(delivered | ({taken} if taken else set()))) from exc
            sent += 1
    finally:
        connection.close()
    if handed_over:
        logger.warning("%d e-mails of a batch left to their own tasks", len(handed_over))
        enqueue_each_on_commit(notification_send_email_task, [{"notification_id": pk} for pk in handed_over])
    return sent


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
