"""The same notice to many users (a group message): one notification each in their language, their e-mails sent
together over one SMTP connection, each e-mail still sent once and its status kept per notification; a refused
address goes its own way and the others go on; a database error in the middle of a batch is retried, and sends
nobody a second copy."""

import smtplib

import pytest
from django.db import OperationalError, connection

from notifications.models import EmailStatus, Notification
from notifications.services import notification_create_many, notification_email_resend
from notifications.tasks import notification_send_emails_task
from portal.models import PendingTask
from portal.queue import pending_task_key
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _notify(users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return notification_create_many(recipients=users, template="portal/test_message")


def test_many_emails_go_over_one_connection_each_once_in_its_readers_language(
        smtp_backend, django_capture_on_commit_callbacks):
    korean = [UserFactory(preferred_language="ko") for _n in range(3)]
    english = [UserFactory(preferred_language="en") for _n in range(3)]
    notifications = _notify([*korean, *english], django_capture_on_commit_callbacks)

    assert [n.recipient for n in notifications] == [*korean, *english]
    by_address = {m["To"]: m for m in smtp_backend.messages}
    assert sorted(by_address) == sorted(u.email for u in [*korean, *english])
    assert len(smtp_backend.messages) == 6 and len(smtp_backend.connections) == 1
    assert all("서초AICT 우수기업센터" in by_address[u.email]["Subject"] for u in korean)
    assert all("Seocho AICT Excellent Company Center portal" in by_address[u.email]["Subject"] for u in english)
    assert {n.language for n in notifications} == {"ko", "en"}
    assert set(Notification.objects.values_list("email_status", flat=True)) == {EmailStatus.SENT}
    assert not Notification.objects.filter(email_sent_at__isnull=True).exists()

    # The batch again (a redelivery, the outbox's sweep): nobody gets a second copy.
    assert notification_send_emails_task(notification_ids=[n.pk for n in notifications]) == 0
    assert len(smtp_backend.messages) == 6


def test_a_refused_address_goes_to_its_own_task_and_the_others_are_sent(
        smtp_backend, django_capture_on_commit_callbacks):
    from notifications.tasks import notification_send_email_task

    users = [UserFactory() for _n in range(4)]
    smtp_backend.refused.add(users[1].email)
    with django_capture_on_commit_callbacks(execute=False) as batch:
        first, refused, *rest = notification_create_many(recipients=users, template="portal/test_message")
    with django_capture_on_commit_callbacks(execute=False) as handed_over:
        batch[0]()

    assert sorted(m["To"] for m in smtp_backend.messages) == sorted(u.email for u in users if u != users[1])
    assert Notification.objects.filter(email_status=EmailStatus.SENT).count() == 3
    refused.refresh_from_db()
    assert (refused.email_status, refused.email_attempts) == (EmailStatus.PENDING, 1)
    assert "mailbox unavailable" in refused.email_error
    assert len(handed_over) == 1  # its own task, which retries with backoff
    with pytest.raises(smtplib.SMTPRecipientsRefused):  # its last retry is refused too: the e-mail is failed
        notification_send_email_task.apply(kwargs={"notification_id": refused.pk},
                                           retries=notification_send_email_task.max_retries)
    refused.refresh_from_db()
    assert refused.email_status == EmailStatus.FAILED

    # The address is fixed on the server's side: staff send the failed one again, and only it goes.
    smtp_backend.refused.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert notification_email_resend(notification_ids=[n.pk for n in (first, refused, *rest)]) == 1
    assert [m["To"] for m in smtp_backend.messages].count(users[1].email) == 1
    assert len(smtp_backend.messages) == 4


def test_without_a_mail_server_every_email_waits_for_its_own_retries(
        settings, django_capture_on_commit_callbacks):
    from tests.services import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    users = [UserFactory() for _n in range(3)]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notifications = notification_create_many(recipients=users, template="portal/test_message")
    (send_batch,) = callbacks
    with django_capture_on_commit_callbacks(execute=False) as handed_over:
        send_batch()
    assert len(handed_over) == 3  # each e-mail queued in its own task (retries with backoff, then failed)
    for notification in notifications:
        notification.refresh_from_db()
        assert notification.email_status == EmailStatus.PENDING
    assert Notification.objects.get(pk=notifications[0].pk).email_error


class _DatabaseFailsOnce:
    """A connection wrapper that raises OperationalError, once, at the `nth` statement containing `marker`:
    the database away for a moment in the middle of a batch."""

    def __init__(self, marker: str, nth: int) -> None:
        self.marker, self.nth, self.seen, self.failed = marker, nth, 0, False

    def __call__(self, execute, sql, params, many, context):
        if self.marker in sql and not self.failed:
            self.seen += 1
            if self.seen == self.nth:
                self.failed = True
                raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)


def _batch(users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # queued, and left for the test to run
        notifications = notification_create_many(recipients=users, template="portal/test_message")
    return [n.pk for n in notifications]


def _send_batch(ids, failure: _DatabaseFailsOnce, **options):
    """The batch's task as the worker runs it (retries included), the database failing once on the way."""
    with connection.execute_wrapper(failure):
        result = notification_send_emails_task.apply(kwargs={"notification_ids": ids}, throw=False, **options)
    assert failure.failed
    return result


def _each_sent_once(smtp_backend, users, ids):
    assert sorted(m["To"] for m in smtp_backend.messages) == sorted(u.email for u in users)  # each once
    assert set(Notification.objects.filter(pk__in=ids).values_list("email_status", flat=True)) == {EmailStatus.SENT}
    assert set(Notification.objects.filter(pk__in=ids).values_list("email_attempts", flat=True)) == {1}
    record = PendingTask.objects.get(key=pending_task_key(notification_send_emails_task.name,
                                                          {"notification_ids": ids}))
    assert record.done_at is not None  # the outbox's record of the batch is done: the sweep sends it no more


def test_a_database_error_in_the_middle_of_a_batch_is_retried_and_each_email_sent_once(
        smtp_backend, django_capture_on_commit_callbacks):
    users = [UserFactory() for _n in range(4)]
    ids = _batch(users, django_capture_on_commit_callbacks)
    result = _send_batch(ids, _DatabaseFailsOnce("FOR UPDATE SKIP LOCKED", nth=3))  # locking the third e-mail
    assert result.successful()
    assert len(smtp_backend.messages) == 4 and len(smtp_backend.connections) == 2  # the first try, the retry
    _each_sent_once(smtp_backend, users, ids)


def test_an_email_the_server_took_just_before_the_database_failed_is_not_sent_again(
        smtp_backend, django_capture_on_commit_callbacks):
    users = [UserFactory() for _n in range(3)]
    ids = _batch(users, django_capture_on_commit_callbacks)
    # The second e-mail's "sent" mark is lost with the database, after the server took the e-mail.
    result = _send_batch(ids, _DatabaseFailsOnce('UPDATE "notifications_notification" SET "email_status"', nth=2))
    assert result.successful()
    _each_sent_once(smtp_backend, users, ids)


def test_the_batch_gives_up_after_its_retries_and_leaves_the_rest_to_the_outbox(
        smtp_backend, django_capture_on_commit_callbacks):
    users = [UserFactory() for _n in range(2)]
    ids = _batch(users, django_capture_on_commit_callbacks)
    result = _send_batch(ids, _DatabaseFailsOnce("FOR UPDATE SKIP LOCKED", nth=1),
                         retries=notification_send_emails_task.max_retries)
    assert result.failed() and isinstance(result.result, OperationalError)
    assert not smtp_backend.messages
    assert set(Notification.objects.filter(pk__in=ids).values_list("email_status", flat=True)) == {
        EmailStatus.PENDING}  # not failed: nothing was refused, the outbox's sweep sends the batch again
    record = PendingTask.objects.get(key=pending_task_key(notification_send_emails_task.name,
                                                          {"notification_ids": ids}))
    assert record.done_at is None and "OperationalError" in record.last_error
