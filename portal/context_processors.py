"""Template context for every page: the center's name, the user's roles and unread notices."""

from django.conf import settings


def portal(request):
    user = getattr(request, "user", None)
    context = {"center_name": settings.PORTAL_CENTER_NAME, "admin_url": "/" + settings.ADMIN_URL}
    if user is not None and user.is_authenticated:
        from notifications.selectors import notification_unread_count

        context["unread_notification_count"] = notification_unread_count(user=user)
    return context
