"""App configuration of applications."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Applications")

    def ready(self) -> None:
        from accounts.signals import user_data_export

        from .privacy import answers_for_download, consents_for_download
        from .public_cache import connect_receivers

        connect_receivers()
        user_data_export.connect(answers_for_download, dispatch_uid="applications.answers")
        user_data_export.connect(consents_for_download, dispatch_uid="applications.consents")
