"""App configuration of notifications: the outbox of e-mails and in-portal notices."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from portal.notices import notice_sender_set

        from .services import notification_create

        notice_sender_set(notification_create)
