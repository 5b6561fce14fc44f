"""Cache-based rate limits per client address, and the login lockout keyed on account and address."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _


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


def rate_limit_hit(*, scope: str, key: str) -> int:
    """Count one hit of `key` in `scope`'s current window; return 0 when allowed, else the seconds to wait."""
    limit = _limit(scope)
    now = int(time.time())
    window = now // limit.seconds
    cache_key = f"rl:{scope}:{_digest(key)}:{window}"
    cache.add(cache_key, 0, timeout=limit.seconds + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=limit.seconds + 1)
        count = 1
    if count > limit.count:
        return max(1, (window + 1) * limit.seconds - now)
    return 0


def rate_limited_response(request, retry_after: int):
    response = render(
        request, "accounts/rate_limited.html", {"retry_minutes": max(1, (retry_after + 59) // 60)}, status=429
    )
    response["Retry-After"] = str(retry_after)
    return response


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


# ---- login lockout ---------------------------------------------------------------------------
# Failures are counted per (e-mail as typed, client address): someone failing from another
# address never locks the owner out of their own.

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
    """Count a failed login; return True when this failure starts a lockout."""
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


def login_failures_clear(*, email: str, ip: str) -> None:
    cache.delete_many(list(_lock_keys(email, ip)))


def lockout_message(seconds: int) -> str:
    minutes = max(1, (seconds + 59) // 60)
    return _(
        "Too many failed attempts to log in to this account from your address. "
        "Try again in %(minutes)s minutes, or reset your password."
    ) % {"minutes": minutes}
