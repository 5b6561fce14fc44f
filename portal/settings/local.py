"""Developer settings: SQLite and in-process tasks unless DATABASE_URL / CELERY_BROKER_URL are set."""

from .base import *  # noqa: F403
from .base import BASE_DIR, CELERY_BROKER_URL, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-development-only-not-a-secret")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

# E-mails are written to files under var/mail unless an SMTP host is configured.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = BASE_DIR / "var" / "mail"

CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL

# Encrypted fields of exemptions: a key derived from the local secret key unless one is set.
if not env("FIELD_ENCRYPTION_KEY", default=""):
    import base64
    import hashlib

    FIELD_ENCRYPTION_KEY = base64.urlsafe_b64encode(hashlib.sha256(SECRET_KEY.encode()).digest()).decode()
