"""Template context for every page of a signed-in user: the number of unread notices, counted only when a
page shows it (the portal's header does; the admin's pages do not)."""

from django.utils.functional import SimpleLazyObject

from .selectors import notification_unread_count


def unread(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notification_count": SimpleLazyObject(lambda: notification_unread_count(user=user))}
