"""App configuration of privacy: what personal data the portal keeps, and the records the law asks for."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Personal information")
