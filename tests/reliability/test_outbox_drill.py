"""Outbox drill: with the broker down a request that notifies still succeeds; the sweep sends the e-mail once."""

import time

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.roles import Role
from notifications.models import EmailStatus, Notification
from portal.models import PendingTask
from portal.queue import pending_tasks_send
from tests.factories import DECLARATION, UserFactory
from tests.reliability.drills import RedisServer, celery_broker
from tests.services import Worker, pending_tasks_age, wait_for


@pytest.fixture
def redis_server():
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def drill_worker(transactional_db, smtp, redis_server):
    worker = Worker(
        database_name=settings.DATABASES["default"]["NAME"],
        extra_env={
            "CELERY_BROKER_URL": redis_server.url,
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp.port),
        },
    )
    with celery_broker(redis_server.url, worker.queue):
        worker.start()
        try:
            yield worker
        finally:
            worker.stop()


@pytest.mark.worker
def test_a_dead_broker_fails_no_request_and_the_sweep_sends_the_email_once(
    client, smtp, redis_server, drill_worker, capsys
):
    staff = UserFactory(role=Role.DISTRICT_STAFF, preferred_language="ko")
    client.force_login(staff)
    url = reverse("notifications:send_test")

    # With the broker up the e-mail goes straight through the worker.
    client.post(url)
    wait_for(lambda: len(smtp.messages) == 1, timeout=30)

    redis_server.stop()
    started = time.monotonic()
    response = client.post(url, follow=True)
    elapsed = time.monotonic() - started
    with capsys.disabled():
        print(f"\n[outbox drill] request with the broker down answered in {elapsed:.2f} s")
    assert response.status_code == 200
    assert "테스트 알림을 기록했습니다" in response.content.decode()
    pending = Notification.objects.filter(recipient=staff, email_status=EmailStatus.PENDING).get()
    assert elapsed < 2  # one connection attempt, no retry (the sweep sends it later)
    assert PendingTask.objects.get(done_at__isnull=True).kwargs == {"notification_id": pending.pk}

    redis_server.start()  # the broker comes back, empty (no persistence)
    assert pending_tasks_send() == 0  # too recent: its own task may still be on its way
    pending_tasks_age()
    assert pending_tasks_send() == 1  # what beat runs every two minutes
    wait_for(lambda: Notification.objects.get(pk=pending.pk).email_status == EmailStatus.SENT, timeout=60)
    wait_for(lambda: len(smtp.messages) == 2, timeout=10)
    assert smtp.messages[1]["To"] == staff.email
    assert "서초AICT 우수기업센터" in smtp.messages[1]["Subject"]

    # A second sweep finds nothing more to send; nothing is sent twice.
    wait_for(lambda: not PendingTask.objects.filter(done_at__isnull=True).exists(), timeout=10)
    assert pending_tasks_send() == 0
    time.sleep(1)
    assert len(smtp.messages) == 2
    assert Notification.objects.filter(recipient=staff).count() == 2


def test_the_publish_retry_policy_bounds_the_wait_on_a_dead_broker():
    policy = settings.CELERY_TASK_PUBLISH_RETRY_POLICY
    worst = sum(min(policy["interval_start"] + i * policy["interval_step"], policy["interval_max"])
                for i in range(policy["max_retries"]))
    assert worst <= 2
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    # Opening a channel does not retry; one attempt costs at most a second or two.
    assert options["max_retries"] == 0
    assert options["socket_connect_timeout"] + options["socket_timeout"] <= 2


@pytest.fixture
def silent_broker():
    """A port that accepts connections and never answers, as a broker behind a network partition."""
    import socket
    import threading

    server = socket.create_server(("127.0.0.1", 0))
    held = []

    def accept():
        while True:
            try:
                held.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    server.close()
    for connection in held:
        connection.close()


def test_a_silent_broker_delays_a_request_only_by_the_socket_timeout(client, transactional_db, silent_broker, capsys):
    staff = UserFactory(role=Role.DISTRICT_STAFF)
    client.force_login(staff)
    with celery_broker(silent_broker, "drill-silent"):
        started = time.monotonic()
        response = client.post(reverse("notifications:send_test"))
        elapsed = time.monotonic() - started
    with capsys.disabled():
        print(f"\n[outbox drill] request with a silent broker answered in {elapsed:.2f} s")
    assert response.status_code == 302
    assert Notification.objects.get(recipient=staff).email_status == EmailStatus.PENDING
    assert elapsed < 3  # socket_timeout (1 s) bounds it; the sweep sends the e-mail later


@pytest.mark.worker
def test_an_application_submitted_while_the_broker_is_down_is_saved_and_confirmed_once(
    client, smtp, redis_server, drill_worker
):
    """The deadline-day drill: Redis stops, an applicant submits, the page succeeds and the application
    is saved; Redis returns and the confirmation e-mail arrives exactly once."""
    from applications.models import Application
    from tests.applications.conftest import make_call, make_complete_draft

    applicant = UserFactory(role=Role.APPLICANT, preferred_language="ko")
    application = make_complete_draft(applicant=applicant, call=make_call())
    client.force_login(applicant)

    redis_server.stop()
    response = client.post(reverse("applications:submit", args=[application.pk]), DECLARATION, follow=True)
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == "submitted" and application.receipt_number
    assert application.receipt_number in response.content.decode()
    confirmation = Notification.objects.get(recipient=applicant, email_status=EmailStatus.PENDING)

    redis_server.start()
    pending_tasks_age()
    assert pending_tasks_send() == 1
    wait_for(lambda: len(smtp.messages) == 1, timeout=60)
    assert application.receipt_number in smtp.messages[0]["Subject"]
    # The worker records the sending just after the server took the message.
    wait_for(lambda: Notification.objects.get(pk=confirmation.pk).email_status == EmailStatus.SENT, timeout=30)
    wait_for(lambda: not PendingTask.objects.filter(done_at__isnull=True).exists(), timeout=10)
    assert pending_tasks_send() == 0
    time.sleep(1)
    assert len(smtp.messages) == 1
    assert Application.objects.filter(applicant=applicant).count() == 1
