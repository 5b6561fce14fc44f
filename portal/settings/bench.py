"""Benchmark settings: production-like serving on loopback, the bench's own database, and a bare view.

Used only by bench/run.py (and the gunicorn processes it starts). The bare view that the portal's
pages are compared with is routed by bench/urls.py, which only these settings name.
"""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = False
SECRET_KEY = "bench-only-not-a-secret"  # noqa: S105
# The demo data (seed_demo) includes an exemption request with encrypted identifiers.
FIELD_ENCRYPTION_KEY = "YmVuY2gtb25seS1maWVsZC1lbmNyeXB0aW9uLWtleSE="  # bench-only, not a secret
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "bench.urls"

DATABASES = {
    "default": env.db("BENCH_DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/yp_bench"),
}
DATABASES["default"]["CONN_MAX_AGE"] = 60  # as in production

REDIS_URL = env("BENCH_REDIS_URL", default="redis://127.0.0.1:6379/13")
CACHES = {
    "default": {
        "BACKEND": "portal.cache.RedisCache", "LOCATION": REDIS_URL,
        "KEY_PREFIX": env("BENCH_CACHE_KEY_PREFIX", default="bench"),
    }
}
# A benchmark that measures a real worker (bench/group_message.py) starts it with a broker and an SMTP sink.
CELERY_BROKER_URL = env("BENCH_CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
EMAIL_BACKEND = env("BENCH_EMAIL_BACKEND", default="django.core.mail.backends.dummy.EmailBackend")
# As behind the production proxy: the client's address comes from X-Forwarded-For, so each simulated
# person of a rush has its own address and the per-address rate limits apply as they would live.
PORTAL_TRUSTED_PROXIES = 1

STATIC_ROOT = BASE_DIR / "var" / "bench" / "static"
PRIVATE_MEDIA_ROOT = BASE_DIR / "var" / "bench" / "private"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    # As in production; the runner's smoke test swaps in the plain storage to skip collectstatic.
    "staticfiles": {
        "BACKEND": env("BENCH_STATIC_STORAGE", default="whitenoise.storage.CompressedManifestStaticFilesStorage"),
    },
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
