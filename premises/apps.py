"""App configuration of premises: sites, buildings, floors and office units."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PremisesConfig(AppConfig):
    name = "premises"
    verbose_name = _("Premises")
