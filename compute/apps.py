"""App configuration of compute (GPU support: capacity pools, allocations, usage)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComputeConfig(AppConfig):
    name = "compute"
    verbose_name = _("GPU support")
