"""Template context for every page: the center's name and the admin's address (the unread notices
are added by `notifications.context_processors.unread`)."""

from django.conf import settings


def portal(request):
    return {"center_name": settings.PORTAL_CENTER_NAME, "admin_url": "/" + settings.ADMIN_URL}
