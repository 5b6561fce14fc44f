"""The Celery application: JSON only, time limits, configuration from Django settings."""

import gc
import os

from celery import Celery
from celery.signals import worker_init

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
