"""App configuration of exemptions."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExemptionsConfig(AppConfig):
    name = "exemptions"
    verbose_name = _("Regulatory exemptions")

    def ready(self) -> None:
        from . import checks  # noqa: F401 (registers the system check)
