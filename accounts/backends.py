"""Authentication backend: every password door (the portal's login, the admin's) passes the login guard."""

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from .throttle import login_attempt_begin


class LockoutModelBackend(ModelBackend):
    """ModelBackend behind the guard of `accounts.throttle`: an address past its failed logins gets the 429
    page (LoginThrottled), a refused account or (account, address) pair cannot log in anywhere."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None and not login_attempt_begin(request=request, email=(username or "").strip().lower()):
            raise PermissionDenied
        return super().authenticate(request, username=username, password=password, **kwargs)

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and getattr(user, "anonymised_at", None) is None
