"""Middleware of accounts: the signed-in user's language, the idle timeout of staff sessions, and
two-factor authentication for staff and evaluators."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
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


def two_factor_required_for(user) -> bool:
    """Whether this user must confirm logins with a one-time code (staff, superusers, evaluators)."""
    return bool(
        settings.PORTAL_REQUIRE_2FA and user.is_authenticated
        and (user.is_staff or user.is_superuser or user.is_evaluator)
    )


class TwoFactorRequiredMiddleware:
    """With PORTAL_REQUIRE_2FA, send staff and evaluators who have not entered a code to set up or enter one."""

    EXEMPT_NAMES = {"accounts:otp_setup", "accounts:otp_setup_send", "accounts:otp_setup_link", "accounts:otp_verify",
                    "accounts:logout", "set_language"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and two_factor_required_for(user) and not user.is_verified():
            match = getattr(request, "resolver_match", None) or _resolve(request.path_info)
            if match is None or match.view_name not in self.EXEMPT_NAMES:
                from django_otp import devices_for_user

                target = "accounts:otp_verify" if any(devices_for_user(user)) else "accounts:otp_setup"
                return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


def _resolve(path):
    try:
        return resolve(path)
    except Resolver404:
        return None


class PermissionDeniedLogMiddleware:
    """Record every PermissionDenied a view raises in the security log (Django then answers 403)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            from .models import SecurityEventKind
            from .services import security_event_record

            security_event_record(
                kind=SecurityEventKind.PERMISSION_DENIED, request=request, user=getattr(request, "user", None),
                details={"path": request.path[:500], "method": request.method},
            )
        return None


class LoginThrottledMiddleware:
    """Every login door's answer to an address past its failed logins: the 429 page with Retry-After."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from .throttle import LoginThrottled, rate_limited_response

        if isinstance(exception, LoginThrottled):
            return rate_limited_response(request, exception.retry_after)
        return None
