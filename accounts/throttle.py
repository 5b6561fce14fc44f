"""Cache-based rate limits per client address, and the guard of every login door: failed logins per
address, attempts per account, lockout per account and address."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from portal.errors import too_many_requests


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or the address PORTAL_TRUSTED_PROXIES hops back in X-Forwarded-For."""
    if request is None:
        return ""
    hops = getattr(settings, "PORTAL_TRUSTED_PROXIES", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if hops and forwarded:
        chain = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(chain) >= hops:
            return chain[-hops]
    return request.META.get("REMOTE_ADDR", "")


def _digest(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


# ---- rate limits -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int


def _limit(scope: str) -> Limit:
    count, seconds = settings.PORTAL_RATE_LIMITS[scope]
    return Limit(count=count, seconds=seconds)


def _window_key(scope: str, key: str) -> tuple[str, Limit, int, int]:
    limit = _limit(scope)
    now = int(time.time())
    window = now // limit.seconds
    return f"rl:{scope}:{_digest(key)}:{window}", limit, now, window


def rate_limit_hit(*, scope: str, key: str) -> int:
    """Count one hit of `key` in `scope`'s current window; return 0 when allowed, else the seconds to wait."""
    cache_key, limit, now, window = _window_key(scope, key)
    cache.add(cache_key, 0, timeout=limit.seconds + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=limit.seconds + 1)
        count = 1
    if count > limit.count:
        return max(1, (window + 1) * limit.seconds - now)
    return 0


def rate_limit_reached(*, scope: str, key: str) -> int:
    """Without counting: 0 while `key` has hits left in `scope`'s window, else the seconds to wait."""
    cache_key, limit, now, window = _window_key(scope, key)
    if (cache.get(cache_key) or 0) >= limit.count:
        return max(1, (window + 1) * limit.seconds - now)
    return 0


def rate_limited_response(request, retry_after: int):
    """The portal's 429 page (portal/errors.py: no database, the visitor's language) with Retry-After."""
    return too_many_requests(request, retry_after=retry_after)


def rate_limit(scope: str, methods: tuple[str, ...] = ("POST",)):
    """Decorate a view: too many `methods` requests from one address in `scope` get a friendly 429 page."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                wait = rate_limit_hit(scope=scope, key=client_ip(request))
                if wait:
                    return rate_limited_response(request, wait)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def mail_allowed(*, scope: str, email: str) -> bool:
    """Whether another e-mail of `scope` may go to `email` now (caps mail sent to one address)."""
    return rate_limit_hit(scope=scope, key=email.strip().lower()) == 0


# ---- logins: one guard for every door ------------------------------------------------------
# Every door that checks a password goes through `accounts.backends.LockoutModelBackend` (the portal's
# login, the admin's login); the pages that check a signed-in user's secret (the two-factor code, the
# current password to change it or to delete the account) are decorated with `login_door` and call
# `secret_failure_register` for a wrong one.
# Rules (docs/accounts.md, "Abuse controls"):
# - failed logins per client address (PORTAL_RATE_LIMITS["login"]): past the limit, the address gets the
#   429 page at every door until the window ends; successful logins are not counted, so an office of
#   evaluators behind one address is never refused for logging in;
# - attempts per account from any address (PORTAL_RATE_LIMITS["login_account"]), against guessing one
#   account's password from many addresses;
# - failures per (e-mail as typed, client address): after PORTAL_LOGIN_FAILURE_LIMIT in the window that
#   pair is locked for the cool-off; someone failing from another address never locks the owner out of
#   their own.
# The counters live in the shared cache; while Redis is out they are kept per web process
# (portal/cache.py), so the limits loosen by the number of processes but never vanish.


class LoginThrottled(Exception):
    """Too many failed logins from this address; answered with the 429 page (LoginThrottledMiddleware)."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


def login_address_check(request) -> None:
    """Raise LoginThrottled when the client's address has used up its failed logins."""
    wait = rate_limit_reached(scope="login", key=client_ip(request))
    if wait:
        raise LoginThrottled(wait)


def login_door(view):
    """Decorate a view that checks a secret other than the password (a one-time code): its POSTs obey
    the address's failed-login limit; the view calls `login_failure_register` for a wrong secret."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST":
            login_address_check(request)
        return view(request, *args, **kwargs)

    return wrapped


def login_account_wait(*, email: str) -> int:
    """Without counting: seconds until `email` may be tried again (0 when it may)."""
    return rate_limit_reached(scope="login_account", key=email.strip().lower()) if email else 0


def login_attempt_begin(*, request, email: str) -> bool:
    """Before a password is checked: raise LoginThrottled for an address over its limit; count the attempt
    on the account. False when the password must not be checked (the account or the pair is refused)."""
    login_address_check(request)
    if not email:
        return True
    if login_lock_remaining(email=email, ip=client_ip(request)):
        return False
    return rate_limit_hit(scope="login_account", key=email.strip().lower()) == 0


def _lock_keys(email: str, ip: str) -> tuple[str, str]:
    digest = _digest(email.strip().lower(), ip)
    return f"lockout:fail:{digest}", f"lockout:lock:{digest}"


def login_lock_remaining(*, email: str, ip: str) -> int:
    """Seconds left of the cool-off for this account and address (0 when not locked)."""
    _fail_key, lock_key = _lock_keys(email, ip)
    until = cache.get(lock_key)
    if not until:
        return 0
    return max(0, int(until - time.time()))


def login_failure_register(*, email: str, ip: str) -> bool:
    """Count a failed login against the address and the (account, address) pair; return True when this
    failure starts a lockout of the pair."""
    rate_limit_hit(scope="login", key=ip)
    if not email or login_lock_remaining(email=email, ip=ip):
        return False
    fail_key, lock_key = _lock_keys(email, ip)
    cache.add(fail_key, 0, timeout=settings.PORTAL_LOGIN_FAILURE_WINDOW)
    try:
        failures = cache.incr(fail_key)
    except ValueError:
        cache.add(fail_key, 1, timeout=settings.PORTAL_LOGIN_FAILURE_WINDOW)
        failures = 1
    if failures >= settings.PORTAL_LOGIN_FAILURE_LIMIT:
        cooloff = settings.PORTAL_LOGIN_COOLOFF
        cache.set(lock_key, time.time() + cooloff, timeout=cooloff)
        cache.delete(fail_key)
        return True
    return False


def secret_failure_register(request) -> None:
    """A signed-in user typed a wrong secret (a one-time code, their current password): a failed login of
    their account from this address, at a door decorated with `login_door`."""
    login_failure_register(email=request.user.email, ip=client_ip(request))


def login_failures_clear(*, email: str, ip: str) -> None:
    """A successful login clears the pair's failures (never the address's: they count every account)."""
    cache.delete_many(list(_lock_keys(email, ip)))


def _minutes(seconds: int) -> int:
    return max(1, (seconds + 59) // 60)


def lockout_message(seconds: int) -> str:
    return _(
        "Too many failed attempts to log in to this account from your address. "
        "Try again in %(minutes)s minutes, or reset your password."
    ) % {"minutes": _minutes(seconds)}


def account_limit_message(seconds: int) -> str:
    return _(
        "There have been too many attempts to log in to this account. "
        "Try again in %(minutes)s minutes, or reset your password."
    ) % {"minutes": _minutes(seconds)}
