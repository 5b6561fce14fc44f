"""Templated e-mails in the recipient's language, sent after commit by a task; the notice center."""

import pytest
from django.core import mail
from django.db import transaction

from notifications.models import EmailStatus, Notification
from notifications.services import notification_create
from notifications.tasks import notification_send_email_task
from tests.factories import UserFactory
from tests.services import wait_for


def test_email_is_queued_only_after_commit(db, django_capture_on_commit_callbacks):
    user = UserFactory(preferred_language="ko")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification_create(recipient=user, template="portal/test_message")
    assert len(callbacks) == 1
    assert mail.outbox == []
    callbacks[0]()
    assert len(mail.outbox) == 1


def test_email_is_in_the_recipients_language(db, django_capture_on_commit_callbacks):
    korean, english = UserFactory(preferred_language="ko"), UserFactory(preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        notification_create(recipient=korean, template="portal/test_message")
        notification_create(recipient=english, template="portal/test_message")
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert "서초AICT 우수기업센터" in by_recipient[korean.email].subject
    assert "Seocho AICT Excellent Company Center portal" in by_recipient[english.email].subject
    html = by_recipient[english.email].alternatives[0][0]
    assert "task queue" in html


def test_sending_twice_sends_once(db, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notification = notification_create(recipient=user, template="portal/test_message")
    notification_send_email_task(notification_id=notification.id)
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.SENT


def test_unread_count_in_header_and_opening_marks_read(client, db, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notification = notification_create(recipient=user, template="portal/test_message", link="/")
    client.force_login(user)
    html = client.get("/").content.decode()
    assert 'data-testid="unread-count">1' in html
    response = client.post(f"/notifications/{notification.pk}/open/")
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert 'data-testid="unread-count"' not in client.get("/").content.decode()


def test_a_user_cannot_open_someone_elses_notification(client, db, django_capture_on_commit_callbacks):
    owner, other = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notification = notification_create(recipient=owner, template="portal/test_message")
    client.force_login(other)
    assert client.post(f"/notifications/{notification.pk}/open/").status_code == 404
    assert notification.title not in client.get("/notifications/").content.decode()


@pytest.mark.worker
def test_a_real_worker_sends_the_email_through_smtp(celery_worker, smtp):
    """Enqueue after commit → worker process on Redis → message in the SMTP sink on loopback."""
    user = UserFactory(preferred_language="ko")
    with transaction.atomic():
        notification = notification_create(recipient=user, template="portal/test_message")
        assert smtp.messages == []
    wait_for(lambda: smtp.messages, timeout=30)
    message = smtp.messages[0]
    assert message["To"] == user.email
    assert "서초AICT 우수기업센터" in message["Subject"]
    wait_for(lambda: Notification.objects.get(pk=notification.pk).email_status == EmailStatus.SENT)


def test_every_email_names_the_sending_department_and_says_it_sends_only(db, settings,
                                                                          django_capture_on_commit_callbacks):
    settings.PORTAL_SENDER_PHONE = "02-2155-7777"
    korean, english = UserFactory(preferred_language="ko"), UserFactory(preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        notification_create(recipient=korean, template="portal/test_message")
        notification_create(recipient=english, template="portal/test_message")
    by_recipient = {m.to[0]: m for m in mail.outbox}
    for message, name, notice in (
        (by_recipient[korean.email], "서울특별시 서초구청 양재AI특구추진단", "발신 전용"),
        (by_recipient[english.email], "Seocho-gu Office, Yangjae AI Special Zone Team", "only sends"),
    ):
        for body in (message.body, message.alternatives[0][0]):
            assert name in body and "02-2155-7777" in body and notice in body
