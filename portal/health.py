"""Health: liveness and readiness for the load balancer (a bare answer that depends only on this web node
and its database, within a second), and the state of the database, cache, broker and workers for
monitoring (staff or the PORTAL_HEALTH_TOKEN only)."""

from __future__ import annotations

import hmac
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

import redis
from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

TOKEN_HEADER = "X-Health-Token"  # noqa: S105 (a header name, not a secret)

# The readiness query runs in a thread of its own with its own (persistent) connection, so that a
# database that stops answering costs a probe PORTAL_HEALTH_DATABASE_TIMEOUT at most, even where no
# server-side timeout can act (a connection whose packets vanish). While a query is still stuck, the
# next probes answer 503 at once instead of queueing behind it.
_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="health")
_lock = threading.Lock()
_running: Future | None = None


def _database_query() -> None:
    close_old_connections()
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                milliseconds = max(1, int(settings.PORTAL_HEALTH_DATABASE_TIMEOUT * 1000))
                cursor.execute(f"SET LOCAL statement_timeout = {milliseconds}")
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        close_old_connections()


def database_check() -> str:
    """"ok", or the name of what went wrong ("timeout", "OperationalError", ...)."""
    global _running
    with _lock:
        if _running is not None and not _running.done():
            return "timeout"
        _running = future = _executor.submit(_database_query)
    try:
        future.result(timeout=settings.PORTAL_HEALTH_DATABASE_TIMEOUT)
    except FutureTimeout:
        return "timeout"
    except Exception as exc:  # the check names the failure; it never fails itself
        return exc.__class__.__name__
    return "ok"


def _redis_check(url: str) -> str:
    if not url:
        return "not configured"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"
    return "ok"


def _workers_check() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process"
    from portal.celery_app import app

    try:
        replies = app.control.inspect(timeout=settings.PORTAL_HEALTH_CELERY_TIMEOUT).ping() or {}
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"
    return f"ok ({len(replies)} workers)" if replies else "error: no worker answered"


def _may_see_detail(request) -> bool:
    token = settings.PORTAL_HEALTH_TOKEN
    given = request.headers.get(TOKEN_HEADER, "")
    if token and given and hmac.compare_digest(token.encode(), given.encode()):
        return True
    return request.user.is_authenticated and request.user.is_staff


def _bare(ok: bool) -> HttpResponse:
    return HttpResponse("ok" if ok else "unavailable", status=200 if ok else 503,
                        content_type="text/plain; charset=utf-8")


@never_cache
def live(request):
    """Liveness: the process answers (no database, cache or broker involved)."""
    return _bare(True)


@never_cache
def ready(request):
    """Readiness for the load balancer: this node can reach its database. No detail, whoever asks."""
    return _bare(database_check() == "ok")


@never_cache
def detail(request):
    """For monitoring: each part's state, 503 when any is down. Staff or the token only; 404 otherwise."""
    if not _may_see_detail(request):
        raise Http404
    database = database_check()
    checks = {
        "database": "ok" if database == "ok" else f"error: {database}",
        "cache": _redis_check(settings.REDIS_URL),
        "broker": _redis_check(settings.CELERY_BROKER_URL),
        "workers": _workers_check(),
    }
    healthy = all(not value.startswith("error") for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)
