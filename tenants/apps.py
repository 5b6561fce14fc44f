"""App configuration of tenants."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = _("Tenants")

    def ready(self) -> None:
        from premises.services import unit_holder_register

        from .selectors import unit_hold

        unit_holder_register(unit_hold)  # leases and pending offers hold units (premises owns the status)
