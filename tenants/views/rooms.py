"""Meeting rooms: the day and room chosen first, its free times and the booking form, the week view of a
room, cancelling."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.exceptions import DomainError
from portal.formatting import format_kst_range
from portal.params import query_date, query_text
from premises.models import MeetingRoom

from .. import selectors, services
from ..forms import (
    BookingForm,
)
from ..models import (
    Booking,
)
from ..services.bookings import company_hours_booked
from .access import member_required


def _next_slot(opens: dt.time | None, closes: dt.time | None) -> tuple[dt.date, str]:
    """The day and start time of the first 30-minute slot that has not started yet, within opening hours."""
    now = timezone.localtime()
    opens = opens or dt.time(0, 0)
    minutes = max((now.hour * 60 + now.minute) // 30 * 30 + 30, opens.hour * 60 + opens.minute)
    closing = closes.hour * 60 + closes.minute if closes else 24 * 60
    if minutes + 30 > closing:
        return now.date() + dt.timedelta(days=1), f"{opens:%H:%M}"
    return now.date(), f"{minutes // 60:02d}:{minutes % 60:02d}"


@member_required()
def rooms(request, membership):
    """Choose the day and the room first; then that room's free times of the day, each a link that fills
    the booking form below. The company's own upcoming bookings come first, each with its cancel page."""
    company = membership.company
    date = query_date(request, "date", default=timezone.localdate())
    all_rooms = list(MeetingRoom.objects.filter(is_bookable=True).select_related("floor__building")
                     .order_by("floor__number", "name_ko"))
    room = _chosen_room(all_rooms, request.POST.get("room") if request.method == "POST" else
                        query_text(request, "room", max_length=20))
    building = room.floor.building if room else None
    opens = building.rooms_open_from if building else min((r.floor.building.rooms_open_from for r in all_rooms),
                                                              default=None)
    closes = building.rooms_open_until if building else max((r.floor.building.rooms_open_until for r in all_rooms),
                                                                default=None)
    first_day, first_start = _next_slot(opens, closes)
    if "date" not in request.GET and date < first_day:  # today's last slot has started: tomorrow
        date = first_day
    initial = {"date": date, "start": query_text(request, "start", max_length=20)
               or (first_start if date == first_day else "10:00"), "room": room.pk if room else None}
    form = BookingForm(request.POST or None, rooms=MeetingRoom.objects.filter(is_bookable=True), initial=initial,
                       opens=opens, closes=closes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.booking_create(
                room=data["room"], company=company, actor=request.user, starts_at=data["starts_at"],
                ends_at=data["ends_at"], purpose=data["purpose"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Booked: %(room)s, %(time)s.") % {
                "room": data["room"].name, "time": format_kst_range(data["starts_at"], data["ends_at"])})
            return redirect(f"{reverse('tenants:rooms', args=[company.pk])}"
                            f"?date={data['date']:%Y-%m-%d}&room={data['room'].pk}")
    if getattr(form, "cleaned_data", {}).get("date"):
        # A refused booking: show the day being booked, with the booking that is in the way.
        date = form.cleaned_data["date"]
    day = selectors.room_free_times(room=room, date=date, company=company) if room else None
    return render(request, "tenants/rooms.html", {
        "membership": membership, "company": company, "date": date, "form": form, "room": room, "day": day,
        "rooms_by_floor": _by_floor(all_rooms),
        "previous_day": date - dt.timedelta(days=1), "next_day": date + dt.timedelta(days=1),
        "bookings": selectors.booking_list_upcoming(company=company),
        "hours_used": company_hours_booked(company=company, moment=timezone.make_aware(
            dt.datetime.combine(date, dt.time(12, 0)))),
    })


def _chosen_room(rooms: list[MeetingRoom], value) -> MeetingRoom | None:
    try:
        room_id = int(value)
    except (TypeError, ValueError):
        return None
    return next((room for room in rooms if room.pk == room_id), None)


def _by_floor(rooms: list[MeetingRoom]) -> list[tuple[int, list[MeetingRoom]]]:
    """The rooms grouped by floor, for the chooser's option groups."""
    groups: dict[int, list[MeetingRoom]] = {}
    for room in rooms:
        groups.setdefault(room.floor.number, []).append(room)
    return list(groups.items())


@member_required()
def room_week(request, membership, room_id: int):
    company = membership.company
    room = get_object_or_404(MeetingRoom.objects.select_related("floor__building"), pk=room_id, is_bookable=True)
    date = query_date(request, "date", default=timezone.localdate())
    monday = date - dt.timedelta(days=date.weekday())
    days = selectors.room_week(room=room, monday=monday, company=company)
    return render(request, "tenants/room_week.html", {
        "membership": membership, "company": company, "room": room, "days": days, "monday": monday,
        "previous_week": monday - dt.timedelta(days=7), "next_week": monday + dt.timedelta(days=7),
        "times": [slot["start"] for slot in days[0].slots],
        "rows": [[day.slots[i] for day in days] for i in range(len(days[0].slots))],
    })


@require_http_methods(["GET", "POST"])
@member_required()
def booking_cancel(request, membership, booking_id: int):
    """GET asks for confirmation; only the POST of that page cancels."""
    booking = get_object_or_404(Booking.objects.select_related("room"), pk=booking_id,
                                company_id=membership.company_id)
    back = (f"{reverse('tenants:rooms', args=[membership.company_id])}"
            f"?date={timezone.localtime(booking.starts_at):%Y-%m-%d}&room={booking.room_id}")
    if request.method == "POST":
        try:
            services.booking_cancel(booking=booking, actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The booking is cancelled."))
        return redirect(back)
    return render(request, "tenants/booking_cancel.html", {
        "membership": membership, "company": membership.company, "booking": booking, "back": back,
        "cancelled": booking.cancelled_at is not None, "started": booking.starts_at <= timezone.now(),
    })
