"""The Celery application: JSON only, time limits, configuration from Django settings."""

import gc
import os

from celery import Celery
from celery.signals import task_postrun, task_prerun, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def _freeze_before_the_pool_forks(**kwargs) -> None:
    """Move the objects of the worker's main process (Django, the apps, the tasks) out of the garbage
    collector's reach before it forks its pool: collections in the pool's processes then leave those
    pages untouched, so the processes keep sharing them instead of each copying its own.

    Nothing that starts threads (the PDF engine) is loaded here: a process forked from a parent with
    threads may wait forever on a lock that one of them held."""
    gc.freeze()


@task_postrun.connect
def _after_each_task(task=None, **kwargs) -> None:
    """Mark the task's outbox record done (portal/queue.py), then treat the connections as below."""
    from portal.queue import pending_task_settle

    pending_task_settle(task=task, **kwargs)
    _database_connections_as_for_a_request(task=task)


@task_prerun.connect
def _database_connections_as_for_a_request(task=None, **kwargs) -> None:
    """Before and after each task, treat the database connections as Django does around each request: close
    those older than CONN_MAX_AGE or found broken (CONN_HEALTH_CHECKS), keep the others.

    Celery's own Django fixup would otherwise close every connection around every task, whatever
    CONN_MAX_AGE says, unless CELERY_DB_REUSE_MAX is set (see the settings). A task run in-process
    (eagerly) shares its caller's connection, and maybe its transaction: that one is left alone."""
    from django.db import close_old_connections

    if task is not None and getattr(task.request, "is_eager", False):
        return
    close_old_connections()
