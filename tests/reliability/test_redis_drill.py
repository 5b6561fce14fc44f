"""Redis drill: the README's one-Redis topology (cache and broker in one server), that server stopped and
then hung; the public pages, login and sign-up keep answering, quickly, and the rate limits still hold."""

import os
import signal
import time
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.accounts.helpers import signup_data
from tests.factories import PASSWORD, CallFactory, UserFactory
from tests.reliability.drills import RedisServer, celery_broker

pytestmark = pytest.mark.django_db(transaction=True)

BOUND = 2.0  # seconds: a correctness bound (the timeouts are 0.25 s and 0.5 s), not a benchmark


@pytest.fixture
def one_redis(settings):
    """A private Redis holding both the cache and the broker, as `make run` and production set it up."""
    server = RedisServer().start()
    settings.CACHES = {"default": {"BACKEND": "portal.cache.RedisCache", "LOCATION": server.url,
                                   "KEY_PREFIX": f"drill-{uuid.uuid4().hex[:8]}"}}
    settings.REDIS_URL = settings.CELERY_BROKER_URL = server.url
    try:
        with celery_broker(server.url, f"drill-{uuid.uuid4().hex[:12]}"):
            yield server
    finally:
        if server.process and server.process.poll() is None:
            os.kill(server.process.pid, signal.SIGCONT)
        server.stop()


def _visit_everything(client, email: str, tag: str) -> list[tuple[str, int, float]]:
    """The requests an anonymous visitor and a returning user make; (what, status, seconds) of each."""
    steps = [
        ("home", lambda: client.get(reverse("portal:home"))),
        ("call list", lambda: client.get(reverse("applications:call_list"))),
        ("login page", lambda: client.get(reverse("accounts:login"))),
        ("login", lambda: client.post(reverse("accounts:login"), {"username": email, "password": PASSWORD})),
        ("logout", lambda: client.post(reverse("accounts:logout"))),
        ("sign-up", lambda: client.post(reverse("accounts:signup"),
                                        signup_data(email=f"new-{tag}@startup.kr"))),
    ]
    answers = []
    for what, request in steps:
        started = time.monotonic()
        response = request()
        answers.append((what, response.status_code, time.monotonic() - started))
    return answers


def _assert_served(answers, capsys, label):
    with capsys.disabled():
        print(f"\n[redis drill: {label}] " + ", ".join(f"{w} {s} in {t:.2f} s" for w, s, t in answers))
    expected = {"home": 200, "call list": 200, "login page": 200, "login": 302, "logout": 302, "sign-up": 302}
    assert {w: s for w, s, _t in answers} == expected
    slow = [(w, round(t, 2)) for w, _s, t in answers if t > BOUND]
    assert not slow, slow


@pytest.fixture
def world():
    CallFactory()
    return UserFactory(email="evaluator@expert.kr")


def test_with_redis_stopped_pages_login_and_signup_answer(one_redis, world, capsys):
    client = Client()
    _assert_served(_visit_everything(client, world.email, "up"), capsys, "up")

    one_redis.stop()
    _assert_served(_visit_everything(client, world.email, "stopped"), capsys, "stopped")
    assert User.objects.filter(email="new-stopped@startup.kr").exists()


def test_with_redis_hung_every_request_is_bounded_by_the_short_timeout(one_redis, world, capsys):
    client = Client()
    _assert_served(_visit_everything(client, world.email, "up"), capsys, "up")

    os.kill(one_redis.process.pid, signal.SIGSTOP)  # accepts connections, never answers
    _assert_served(_visit_everything(client, world.email, "hung"), capsys, "hung")
    assert User.objects.filter(email="new-hung@startup.kr").exists()


def test_rate_limits_hold_per_process_while_redis_is_out(one_redis, world, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "signup": (2, 3600)}
    one_redis.stop()
    client = Client()
    for i in range(2):
        assert client.post(reverse("accounts:signup"), signup_data(email=f"a{i}@startup.kr")).status_code == 302
    assert client.post(reverse("accounts:signup"), signup_data(email="a9@startup.kr")).status_code == 429


def test_a_call_changed_while_redis_hangs_shows_its_new_title_then_and_after(one_redis, settings, world):
    """While the shared cache is out the public pages are rendered fresh; once it answers again it still
    holds the pages cached before the change, and the change's version move makes them unused."""
    from applications import public_cache

    settings.REDIS_RETRY_AFTER = 0.3
    settings.CACHES = {"default": {**settings.CACHES["default"]}}  # a cache object with the short retry
    call = CallFactory(code="2026-77", title_ko="첫 제목")
    client = Client()
    assert "첫 제목" in client.get("/calls/").content.decode()  # cached in Redis

    os.kill(one_redis.process.pid, signal.SIGSTOP)
    call.title_ko = "바뀐 제목"
    call.save()  # the version cannot move in Redis now
    assert "바뀐 제목" in client.get("/calls/").content.decode()

    os.kill(one_redis.process.pid, signal.SIGCONT)
    time.sleep(0.4)
    html = client.get("/calls/").content.decode()
    assert "바뀐 제목" in html and "첫 제목" not in html
    assert not public_cache._owed.is_set()
