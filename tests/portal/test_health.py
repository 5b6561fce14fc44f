"""Health: the load balancer gets a bare, fast answer that depends on this node and its database only; the
state of the cache, broker and workers is shown to staff and to a monitor holding the token, to nobody else."""

import time

import pytest

from tests.factories import UserFactory

DETAIL_WORDS = ("database", "redis", "celery", "cache", "broker", "worker")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/health/", "/health/live/"])
def test_the_load_balancer_gets_a_bare_answer_without_detail(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    body = response.content.decode().lower()
    assert not any(word in body for word in DETAIL_WORDS)


def test_liveness_touches_nothing(client, settings):
    """No database access is allowed in this test (it would raise), and Redis points nowhere."""
    settings.REDIS_URL = settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/health/live/")
    assert response.status_code == 200 and response.content == b"ok"


@pytest.mark.django_db
def test_readiness_does_not_depend_on_redis_or_workers(client, settings):
    """A worker or broker problem must not take every web node out of rotation."""
    settings.REDIS_URL = settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    started = time.monotonic()
    response = client.get("/health/")
    elapsed = time.monotonic() - started
    assert response.status_code == 200 and response.content == b"ok"
    assert elapsed < 0.5


@pytest.mark.django_db
def test_readiness_stays_up_with_the_broker_reachable_and_no_worker_running(client, settings, capsys):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # the real Redis broker; no worker listens on it
    started = time.monotonic()
    response = client.get("/health/")
    elapsed = time.monotonic() - started
    with capsys.disabled():
        print(f"\n[health] readiness with no worker answered in {elapsed * 1000:.0f} ms")
    assert response.status_code == 200
    assert elapsed < 0.5
    # The monitor sees what is wrong.
    settings.PORTAL_HEALTH_TOKEN = "monitor-token-0123456789"
    detail = client.get("/health/detail/", headers={"X-Health-Token": "monitor-token-0123456789"})
    assert detail.status_code == 503
    assert detail.json() == {"status": "error", "database": "ok", "cache": "ok", "broker": "ok",
                             "workers": "error: no worker answered"}


@pytest.mark.django_db
def test_the_detail_is_for_staff_and_the_token_only(client, settings):
    settings.PORTAL_HEALTH_TOKEN = "monitor-token-0123456789"
    assert client.get("/health/detail/").status_code == 404
    assert client.get("/health/detail/", headers={"X-Health-Token": "wrong"}).status_code == 404
    client.force_login(UserFactory())
    assert client.get("/health/detail/").status_code == 404
    client.logout()

    monitor = client.get("/health/detail/", headers={"X-Health-Token": "monitor-token-0123456789"})
    assert monitor.status_code == 200
    assert monitor.json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": "ok",
                              "workers": "in-process"}
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    assert client.get("/health/detail/").json()["status"] == "ok"


@pytest.mark.django_db
def test_without_a_token_configured_no_header_opens_the_detail(client, settings):
    settings.PORTAL_HEALTH_TOKEN = ""
    assert client.get("/health/detail/", headers={"X-Health-Token": ""}).status_code == 404


@pytest.mark.django_db
def test_the_detail_names_a_dead_cache(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    client.force_login(UserFactory(is_staff=True))
    response = client.get("/health/detail/")
    assert response.status_code == 503
    assert response.json()["cache"].startswith("error")


@pytest.mark.worker
def test_the_detail_sees_a_real_worker(client, celery_worker, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    client.force_login(UserFactory(is_staff=True))
    assert client.get("/health/detail/").json()["workers"].startswith("ok")
