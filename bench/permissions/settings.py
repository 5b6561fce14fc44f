"""Test settings with django-guardian and django-rules installed, for bench/permissions/measure.py only."""

from portal.settings.test import *  # noqa: F403
from portal.settings.test import AUTHENTICATION_BACKENDS, INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "guardian", "rules"]
AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "rules.permissions.ObjectPermissionBackend",
                           "guardian.backends.ObjectPermissionBackend"]
ANONYMOUS_USER_NAME = None  # guardian's anonymous user row: the portal has no use for it
ROOT_URLCONF = "bench.permissions.urls"
