"""Health endpoint: the status of the database, Redis and the Celery workers."""

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # the report names the failure; the endpoint never fails itself
        return f"error: {exc.__class__.__name__}"
    return "ok"


def _check_redis() -> str:
    url = settings.REDIS_URL or settings.CELERY_BROKER_URL
    if not url:
        return "not configured"
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"
    return "ok"


def _check_celery() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process"
    from portal.celery_app import app

    try:
        replies = app.control.inspect(timeout=settings.PORTAL_HEALTH_CELERY_TIMEOUT).ping() or {}
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"
    return f"ok ({len(replies)} workers)" if replies else "error: no worker answered"


@never_cache
def health(request):
    checks = {"database": _check_database(), "redis": _check_redis(), "celery": _check_celery()}
    healthy = all(not value.startswith("error") for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)
