"""Fixtures shared by the whole suite."""

import contextlib
import json
import os
import shutil
import uuid

import pytest
from django.conf import settings

from tests.factories import UserFactory
from tests.services import Worker, smtp_sink


@pytest.fixture(autouse=True)
def _isolated_private_storage(settings, tmp_path):
    """Each test writes uploaded files into its own folder."""
    from django.core.files.storage import storages

    settings.MEDIA_ROOT = str(tmp_path / "media")  # uploaded logos too
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            **settings.STORAGES["private"],
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    storages._storages = {}
    storages.backends  # noqa: B018 (reload with the new settings)
    yield
    storages._storages = {}


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def smtp():
    with smtp_sink() as sink:
        yield sink


@pytest.fixture
def smtp_backend(settings, smtp):
    """E-mail sent in the test's own process goes by SMTP to the sink on loopback."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
    return smtp


@contextlib.contextmanager
def _worker_running(smtp, **extra_env):
    """A real worker process on its own queue (see tests.services.Worker), the suite's tasks sent to it
    while it runs, its e-mail going to the SMTP sink on loopback."""
    from portal.celery_app import app

    worker = Worker(
        database_name=settings.DATABASES["default"]["NAME"],
        extra_env={
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp.port),
            **extra_env,
        },
    )
    previous = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager = False
    app.conf.task_default_queue = worker.queue
    app.amqp.__dict__.pop("_queues", None)
    worker.start()
    try:
        yield worker
    finally:
        worker.stop()
        app.conf.task_always_eager, app.conf.task_default_queue = previous
        app.amqp.__dict__.pop("_queues", None)


@pytest.fixture
def celery_worker(transactional_db, smtp):
    """A real worker process on its own queue, sending e-mail to the SMTP sink on loopback."""
    # Files the worker writes (issued PDFs) land in the test's own private storage.
    with _worker_running(smtp, PRIVATE_MEDIA_ROOT=settings.STORAGES["private"]["OPTIONS"]["location"]) as worker:
        yield worker


@pytest.fixture
def worker_with(transactional_db, smtp):
    """Start a real worker with settings of the test's own (environment variables)."""
    with contextlib.ExitStack() as stack:
        yield lambda **env: stack.enter_context(_worker_running(
            smtp, PRIVATE_MEDIA_ROOT=settings.STORAGES["private"]["OPTIONS"]["location"], **env))


def pytest_report_header(config):
    return [f"CI={os.environ.get('CI', '')}", f"run id {uuid.uuid4().hex[:8]}", f"chromium: {shutil.which('chromium')}"]


@pytest.fixture
def short_visibility_worker(transactional_db, smtp):
    """A real worker whose broker redelivers an unacknowledged task 3 s after a worker died."""
    # kombu looks for unacknowledged tasks every second (instead of every 100 s) and delivers again
    # those taken more than 3 s ago.
    options = {"visibility_timeout": 3, "unacked_restore_interval": 1, "unacked_restore_throttle": 1}
    with _worker_running(smtp, CELERY_BROKER_TRANSPORT_OPTIONS=json.dumps(options)) as worker:
        yield worker


@pytest.fixture
def staff_client(client, db):
    """The test client signed in as district staff."""
    from tests.factories import StaffFactory

    client.force_login(StaffFactory())
    return client


@pytest.fixture
def now_is(monkeypatch):
    """`now_is(day)`: from then on Korea time is `day` 10:00 (the hour the reminders' beat runs)."""
    import datetime as dt

    from django.utils import timezone

    def set_today(day: dt.date):
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
        monkeypatch.setattr(timezone, "now", lambda: moment)
    return set_today


@pytest.fixture
def popbill_fake(settings):
    """A local fake of Popbill on loopback (tests/fakes/popbill.py), the settings pointed at it."""
    from tests.fakes.popbill import PopbillFake

    fake = PopbillFake().start()
    for name, value in fake.settings_env().items():
        setattr(settings, name, value == "true" if name == "POPBILL_IS_TEST" else value)
    yield fake
    fake.stop()


@pytest.fixture
def nts_fake(settings):
    """A local fake of the NTS business-status service on loopback (tests/fakes/nts.py), the settings
    pointed at it with a short timeout."""
    from tests.fakes.nts import NtsFake

    fake = NtsFake().start()
    settings.NTS_SERVICE_KEY, settings.NTS_API_URL, settings.NTS_TIMEOUT = fake.service_key, fake.url, 0.5
    yield fake
    fake.stop()
