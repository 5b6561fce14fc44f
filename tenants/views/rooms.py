"""Meeting rooms: the day view and booking form, the week view of a room, cancelling."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.db.models import Max, Min
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.exceptions import DomainError
from portal.params import query_date, query_int, query_text
from premises.models import Building, MeetingRoom

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
    company = membership.company
    date = query_date(request, "date", default=timezone.localdate())
    floor = query_int(request, "floor", minimum=-5, maximum=200)
    room_qs = MeetingRoom.objects.filter(is_bookable=True).order_by("floor__number", "name_ko")
    if floor is not None:
        room_qs = room_qs.filter(floor__number=floor)
    hours = Building.objects.filter(floors__meeting_rooms__is_bookable=True).aggregate(
        opens=Min("rooms_open_from"), closes=Max("rooms_open_until"))
    initial = {"date": date, "start": "10:00"}
    if date <= timezone.localdate():
        initial["date"], initial["start"] = _next_slot(hours["opens"], hours["closes"])
    for key in ("room", "start"):
        if query_text(request, key, max_length=20):
            initial[key] = query_text(request, key, max_length=20)
    form = BookingForm(request.POST or None, rooms=MeetingRoom.objects.filter(is_bookable=True).order_by(
        "floor__number", "name_ko"), initial=initial, opens=hours["opens"], closes=hours["closes"])
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
            messages.success(request, _("Booked: %(room)s, %(start)s–%(end)s.") % {
                "room": data["room"].name, "start": timezone.localtime(data["starts_at"]).strftime("%Y-%m-%d %H:%M"),
                "end": timezone.localtime(data["ends_at"]).strftime("%H:%M")})
            return redirect(f"{reverse('tenants:rooms', args=[company.pk])}?date={data['date']:%Y-%m-%d}")
    if getattr(form, "cleaned_data", {}).get("date"):
        # A refused booking: show the day being booked, with the booking that is in the way.
        date = form.cleaned_data["date"]
    return render(request, "tenants/rooms.html", {
        "membership": membership, "company": company, "date": date, "form": form,
        "days": selectors.room_day(rooms=room_qs, date=date, company=company),
        "previous_day": date - dt.timedelta(days=1), "next_day": date + dt.timedelta(days=1),
        "bookings": selectors.booking_list_upcoming(company=company),
        "hours_used": company_hours_booked(company=company, moment=timezone.make_aware(
            dt.datetime.combine(date, dt.time(12, 0)))),
        "floors": sorted(set(MeetingRoom.objects.filter(is_bookable=True).values_list("floor__number", flat=True))),
        "selected_floor": floor,
    })


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
            f"?date={timezone.localtime(booking.starts_at):%Y-%m-%d}")
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
