"""Test settings: the real PostgreSQL and Redis on localhost, overridable by the environment."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env, postgres_options_apply

DEBUG = False
SECRET_KEY = "test-only-not-a-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/yangjae_portal"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
postgres_options_apply(DATABASES["default"])
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/14")
CACHES = {
    "default": {
        "BACKEND": "portal.cache.RedisCache",
        "LOCATION": REDIS_URL,
        # Under pytest-xdist each test process (and the workers and servers it starts, which inherit
        # PYTEST_XDIST_WORKER) keeps to its own keys; clearing the cache clears only those.
        "KEY_PREFIX": "-".join(filter(None, [env("CACHE_KEY_PREFIX", default="test"),
                                             env("PYTEST_XDIST_WORKER", default="")])),
    }
}
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/15")
# Tests run tasks in-process unless a test starts a real worker (tests/worker.py).
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A worker started by a test is pointed at that test's folder (tests/conftest.py).
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "test-private-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
PORTAL_REQUIRE_2FA = False  # tests that need it switch it on
# A fixed Fernet key for the encrypted fields of exemptions (tests only; never used elsewhere).
FIELD_ENCRYPTION_KEY = "dGVzdC1vbmx5LWZpZWxkLWVuY3J5cHRpb24ta2V5LTA="
