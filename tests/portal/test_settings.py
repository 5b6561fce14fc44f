"""Production settings: deploy checks pass, missing configuration fails clearly."""

import os
import subprocess
import sys

from tests.services import ROOT

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-for-the-deploy-check-0123456789abcdef",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "DJANGO_ALLOWED_HOSTS": "portal.example.kr",
    "FIELD_ENCRYPTION_KEY": "cHJvZHVjdGlvbi1jaGVjay1maWVsZC1rZXktMDAwMDA=",
}


def _manage(*args, env):
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "CELERY_", "FIELD_ENC"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env},
        capture_output=True, text=True, timeout=120,
    )


def test_production_passes_the_deploy_check_without_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set in production" in result.stderr


def test_production_refuses_to_start_without_a_database_url():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DATABASE_URL"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "DATABASE_URL must be set in production" in result.stderr


def test_production_refuses_to_start_without_a_broker():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "CELERY_BROKER_URL"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "CELERY_BROKER_URL must be set in production" in result.stderr


def test_production_refuses_to_start_without_the_field_encryption_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "FIELD_ENCRYPTION_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEY must be set in production" in result.stderr


PROBE = """
import json
from django.conf import settings
from django.test import Client, override_settings
client = Client(HTTP_HOST="portal.example.kr")
# Static files are served from the manifest that collectstatic writes on release; not needed here.
unhashed = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
with override_settings(STORAGES=unhashed):
    secure = client.get("/accounts/login/", secure=True)
plain = client.get("/accounts/login/")
health = client.get("/health/")
print(json.dumps({
    "headers": dict(secure.headers),
    "csrf_cookie": {k: secure.cookies[settings.CSRF_COOKIE_NAME][k] for k in ("secure", "httponly", "samesite")},
    "plain_status": plain.status_code, "plain_location": plain.headers.get("Location", ""),
    "health_status": health.status_code,
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "session_cookie_httponly": settings.SESSION_COOKIE_HTTPONLY,
    "language_cookie_secure": settings.LANGUAGE_COOKIE_SECURE,
}))
"""


def test_production_serves_hsts_csp_and_secure_cookies():
    import json

    result = _manage("shell", "-c", PROBE, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    headers = probe["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert probe["csrf_cookie"]["secure"] is True and probe["csrf_cookie"]["samesite"] == "Lax"
    assert probe["session_cookie_secure"] and probe["session_cookie_httponly"] and probe["language_cookie_secure"]
    # Plain HTTP is redirected to HTTPS, except the health probe of the load balancer.
    assert probe["plain_status"] == 301 and probe["plain_location"].startswith("https://portal.example.kr/")
    assert probe["health_status"] in (200, 503)


def test_production_bounds_every_database_wait():
    import json

    probe = ("import json; from django.conf import settings; from django.db import connection; "
             "c = connection.cursor(); c.execute('SHOW statement_timeout'); s = c.fetchone()[0]; "
             "c.execute('SHOW idle_in_transaction_session_timeout'); i = c.fetchone()[0]; "
             "print(json.dumps({'options': settings.DATABASES['default']['OPTIONS'], 'statement': s, 'idle': i}))")
    result = _manage("shell", "-c", probe, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    options = found["options"]
    assert options["connect_timeout"] == 5
    assert options["keepalives"] == 1 and options["keepalives_idle"] == 30 and options["tcp_user_timeout"] == 30000
    # The server applies them to the session: a blocked statement or an abandoned transaction ends.
    assert (found["statement"], found["idle"]) == ("30s", "1min")

    result = _manage("shell", "-c", probe, env={**PRODUCTION_ENV, "DATABASE_STATEMENT_TIMEOUT": "0"})
    assert json.loads(result.stdout.strip().splitlines()[-1])["statement"] == "0"  # the release's migrations
