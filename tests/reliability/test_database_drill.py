"""Database drill: PostgreSQL goes away behind a proxy, pages answer 503, and the portal recovers by itself."""

from django.conf import settings
from django.test import Client

from tests.factories import UserFactory
from tests.reliability.drills import TcpProxy, WebServer
from tests.services import wait_for


def test_a_database_outage_answers_503_and_the_portal_recovers(transactional_db):
    db = settings.DATABASES["default"]
    proxy = TcpProxy(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)).start()
    user = UserFactory()
    browser = Client()
    browser.force_login(user)
    session = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={browser.cookies[settings.SESSION_COOKIE_NAME].value}"}
    server = WebServer(env={
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@127.0.0.1:{proxy.port}/{db['NAME']}",
        # Persistent connections, as in production: the broken one must be replaced, not reused.
        "DATABASE_CONN_MAX_AGE": "60",
        "DATABASE_CONNECT_TIMEOUT": "3",
        "CELERY_TASK_ALWAYS_EAGER": "true",
    })
    server.start()
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
        assert server.get("/health/").status == 503
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
