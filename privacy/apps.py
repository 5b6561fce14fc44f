"""App configuration of privacy: what personal data the portal keeps, and the records the law asks for."""

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Personal information")

    def ready(self) -> None:
        # Each app declares its personal-data files in its own `privacy` module (privacy/registry.py).
        autodiscover_modules("privacy")
        from . import receivers  # noqa: F401 (export and erasure of a user's data, from the registry)
