"""Beat runs once: django-celery-beat's scheduler, sending only while it holds a lock in Redis.

django-celery-beat has no guard of its own against a second beat: two `celery beat` processes on the same
database each send every periodic task (measured: twice as many messages, docs/operations.md "Running on
several nodes"). This scheduler takes redis-py's lock (`Redis.lock`, a key with an expiry and an owner
token) in the broker's Redis before each tick and renews it; a beat that does not hold it sends nothing and
tries again a few seconds later. When the holder dies, its lock expires after `PORTAL_BEAT_LOCK_SECONDS`
and another beat takes over, reading first from the database when each task last ran, which the holder
writes after every task it sends (`CELERY_BEAT_SYNC_EVERY = 1`), so the new holder sends nothing twice.
"""

from __future__ import annotations

import datetime
import logging

import redis
from django.conf import settings
from django_celery_beat.schedulers import DatabaseScheduler

logger = logging.getLogger(__name__)

LOCK_KEY = "portal:beat:lock"


class SingleBeatScheduler(DatabaseScheduler):
    """DatabaseScheduler that ticks only while this process holds the beat lock."""

    def __init__(self, *args, **kwargs):
        self._lock = None
        self._client = None
        self._told_standing_by = False
        super().__init__(*args, **kwargs)

    @property
    def lock_seconds(self) -> float:
        return float(settings.PORTAL_BEAT_LOCK_SECONDS)

    def _redis(self) -> redis.Redis:
        if self._client is None:
            self._client = redis.Redis.from_url(self.app.conf.broker_url, socket_connect_timeout=2, socket_timeout=2)
        return self._client

    def holds_lock(self) -> bool:
        """Renew the lock if held, else try to take it; True while this beat may send."""
        try:
            if self._lock is not None:
                try:
                    self._lock.reacquire()
                    return True
                except redis.exceptions.LockError:
                    self._lock = None
                    logger.warning("beat lock lost to another beat; standing by")
            lock = self._redis().lock(LOCK_KEY, timeout=self.lock_seconds, thread_local=False)
            if lock.acquire(blocking=False):
                self._lock = lock
                # The previous holder wrote when each task last ran: read the schedule afresh.
                self._last_full_sync = datetime.datetime.min
                logger.warning("beat lock taken: this beat sends the periodic tasks")
                self._told_standing_by = False
                return True
            if not self._told_standing_by:
                logger.warning("beat lock held by another beat: standing by")
                self._told_standing_by = True
        except redis.exceptions.RedisError as exc:
            self._lock = None
            logger.warning("beat lock unavailable (%s); sending nothing until Redis answers", exc.__class__.__name__)
        return False

    def tick(self, *args, **kwargs):
        retry = max(self.lock_seconds / 3, 0.5)
        if not self.holds_lock():
            return retry
        # Come back before the lock expires, whatever the schedule says.
        return min(super().tick(*args, **kwargs), retry)

    def close(self):
        super().close()
        if self._lock is not None:
            try:
                self._lock.release()
            except redis.exceptions.RedisError:
                pass
            self._lock = None
