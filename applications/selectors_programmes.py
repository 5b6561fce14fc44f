"""Reads of programmes for the public pages: the active ones with their open calls."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Prefetch
from django.http import Http404
from django.utils import timezone

from .models import Call, Programme
from .selectors import CallGroups, CallStatus, call_list_public, call_status


@dataclass(frozen=True)
class OpenNow:
    """What the home page shows: the call to feature and the open calls of each active programme."""

    featured: Call | None
    programmes: list  # [(programme, [open calls closing soonest first])], programmes with an open call only


def programme_list_public(*, at: datetime | None = None) -> list[Programme]:
    """Active programmes in their order, each with `open_calls` (closing soonest first). Two queries."""
    at = at or timezone.now()
    open_calls = (Call.objects.filter(opens_at__lte=at, closes_at__gt=at)
                  .annotate(unit_count=Count("units_on_offer", distinct=True)).order_by("closes_at", "code"))
    return list(Programme.objects.filter(is_active=True)
                .prefetch_related(Prefetch("calls", queryset=open_calls, to_attr="open_calls")))


def programme_get_public(*, code: str, at: datetime | None = None) -> tuple[Programme, CallGroups]:
    """An active programme and its calls grouped by window (two queries); Http404 for any other code."""
    programme = Programme.objects.filter(code=code, is_active=True).first()
    if programme is None:
        raise Http404
    return programme, call_list_public(at=at, programme_id=programme.pk)


def calls_open_now(*, at: datetime | None = None) -> OpenNow:
    """The open calls of active programmes grouped by programme, and the call the home page features: the open
    one closing soonest, else the next upcoming one (one query)."""
    at = at or timezone.now()
    calls = list(Call.objects.filter(programme__is_active=True, closes_at__gt=at).select_related("programme")
                 .order_by("programme__position", "programme__code", "closes_at", "code"))
    grouped: dict[int, tuple[Programme, list]] = {}
    for call in calls:
        call.status = call_status(call=call, at=at)
        if call.status == CallStatus.OPEN:
            grouped.setdefault(call.programme_id, (call.programme, []))[1].append(call)
    opened = [call for call in calls if call.status == CallStatus.OPEN]
    upcoming = [call for call in calls if call.status == CallStatus.UPCOMING]
    featured = (min(opened, key=lambda c: (c.closes_at, c.code)) if opened
                else min(upcoming, key=lambda c: (c.opens_at, c.code)) if upcoming else None)
    return OpenNow(featured=featured, programmes=list(grouped.values()))
