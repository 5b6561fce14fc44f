"""App configuration of messaging: KakaoTalk 알림톡 and text messages beside e-mail (docs/messaging.md)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = _("KakaoTalk and text messages")

    def ready(self) -> None:
        from accounts.views import profile_section_register
        from notifications.channels import channel_register

        from .services import notices_deliver
        from .views import profile_section

        channel_register(notices_deliver)
        profile_section_register(profile_section)
