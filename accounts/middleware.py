"""Middleware of accounts: the signed-in user's language, and the idle timeout of staff sessions."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils import translation
from django.utils.translation import gettext as _


class UserLanguageMiddleware:
    """Activate a signed-in user's preferred language when the browser has not chosen one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and user.preferred_language
        ):
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = user.preferred_language
        return self.get_response(request)


class StaffIdleTimeoutMiddleware:
    """Log staff out after PORTAL_STAFF_IDLE_TIMEOUT_MINUTES without a request (their session is worth more)."""

    SESSION_KEY = "_staff_last_activity"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and (user.is_staff or user.is_superuser):
            now = int(time.time())
            last = request.session.get(self.SESSION_KEY)
            limit = settings.PORTAL_STAFF_IDLE_TIMEOUT_MINUTES * 60
            if last is not None and now - int(last) > limit:
                request.logout_reason = "idle"
                logout(request)
                messages.info(request, _("You were logged out after %(minutes)s minutes without activity.")
                              % {"minutes": settings.PORTAL_STAFF_IDLE_TIMEOUT_MINUTES})
            else:
                request.session[self.SESSION_KEY] = now
        return self.get_response(request)
