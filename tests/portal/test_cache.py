"""The shared Redis cache: clearing it removes its own keys only."""

import uuid

import pytest
import redis
from django.conf import settings

from portal.cache import RedisCache


@pytest.fixture
def redis_client():
    client = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    created = []
    yield client, created
    if created:
        client.delete(*created)


def test_clearing_the_cache_leaves_a_broker_queue_in_the_same_database_alone(redis_client):
    from django.core.cache import cache

    client, created = redis_client
    queue = f"portal-queue-{uuid.uuid4().hex}"
    created.append(queue)
    client.rpush(queue, "a task waiting for a worker")
    cache.set("call-page", "<html>")
    cache.clear()
    assert cache.get("call-page") is None
    assert client.lrange(queue, 0, -1) == [b"a task waiting for a worker"]


def test_a_prefix_with_glob_characters_clears_its_own_keys_only(redis_client):
    client, created = redis_client
    token = uuid.uuid4().hex[:8]
    location = settings.CACHES["default"]["LOCATION"]
    odd = RedisCache(location, {"KEY_PREFIX": f"t[{token}]*"})
    plain = RedisCache(location, {"KEY_PREFIX": f"t{token}x"})
    created += [odd.make_key("k"), plain.make_key("k")]
    odd.set("k", 1)
    plain.set("k", 2)
    odd.clear()
    assert odd.get("k") is None
    assert plain.get("k") == 2


def test_a_stopped_redis_is_a_miss_logged_once_and_the_process_memory_stands_in_until_it_returns(
    settings, caplog
):
    import logging
    import time

    from tests.reliability.drills import RedisServer

    settings.REDIS_RETRY_AFTER = 0.3
    server = RedisServer().start()
    try:
        shared = RedisCache(server.url, {"KEY_PREFIX": uuid.uuid4().hex[:8]})
        shared.set("page", "from redis")
        server.stop()
        caplog.set_level(logging.WARNING, logger="portal.cache")
        started = time.monotonic()
        assert shared.get("page") is None  # a miss, not an error
        assert shared.degraded
        shared.set("page", "from memory")
        assert shared.get("page") == "from memory"
        assert shared.add("hits", 0) and shared.incr("hits") == 1  # counters go on in the process
        assert time.monotonic() - started < 1
        assert [r.getMessage()[:17] for r in caplog.records] == ["cache unavailable"]

        server = RedisServer(port=server.port).start()
        time.sleep(0.4)
        assert shared.get("page") is None  # Redis again (empty: it keeps nothing on disk)
        assert not shared.degraded
        assert caplog.records[-1].getMessage().startswith("cache available again")
    finally:
        server.stop()
