"""Template context for every page: the center's name, the department in the footer, the user's roles and
unread notices."""

from django.conf import settings
from django.utils.translation import get_language


def portal(request):
    user = getattr(request, "user", None)
    language = "EN" if (get_language() or "ko").startswith("en") else "KO"
    context = {
        "center_name": settings.PORTAL_CENTER_NAME, "admin_url": "/" + settings.ADMIN_URL,
        "department_name": getattr(settings, f"PORTAL_SENDER_NAME_{language}"),
        "department_address": getattr(settings, f"PORTAL_DEPARTMENT_ADDRESS_{language}"),
        "department_phone": settings.PORTAL_SENDER_PHONE,
    }
    if user is not None and user.is_authenticated:
        from notifications.selectors import notification_unread_count

        context["unread_notification_count"] = notification_unread_count(user=user)
    return context
