"""The shared cache: Django's Redis backend with short timeouts, a local stand-in while Redis is out, and
one Redis client per connection pool.

**Redis out or hung.** The cache never fails a request. Connections and replies wait at most
`REDIS_SOCKET_CONNECT_TIMEOUT` / `REDIS_SOCKET_TIMEOUT` seconds; the first error opens a circuit breaker
(one warning on `portal.cache`), and for `REDIS_RETRY_AFTER` seconds every cache call of the process goes
to a process-local memory cache instead, without touching the network. Then one call tries Redis again;
when it answers, the breaker closes (logged) and the shared cache is used again. While the breaker is
open `cache.degraded` is True: caching works per process (a miss at first), and the rate limits of
`accounts/throttle.py` count per process — each web process allows the limit on its own, so limits are
looser by the number of processes, never gone.

Django's backend builds a new `redis.Redis` object for every cache call (about as long as the call's
round trip to Redis on this machine). A client over a connection pool is safe to share between
threads, so one per pool is kept and reused.

`clear()` removes this cache's own keys (those under its KEY_PREFIX) instead of emptying the whole
Redis database: the database may be shared with Celery's broker, whose queues must survive, or with
another process's cache under another prefix. Behaviour is otherwise Django's.
"""

from __future__ import annotations

import logging
import re
import threading
import time

import redis
from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

logger = logging.getLogger(__name__)

# Errors that mean "Redis cannot be reached or does not answer" (not a wrong command).
REDIS_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


class ReusedRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def clear_prefix(self, pattern: str) -> None:
        client = self.get_client(write=True)
        keys = []
        for key in client.scan_iter(match=pattern, count=1000):
            keys.append(key)
            if len(keys) >= 1000:
                client.unlink(*keys)
                keys = []
        if keys:
            client.unlink(*keys)


class CircuitBreaker:
    """Open after an error, for `retry_after` seconds; shared by every thread of the process (Django
    keeps one cache object per thread)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.opened_at: float | None = None
        self._lock = threading.Lock()

    def is_open(self, retry_after: float) -> bool:
        opened_at = self.opened_at
        return opened_at is not None and time.monotonic() - opened_at < retry_after

    def trip(self, exc: Exception) -> None:
        with self._lock:
            first = self.opened_at is None
            self.opened_at = time.monotonic()
        if first:
            logger.warning("cache unavailable (%s): %s; using process-local memory until it answers",
                           self.name, exc.__class__.__name__)

    def reset(self) -> None:
        if self.opened_at is None:
            return
        with self._lock:
            was_open, self.opened_at = self.opened_at is not None, None
        if was_open:
            logger.warning("cache available again (%s)", self.name)


_breakers: dict[str, CircuitBreaker] = {}


def _breaker_for(location: str) -> CircuitBreaker:
    breaker = _breakers.get(location)
    if breaker is None:
        breaker = _breakers.setdefault(location, CircuitBreaker(re.sub(r"//[^@/]*@", "//", location)))
    return breaker


def _guarded(name: str):
    def method(self, *args, **kwargs):
        if self._breaker.is_open(self._retry_after):
            return getattr(self._fallback, name)(*args, **kwargs)
        try:
            result = getattr(DjangoRedisCache, name)(self, *args, **kwargs)
        except REDIS_ERRORS as exc:
            self._breaker.trip(exc)
            return getattr(self._fallback, name)(*args, **kwargs)
        if self._breaker.opened_at is not None:
            self._breaker.reset()
        return result

    method.__name__ = name
    method.__doc__ = f"Django's `{name}`, served by process-local memory while Redis is out."
    return method


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        params = {**params, "OPTIONS": {
            "socket_connect_timeout": settings.REDIS_SOCKET_CONNECT_TIMEOUT,
            "socket_timeout": settings.REDIS_SOCKET_TIMEOUT,
            **params.get("OPTIONS", {}),
        }}
        super().__init__(server, params)
        self._class = ReusedRedisCacheClient
        location = server if isinstance(server, str) else ",".join(server)
        self._breaker = _breaker_for(location)
        self._retry_after = settings.REDIS_RETRY_AFTER
        fallback_params = {k: v for k, v in params.items() if k in ("TIMEOUT", "KEY_PREFIX", "VERSION", "KEY_FUNCTION")}
        self._fallback = LocMemCache(f"portal-cache-fallback:{location}", fallback_params)

    @property
    def degraded(self) -> bool:
        """True while Redis is out and the process-local memory stands in for it."""
        return self._breaker.is_open(self._retry_after)

    add = _guarded("add")
    get = _guarded("get")
    set = _guarded("set")
    touch = _guarded("touch")
    delete = _guarded("delete")
    get_many = _guarded("get_many")
    has_key = _guarded("has_key")
    incr = _guarded("incr")
    set_many = _guarded("set_many")
    delete_many = _guarded("delete_many")

    def clear(self):
        # Django's keys are "<prefix>:<version>:<key>" (default KEY_FUNCTION); glob characters in the
        # prefix are matched literally.
        self._fallback.clear()
        if self.degraded:
            return
        try:
            self._cache.clear_prefix(re.sub(r"([*?\[\]\\])", r"\\\1", self.key_prefix) + ":*")
        except REDIS_ERRORS as exc:
            self._breaker.trip(exc)
