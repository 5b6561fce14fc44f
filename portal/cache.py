"""The shared cache: Django's Redis backend, keeping one Redis client per connection pool.

Django's backend builds a new `redis.Redis` object for every cache call (about as long as the call's
round trip to Redis on this machine). A client over a connection pool is safe to share between
threads, so one per pool is kept and reused.

`clear()` removes this cache's own keys (those under its KEY_PREFIX) instead of emptying the whole
Redis database: the database may be shared with Celery's broker, whose queues must survive, or with
another process's cache under another prefix. Behaviour is otherwise Django's.
"""

import re

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


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


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedRedisCacheClient

    def clear(self):
        # Django's keys are "<prefix>:<version>:<key>" (default KEY_FUNCTION); glob characters in the
        # prefix are matched literally.
        self._cache.clear_prefix(re.sub(r"([*?\[\]\\])", r"\\\1", self.key_prefix) + ":*")
