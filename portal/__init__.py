"""The excellent-company center's portal: project package (settings, URLs, Celery app, shared bases)."""

from .celery_app import app as celery_app

__all__ = ("celery_app",)
