"""Reads of tenants shared by views and admin: membership checks, directory, occupancy, room days, totals."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from accounts.models import User
from premises.models import Building, Floor, MeetingRoom, Unit, UnitStatus

from .models import (
    LEASE_LIVE_STATUSES,
    MANAGING_ROLES,
    Booking,
    Company,
    Lease,
    LeaseStatus,
    Offer,
    OfferStatus,
    PerformanceReport,
    TeamMembership,
)
from .services.bookings import SLOT


def user_list_company_managers(*, company_id: int) -> list[User]:
    """The company's managers (its owner and administrators) whose accounts are active, ordered by id:
    the one spelling of who hears about the company's paperwork, invoices and reminders."""
    return list(
        User.objects.filter(memberships__company_id=company_id, memberships__role__in=MANAGING_ROLES, is_active=True)
        .distinct().order_by("pk")
    )


def user_list_tenant_members(*, building_id: int | None = None, managers_only: bool) -> QuerySet[User]:
    """The active members (or only the managers, as in `user_list_company_managers`) of every company with a
    live lease, of a unit in the building when one is named: the tenants a group message goes to."""
    tenants = Lease.objects.filter(status__in=LEASE_LIVE_STATUSES)
    if building_id is not None:
        tenants = tenants.filter(unit__floor__building_id=building_id)
    memberships = TeamMembership.objects.filter(company_id__in=tenants.values("company_id"))
    if managers_only:
        memberships = memberships.filter(role__in=MANAGING_ROLES)
    return User.objects.filter(is_active=True, pk__in=memberships.values("user_id"))


def company_list_missing_report(*, year: int, half: int, started_by: dt.date) -> QuerySet[Company]:
    """Companies with a live lease that began by `started_by` (the half-year's last day) and no indicator
    report for that half-year: the tenants still to report."""
    leased = Lease.objects.filter(status__in=LEASE_LIVE_STATUSES, start_date__lte=started_by).values("company_id")
    reported = PerformanceReport.objects.filter(year=year, half=half).values("company_id")
    return Company.objects.filter(pk__in=leased).exclude(pk__in=reported).order_by("pk")


def unit_hold(unit_id: int) -> str | None:
    """What tenancy holds the unit with: a live lease occupies it; a draft lease or a pending offer keeps it offered."""
    leases = Lease.objects.filter(unit_id=unit_id)
    if leases.filter(status__in=LEASE_LIVE_STATUSES).exists():
        return UnitStatus.OCCUPIED
    if leases.filter(status=LeaseStatus.DRAFT).exists() or Offer.objects.filter(
            unit_id=unit_id, status=OfferStatus.PENDING).exists():
        return UnitStatus.OFFERED
    return None


def membership_for(*, user, company_id: int) -> TeamMembership | None:
    """The user's membership of that company, or None (views answer 404)."""
    if not user.is_authenticated:
        return None
    return TeamMembership.objects.select_related("company").filter(user=user, company_id=company_id).first()


def membership_list_for_user(*, user) -> QuerySet[TeamMembership]:
    return TeamMembership.objects.filter(user=user).select_related("company").order_by("company__name_ko")


def company_directory_list(*, query: str = "", ai_field: str = "") -> QuerySet[Company]:
    qs = Company.objects.filter(is_published=True).only(
        "id", "name_ko", "name_en", "logo", "description_ko", "description_en", "ai_field", "website", "hiring_url"
    )
    if query:
        qs = qs.filter(Q(name_ko__icontains=query) | Q(name_en__icontains=query))
    if ai_field:
        qs = qs.filter(ai_field=ai_field)
    return qs.order_by("name_ko")


def lease_list_for_company(*, company: Company) -> QuerySet[Lease]:
    return Lease.objects.filter(company=company).select_related("unit__floor__building__lessor").order_by(
        "-start_date")


@dataclass
class FloorRow:
    floor: Floor
    units: list = field(default_factory=list)


@dataclass
class BuildingMap:
    building: Building
    floors: list[FloorRow] = field(default_factory=list)
    vacancies: list[tuple] = field(default_factory=list)  # (unit type, vacant, total)


def occupancy_map(*, today: dt.date | None = None) -> list[BuildingMap]:
    """Every building's floors with their units, each unit's current (or next) lease, and vacancies
    per unit type. Four queries whatever the number of units."""
    today = today or timezone.localdate()
    current = (
        Lease.objects.filter(status__in=[LeaseStatus.DRAFT, *LEASE_LIVE_STATUSES], end_date__gte=today)
        .select_related("company").order_by("start_date")
    )
    units = Unit.objects.select_related("unit_type").prefetch_related(
        Prefetch("leases", queryset=current, to_attr="current_leases")
    ).order_by("code")
    floors = (
        Floor.objects.select_related("building").prefetch_related(Prefetch("units", queryset=units))
        .order_by("building__name_ko", "building_id", "-number")
    )
    maps: dict[int, BuildingMap] = {}
    vacant: dict[int, Counter] = {}
    total: dict[int, Counter] = {}
    types: dict[int, dict] = {}
    for floor in floors:
        bmap = maps.setdefault(floor.building_id, BuildingMap(building=floor.building))
        row = FloorRow(floor=floor)
        for unit in floor.units.all():
            unit.lease = unit.current_leases[0] if unit.current_leases else None
            row.units.append(unit)
            types.setdefault(floor.building_id, {})[unit.unit_type_id] = unit.unit_type
            total.setdefault(floor.building_id, Counter())[unit.unit_type_id] += 1
            if unit.status == UnitStatus.AVAILABLE:
                vacant.setdefault(floor.building_id, Counter())[unit.unit_type_id] += 1
        bmap.floors.append(row)
    for building_id, bmap in maps.items():
        ordered = sorted(types.get(building_id, {}).values(), key=lambda t: t.area_pyeong)
        bmap.vacancies = [
            (t, vacant.get(building_id, Counter())[t.pk], total[building_id][t.pk]) for t in ordered
        ]
    return list(maps.values())


def _slots(room: MeetingRoom, date: dt.date, bookings, company: Company) -> list[dict]:
    tz = timezone.get_current_timezone()
    building = room.floor.building
    start = dt.datetime.combine(date, building.rooms_open_from, tzinfo=tz)
    close = dt.datetime.combine(date, building.rooms_open_until, tzinfo=tz)
    now = timezone.now()
    slots = []
    while start + SLOT <= close:
        end = start + SLOT
        booking = next((b for b in bookings if b.starts_at < end and b.ends_at > start), None)
        own = booking is not None and booking.company_id == company.pk
        slots.append({"start": start, "end": end, "booking": booking if own else None,
                      "taken": booking is not None, "own": own, "past": start <= now})
        start = end
    return slots


@dataclass
class WeekDay:
    date: dt.date
    slots: list = field(default_factory=list)


def room_week(*, room: MeetingRoom, monday: dt.date, company: Company) -> list[WeekDay]:
    """One room's slots for seven days from `monday`, in one query of bookings."""
    tz = timezone.get_current_timezone()
    week_start = dt.datetime.combine(monday, dt.time(0, 0), tzinfo=tz)
    bookings = list(Booking.objects.filter(
        room=room, cancelled_at__isnull=True, starts_at__lt=week_start + dt.timedelta(days=7), ends_at__gt=week_start
    ).only("id", "room_id", "company_id", "starts_at", "ends_at", "purpose"))
    days = [monday + dt.timedelta(days=n) for n in range(7)]
    return [WeekDay(date=day, slots=_slots(room, day, bookings, company)) for day in days]


@dataclass
class RoomFreeTimes:
    """One room's day: the slots still free to book, and the times already booked (merged into periods)."""

    room: MeetingRoom
    date: dt.date
    free: list = field(default_factory=list)  # slot dicts (start, end)
    booked: list = field(default_factory=list)  # dicts: start, end, own (bool), purpose (own bookings only)
    started: int = 0  # slots of the day that have started


def room_free_times(*, room: MeetingRoom, date: dt.date, company: Company) -> RoomFreeTimes:
    """The free slots of one room on one day, in one query of bookings; others' bookings show as booked
    without saying who holds them."""
    tz = timezone.get_current_timezone()
    day_start = dt.datetime.combine(date, dt.time(0, 0), tzinfo=tz)
    bookings = list(Booking.objects.filter(
        room=room, cancelled_at__isnull=True, starts_at__lt=day_start + dt.timedelta(days=1), ends_at__gt=day_start
    ).only("id", "room_id", "company_id", "starts_at", "ends_at", "purpose").order_by("starts_at"))
    day = RoomFreeTimes(room=room, date=date)
    for slot in _slots(room, date, bookings, company):
        if slot["taken"]:
            continue
        if slot["past"]:
            day.started += 1
        else:
            day.free.append(slot)
    for booking in bookings:
        own = booking.company_id == company.pk
        day.booked.append({"start": booking.starts_at, "end": booking.ends_at, "own": own,
                           "purpose": booking.purpose if own else ""})
    return day


def booking_list_upcoming(*, company: Company) -> QuerySet[Booking]:
    return Booking.objects.filter(
        company=company, cancelled_at__isnull=True, ends_at__gte=timezone.now()
    ).select_related("room__floor").order_by("starts_at")


def performance_totals_by_half() -> QuerySet:
    """Totals of every indicator per half-year, oldest first (for the admin chart and the CSV export)."""
    return (
        PerformanceReport.objects.values("year", "half")
        .annotate(
            companies=Count("company", distinct=True), employees=Sum("employees"),
            foreign_employees=Sum("foreign_employees"), revenue=Sum("revenue"), investment=Sum("investment"),
            patents_filed=Sum("patents_filed"), patents_granted=Sum("patents_granted"),
        )
        .order_by("year", "half")
    )
