"""Authentication backend that refuses logins during a lockout of the account from the client's address."""

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from .throttle import client_ip, login_lock_remaining


class LockoutModelBackend(ModelBackend):
    """ModelBackend, but a locked (account, address) pair cannot log in anywhere, the admin included."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None and username and login_lock_remaining(email=username.strip().lower(),
                                                                      ip=client_ip(request)):
            raise PermissionDenied
        return super().authenticate(request, username=username, password=password, **kwargs)

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and getattr(user, "anonymised_at", None) is None
