"""The rendered content of the public pages (home, programmes, a programme, calls, a call; the privacy policy
and terms), cached per language until their data changes.

A cached part is keyed by:

- the **version** of the public data: a counter in the shared cache that every save or delete of a
  model these pages show moves on (receivers below), at once and again after the transaction commits,
  so a change shows up on the next request in every worker;
- the **epoch**: how many of the calls' opening and closing moments (and those other apps register,
  such as a notice's publication) have passed, so a call that opens or closes is shown as such at that
  very moment, not when its cache entry expires;
- the **language**, the path the portal is served under (its links start with it), and the page's
  own arguments (a call's code).

Only parts that are the same for every visitor are cached: the pages' content, rendered without the
request (no user, no CSRF token, no messages). The navigation, the user's name, the forms with their
CSRF tokens and the messages are rendered for each request by base.html around it.

Writes that send no signals (`QuerySet.update`, `bulk_create`) must call `public_pages_changed()`.

While the shared cache is out (`cache.degraded`, see `portal/cache.py`) the parts are rendered for each
request and not kept, so no process serves what another one changed; a change made meanwhile moves the
version once the shared cache answers again.
"""

from __future__ import annotations

import bisect
import hashlib
import threading
import time
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.translation import get_language

VERSION_KEY = "public-pages:version"
FRAGMENT_SECONDS = 60 * 60  # a superseded entry is never read again; this only lets it go
LOCAL_ENTRIES = 64  # parts kept in the worker's memory, beside the shared cache

T = TypeVar("T")
_moments: dict[int, list] = {}  # version -> the calls' opening and closing moments, sorted
_local: dict[str, object] = {}
_owed = threading.Event()  # a change the shared cache could not record yet
# Moments at which pages of higher apps change without a write (a notice's publication): functions that
# return them, registered with `public_moments_register` from those apps' ready().
_moment_sources: list[Callable[[], Iterable]] = []


def public_moments_register(source: Callable[[], Iterable]) -> None:
    """Add the moments `source()` returns to the epoch, as the calls' opening and closing are."""
    if source not in _moment_sources:
        _moment_sources.append(source)


def _shared_cache_out() -> bool:
    return getattr(cache, "degraded", False)


def public_pages_version() -> int:
    """The current version of the public data (one read of the shared cache)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # A fresh counter starts from the clock, so it never repeats a version an evicted one reached.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no counter yet (or evicted)
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
    if _shared_cache_out():
        _owed.set()


def public_pages_changed(**_kwargs) -> None:
    """The public data changed: new version now, and again once the transaction has committed.

    The second move matters: a request between the first one and the commit may have cached what the
    database showed before the change.
    """
    _bump()
    transaction.on_commit(_bump)


def _call_moments(version: int) -> list:
    moments = _moments.get(version)
    if moments is None:
        from .models import Call

        moments = {moment for window in Call.objects.values_list("opens_at", "closes_at") for moment in window}
        for source in _moment_sources:
            moments.update(moment for moment in source() if moment is not None)
        moments = sorted(moments)
        _moments.clear()
        _moments[version] = moments
    return moments


def cached_public_part(name: str, render: Callable[[], T], *args: str) -> T:
    """`render()` once per version, epoch, language and `args`; later requests get the stored result.

    An exception from `render` (Http404 for an unknown call) is not cached.
    """
    if _shared_cache_out():
        return render()
    if _owed.is_set():
        _owed.clear()
        _bump()
    version = public_pages_version()
    epoch = bisect.bisect_right(_call_moments(version), timezone.now())
    suffix = hashlib.sha256("\x1f".join(args).encode()).hexdigest()[:16] if args else "-"
    key = f"public-pages:{name}:{version}:{epoch}:{get_language()}:{get_script_prefix()}:{suffix}"
    if key in _local:
        return _local[key]
    value = cache.get(key)
    if value is None:
        value = render()
        cache.set(key, value, FRAGMENT_SECONDS)
    if len(_local) >= LOCAL_ENTRIES:
        _local.clear()
    _local[key] = value
    return value


def _call_saved(sender, **kwargs) -> None:
    public_pages_changed()


def connect_receivers() -> None:
    """Move the version on every change of what the public pages show (called by the app's ready())."""
    from premises.models import Building, Floor, Unit, UnitType
    from privacy.models import PolicyVersion, RetentionSchedule

    from .models import Call, CallDocumentType, CallFAQ, CallFile, CallScheduleItem, EvaluationCriterion, Programme

    post_save.connect(_call_saved, sender=Call, dispatch_uid="public-pages:call")
    post_delete.connect(public_pages_changed, sender=Call, dispatch_uid="public-pages:call:delete")
    m2m_changed.connect(public_pages_changed, sender=Call.units_on_offer.through, dispatch_uid="public-pages:units")
    # PolicyVersion: the privacy policy and the terms (privacy/views.py), published or replaced; RetentionSchedule:
    # a period staff change, which the policy not yet published states.
    for model in (Programme, CallDocumentType, CallFile, CallFAQ, CallScheduleItem, EvaluationCriterion, Building,
                  Floor, Unit, UnitType, PolicyVersion, RetentionSchedule):
        label = model._meta.label_lower
        post_save.connect(public_pages_changed, sender=model, dispatch_uid=f"public-pages:{label}")
        post_delete.connect(public_pages_changed, sender=model, dispatch_uid=f"public-pages:{label}:delete")
