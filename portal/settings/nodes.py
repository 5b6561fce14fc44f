"""Settings of the several-nodes drill (bench/nodes.py): production's, served over plain HTTP on loopback.

Every value that production requires still comes from the environment (the drill sets them): the
database, the broker, the secret and encryption keys, the allowed hosts, and here the object storage
(PRIVATE_STORAGE_BACKEND / MEDIA_STORAGE_BACKEND with their OPTIONS). Only what needs HTTPS is relaxed,
since the drill's proxy speaks HTTP on 127.0.0.1.
"""

from .production import *  # noqa: F403
from .production import env

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
PORTAL_REQUIRE_2FA = env.bool("PORTAL_REQUIRE_2FA", default=False)
STATIC_ROOT = env.path("STATIC_ROOT", default=str(STATIC_ROOT))  # noqa: F405
STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    # The drill's test skips collectstatic with the plain storage; the script collects once, as a release does.
    "staticfiles": {
        "BACKEND": env("STATIC_STORAGE_BACKEND", default="whitenoise.storage.CompressedManifestStaticFilesStorage"),
    },
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
