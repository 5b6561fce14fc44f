"""Meeting-room bookings: whole 30-minute slots within opening hours, the monthly quota, no overlaps."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from portal.exceptions import DomainError, PermissionRefused
from portal.formatting import format_month
from premises.models import MeetingRoom

from ..models import LEASE_LIVE_STATUSES, Booking, Company, Lease, TeamMembership

SLOT = dt.timedelta(minutes=30)
DEADLOCK_DETECTED = "40P01"


def is_exclusion_conflict(exc: Exception, constraint: str) -> bool:
    """The database refused a row that overlaps another: an exclusion violation, or a deadlock abort
    when two transactions inserted overlapping rows at the same moment and each waited for the other."""
    cause = exc.__cause__
    if getattr(cause, "pgcode", None) == DEADLOCK_DETECTED:
        return True
    return isinstance(exc, IntegrityError) and constraint in str(exc)


def _taken_error() -> DomainError:
    return DomainError(_("This room is already booked for part of that time. Choose another slot."), code="taken")


def month_bounds(moment: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The calendar month (Asia/Seoul) around a moment, as aware datetimes."""
    local = timezone.localtime(moment)
    first = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, timezone.make_aware(following.replace(tzinfo=None))


def company_hours_booked(*, company: Company, moment: dt.datetime) -> Decimal:
    start, end = month_bounds(moment)
    total = Booking.objects.filter(
        company=company, cancelled_at__isnull=True, starts_at__gte=start, starts_at__lt=end
    ).aggregate(total=Sum(F("ends_at") - F("starts_at")))["total"]
    return Decimal(total.total_seconds()) / 3600 if total else Decimal(0)


def _check_slot(room: MeetingRoom, starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise ValueError("bookings take aware datetimes")
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if end <= start:
        raise DomainError(_("The booking must end after it starts."), code="slot")
    aligned = all(t.minute % 30 == 0 and t.second == 0 and t.microsecond == 0 for t in (start, end))
    if not aligned:
        raise DomainError(_("Bookings start and end on the hour or the half hour."), code="slot")
    if start.date() != end.date() and end.time() != dt.time(0, 0):
        raise DomainError(_("A booking must start and end on the same day."), code="slot")
    building = room.floor.building
    end_time = dt.time(23, 59, 59) if end.time() == dt.time(0, 0) else end.time()
    if start.time() < building.rooms_open_from or end_time > building.rooms_open_until:
        raise DomainError(
            _("Meeting rooms can be booked between %(open)s and %(close)s.")
            % {"open": f"{building.rooms_open_from:%H:%M}", "close": f"{building.rooms_open_until:%H:%M}"},
            code="hours",
        )
    if starts_at < timezone.now():
        raise DomainError(_("This time has already passed."), code="past")


@transaction.atomic
def booking_create(
    *, room: MeetingRoom, company: Company, actor: User, starts_at: dt.datetime, ends_at: dt.datetime,
    purpose: str = "",
) -> Booking:
    """Book a room for a company. The company row is locked while its monthly quota is checked;
    the exclusion constraint refuses a slot taken at the same moment by anyone else."""
    if not TeamMembership.objects.filter(company=company, user=actor).exists():
        raise PermissionRefused(_("Only members of the company can book for it."))
    company = Company.objects.select_for_update().get(pk=company.pk)
    room = MeetingRoom.objects.select_related("floor__building").get(pk=room.pk)
    if not room.is_bookable:
        raise DomainError(_("This room cannot be booked at the moment."), code="closed")
    if not Lease.objects.filter(company=company, status__in=LEASE_LIVE_STATUSES).exists():
        raise DomainError(_("Only companies with a current lease can book meeting rooms."), code="no_lease")
    _check_slot(room, starts_at, ends_at)
    hours = Decimal((ends_at - starts_at).total_seconds()) / 3600
    used = company_hours_booked(company=company, moment=starts_at)
    if used + hours > company.room_quota_hours:
        raise DomainError(
            _("This booking would exceed your monthly quota of %(quota)s hours (%(used)s hours already booked "
              "in %(month)s).") % {
                "quota": company.room_quota_hours, "used": f"{used.normalize():f}",
                "month": format_month(timezone.localdate(starts_at)),
            },
            code="quota",
        )
    if Booking.objects.filter(
        room=room, cancelled_at__isnull=True, starts_at__lt=ends_at, ends_at__gt=starts_at
    ).exists():
        raise _taken_error()
    booking = Booking(
        room=room, company=company, booked_by=actor, starts_at=starts_at, ends_at=ends_at, purpose=purpose.strip()
    )
    try:
        with transaction.atomic():
            booking.save()
    except (IntegrityError, OperationalError) as exc:
        if is_exclusion_conflict(exc, "booking_no_overlap_per_room"):
            raise _taken_error()
        raise
    return booking


@transaction.atomic
def booking_cancel(*, booking: Booking, actor: User) -> Booking:
    """Members of the company cancel its bookings; district staff may cancel any (e.g. for maintenance)."""
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    member = TeamMembership.objects.filter(company_id=booking.company_id, user=actor).exists()
    if not member and not actor.is_district_staff:
        raise PermissionRefused(_("Only members of the company can cancel its bookings."))
    if booking.cancelled_at is not None:
        raise DomainError(_("This booking is already cancelled."), code="cancelled")
    if booking.starts_at <= timezone.now():
        raise DomainError(_("A booking that has started can no longer be cancelled."), code="started")
    booking.cancelled_at = timezone.now()
    booking.cancelled_by = actor
    booking.save(update_fields=["cancelled_at", "cancelled_by", "updated_at"])
    return booking
