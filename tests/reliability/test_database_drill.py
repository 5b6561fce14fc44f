"""Database drill: PostgreSQL goes away or hangs behind a proxy, or a table stays locked; pages answer 503 within
the configured timeouts, the load balancer's readiness probe says so at once, and the portal recovers by itself."""

import time

import psycopg2
from django.conf import settings
from django.test import Client

from tests.factories import UserFactory
from tests.reliability.drills import TcpProxy, WebServer
from tests.services import wait_for


def _database_proxy() -> TcpProxy:
    db = settings.DATABASES["default"]
    return TcpProxy(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)).start()


def _server_behind(proxy, **env) -> WebServer:
    """The portal under gunicorn, its database reached through `proxy`."""
    db = settings.DATABASES["default"]
    return WebServer(env={
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@127.0.0.1:{proxy.port}/{db['NAME']}",
        # Persistent connections, as in production: a broken one must be replaced, not reused.
        "DATABASE_CONN_MAX_AGE": "60",
        "CELERY_TASK_ALWAYS_EAGER": "true",
        **env,
    }).start()


def _signed_in():
    """A user and the cookie header of their session."""
    user = UserFactory()
    browser = Client()
    browser.force_login(user)
    return user, {"Cookie": f"{settings.SESSION_COOKIE_NAME}={browser.cookies[settings.SESSION_COOKIE_NAME].value}"}


def test_a_database_outage_answers_503_and_the_portal_recovers(transactional_db):
    proxy = _database_proxy()
    user, session = _signed_in()
    server = _server_behind(proxy, DATABASE_CONNECT_TIMEOUT="3")
    try:
        assert server.get("/").status == 200
        assert server.get("/tenants/directory/").status == 200
        assert server.get("/notifications/", headers=session).status == 200

        proxy.stop()  # the database crashes: open connections are cut, new ones refused
        for path, headers in [("/tenants/directory/", {}), ("/tenants/directory/", {}), ("/notifications/", session)]:
            page = server.get(path, headers=headers)
            assert page.status == 503, (path, page.status, page.body[:500])
            assert "포털을 일시적으로 이용할 수 없습니다" in page.body
            assert page.headers["Retry-After"] == "30"
            assert "Traceback" not in page.body and "OperationalError" not in page.body
        english = server.get("/tenants/directory/", headers={"Accept-Language": "en"})
        assert english.status == 503 and "The portal is temporarily unavailable" in english.body
        started = time.monotonic()
        ready = server.get("/health/")
        assert ready.status == 503 and ready.body == "unavailable"  # bare: no detail for the load balancer
        assert time.monotonic() - started < 2
        assert server.get("/health/live/").status == 200  # the process itself is fine
        # The home page's content was cached before the outage and needs no query: visitors still get it.
        assert server.get("/").status == 200

        proxy.start()  # the database is back on the same address
        wait_for(lambda: server.get("/tenants/directory/").status == 200, timeout=20, interval=0.5)
        page = server.get("/notifications/", headers=session)
        assert page.status == 200 and user.get_short_name() in page.body
        assert server.get("/health/").status == 200
    finally:
        server.stop()
        proxy.stop()


def test_a_hung_database_makes_readiness_answer_503_within_a_second(transactional_db, capsys):
    """The database accepts and never answers (a frozen server, a partition): the probe does not hang."""
    proxy = _database_proxy()
    server = _server_behind(proxy, PORTAL_HEALTH_DATABASE_TIMEOUT="1")
    try:
        assert server.get("/health/").status == 200  # its connection is open and kept
        proxy.pause()
        timings = []
        for _ in range(3):
            started = time.monotonic()
            page = server.get("/health/", timeout=30)
            timings.append(time.monotonic() - started)
            assert page.status == 503 and page.body == "unavailable"
        with capsys.disabled():
            print(f"\n[database drill] readiness with a hung database: {', '.join(f'{t:.2f}' for t in timings)} s")
        assert timings[0] < 2 and max(timings[1:]) < 0.5  # later probes do not queue behind the stuck one
        assert server.get("/health/live/").status == 200

        proxy.resume()
        wait_for(lambda: server.get("/health/").status == 200, timeout=20, interval=0.5)
    finally:
        server.stop()
        proxy.stop()


def test_a_locked_table_cancels_the_statement_and_answers_503_instead_of_hanging(transactional_db, capsys):
    """A statement blocked on a lock (a long migration, a stuck transaction) is cancelled by
    DATABASE_STATEMENT_TIMEOUT: the visitor gets the 503 page, not a request hanging as long as the lock."""
    db = settings.DATABASES["default"]
    proxy = _database_proxy()
    _user, session = _signed_in()
    server = _server_behind(proxy, DATABASE_STATEMENT_TIMEOUT="2")
    locker = psycopg2.connect(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"],
                              password=db.get("PASSWORD") or "", dbname=db["NAME"])
    try:
        assert server.get("/notifications/", headers=session).status == 200
        with locker.cursor() as cursor:
            cursor.execute("LOCK TABLE notifications_notification IN ACCESS EXCLUSIVE MODE")
        started = time.monotonic()
        page = server.get("/notifications/", headers=session, timeout=30)
        elapsed = time.monotonic() - started
        with capsys.disabled():
            print(f"\n[database drill] page blocked by a lock answered {page.status} in {elapsed:.2f} s")
        assert page.status == 503 and "포털을 일시적으로 이용할 수 없습니다" in page.body
        assert 1.5 < elapsed < 6
        assert server.get("/health/").status == 200  # the database answers: this node stays in rotation
        locker.rollback()
        assert server.get("/notifications/", headers=session).status == 200
    finally:
        locker.close()
        server.stop()
        proxy.stop()
