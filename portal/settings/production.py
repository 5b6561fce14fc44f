"""Production settings: refuse to start without a secret key, a database and a broker."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env, postgres_options_apply

DEBUG = False


def _required(name: str) -> str:
    value = env(name, default="")
    if not value:
        raise ImproperlyConfigured(
            f"{name} must be set in production (see README.md, 'Configuration')."
        )
    return value


SECRET_KEY = _required("DJANGO_SECRET_KEY")
_required("DATABASE_URL")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Connect, statement and idle-transaction timeouts and TCP keepalives (base.postgres_options).
postgres_options_apply(DATABASES["default"])
CELERY_BROKER_URL = _required("CELERY_BROKER_URL")
FIELD_ENCRYPTION_KEY = _required("FIELD_ENCRYPTION_KEY")
CELERY_TASK_ALWAYS_EAGER = False
REDIS_URL = env("REDIS_URL", default=CELERY_BROKER_URL)
CACHES = {"default": {"BACKEND": "portal.cache.RedisCache", "LOCATION": REDIS_URL}}
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# The load balancer's probes (readiness and liveness) may speak plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^health/live/$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
PORTAL_REQUIRE_2FA = env.bool("PORTAL_REQUIRE_2FA", default=True)
# No demo data (its accounts share a published password), whatever the environment says.
PORTAL_DEMO_DATA_ALLOWED = False
