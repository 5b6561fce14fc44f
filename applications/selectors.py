"""Reads of calls and applications."""

from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from premises.models import Unit, UnitType

from .models import Call, EvaluationCriterion

# ---------------------------------------------------------------------------------------------
# Calls
# ---------------------------------------------------------------------------------------------


class CallStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open for applications")
    CLOSED = "closed", _("Closed")


@dataclass(frozen=True)
class CallGroups:
    """Calls split by their window at one moment: open now, opening later, closed."""

    open: list
    upcoming: list
    closed: list


def call_status(*, call: Call, at: datetime | None = None) -> str:
    """Open, upcoming or closed at the given moment (now by default); the window is [opens_at, closes_at)."""
    at = at or timezone.now()
    if at < call.opens_at:
        return CallStatus.UPCOMING
    if at < call.closes_at:
        return CallStatus.OPEN
    return CallStatus.CLOSED


def call_list_public(*, at: datetime | None = None) -> CallGroups:
    """Every call, grouped; open ones closing soonest first, upcoming soonest first, closed latest first.

    One query, whatever the number of calls.
    """
    at = at or timezone.now()
    calls = list(
        Call.objects.annotate(unit_count=Count("units_on_offer", distinct=True)).order_by("opens_at", "code")
    )
    groups: dict[str, list] = {CallStatus.OPEN: [], CallStatus.UPCOMING: [], CallStatus.CLOSED: []}
    for call in calls:
        call.status = call_status(call=call, at=at)
        groups[call.status].append(call)
    return CallGroups(
        open=sorted(groups[CallStatus.OPEN], key=lambda c: c.closes_at),
        upcoming=groups[CallStatus.UPCOMING],
        closed=sorted(groups[CallStatus.CLOSED], key=lambda c: c.closes_at, reverse=True),
    )


def call_open_for_home(*, at: datetime | None = None) -> Call | None:
    """The open call closing soonest, else the next upcoming one, else None (one query)."""
    at = at or timezone.now()
    call = Call.objects.filter(opens_at__lte=at, closes_at__gt=at).order_by("closes_at", "code").first()
    if call is None:
        call = Call.objects.filter(opens_at__gt=at).order_by("opens_at", "code").first()
    if call is not None:
        call.status = call_status(call=call, at=at)
    return call


@dataclass(frozen=True)
class UnitGroup:
    """Units on offer of one unit type."""

    unit_type: UnitType
    units: list


def call_get_public(*, code: str, at: datetime | None = None) -> Call:
    """A call with everything its public page shows, in a fixed number of queries; Http404 if unknown.

    Adds `status`, `unit_groups` (units on offer by type, smallest first), `criteria_by_stage`
    ([(stage label, [criteria], total points)]).
    """
    call = get_object_or_404(
        Call.objects.select_related("building").prefetch_related(
            "document_types",
            "criteria",
            "faqs",
            "schedule",
            Prefetch(
                "units_on_offer",
                queryset=Unit.objects.select_related("unit_type", "floor").order_by(
                    "unit_type__area_pyeong", "floor__number", "code"
                ),
            ),
        ),
        code=code,
    )
    call.status = call_status(call=call, at=at)
    groups: dict[int, UnitGroup] = {}
    for unit in call.units_on_offer.all():
        groups.setdefault(unit.unit_type_id, UnitGroup(unit_type=unit.unit_type, units=[])).units.append(unit)
    call.unit_groups = list(groups.values())
    stages: dict[int, list] = {}
    for criterion in call.criteria.all():
        stages.setdefault(criterion.stage, []).append(criterion)
    call.criteria_by_stage = [
        (EvaluationCriterion.Stage(stage).label, items, sum(c.max_points for c in items))
        for stage, items in sorted(stages.items())
    ]
    return call


def call_list_for_admin():
    """Calls with their number of applications (drafts included), for the admin's list (one query)."""
    return Call.objects.select_related("building").annotate(application_count=Count("applications", distinct=True))



# ---------------------------------------------------------------------------------------------
# Applications
# ---------------------------------------------------------------------------------------------
