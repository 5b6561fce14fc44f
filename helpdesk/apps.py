"""App configuration of helpdesk."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpdeskConfig(AppConfig):
    name = "helpdesk"
    verbose_name = _("Notices, FAQ and inquiries")

    def ready(self) -> None:
        from .public_pages import connect

        connect()
