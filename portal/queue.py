"""Queue Celery tasks after the current transaction commits, without failing the request if the
broker is unreachable: the work stays recorded in the database and a periodic sweep picks it up."""

import logging

from django.db import transaction
from kombu.exceptions import OperationalError as KombuOperationalError

logger = logging.getLogger(__name__)

BROKER_ERRORS = (KombuOperationalError, ConnectionError, OSError)


def enqueue(task, **kwargs) -> bool:
    """Send `task` with keyword arguments now; False (and a warning) when the broker is down."""
    try:
        task.apply_async(kwargs=kwargs)
    except BROKER_ERRORS as exc:
        logger.warning("broker unavailable, %s(%s) left for the sweep: %s", task.name, kwargs, exc)
        return False
    return True


def enqueue_on_commit(task, **kwargs) -> None:
    """Send `task` once the surrounding transaction commits (immediately outside one)."""
    transaction.on_commit(lambda: enqueue(task, **kwargs))
