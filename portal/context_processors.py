"""Template context for every page: the center's name, the admin's address and the department in the
footer (the unread notices are added by `notifications.context_processors.unread`)."""

from django.conf import settings
from django.utils.translation import get_language


def portal(request):
    language = "EN" if (get_language() or "ko").startswith("en") else "KO"
    return {
        "center_name": settings.PORTAL_CENTER_NAME, "admin_url": "/" + settings.ADMIN_URL,
        "department_name": getattr(settings, f"PORTAL_SENDER_NAME_{language}"),
        "department_address": getattr(settings, f"PORTAL_DEPARTMENT_ADDRESS_{language}"),
        "department_phone": settings.PORTAL_SENDER_PHONE,
    }
