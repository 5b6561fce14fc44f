"""Meeting-room bookings: 30-minute slots in opening hours, the monthly quota, no overlaps (also under
concurrency), cancelling, and the rooms page: the day and room chosen first, then its free times."""

import datetime as dt
import re

import psycopg2
import pytest
from django.utils import timezone, translation

from portal.exceptions import DomainError
from portal.formatting import format_kst, format_kst_date, format_kst_range, format_month
from tenants import services
from tenants.models import Booking
from tests.factories import LeaseFactory, MeetingRoomFactory, MembershipFactory
from tests.tenants.concurrency import run_concurrently


def en(write, *values) -> str:
    """A value written by the formatting rule as an English page shows it."""
    with translation.override("en"):
        return write(*values)

def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def tenant(**company):
    membership = MembershipFactory(role="owner", **company)
    LeaseFactory(company=membership.company, status="active")
    return membership


@pytest.fixture
def day():
    return timezone.localdate() + dt.timedelta(days=1)


@pytest.fixture
def room(db):
    return MeetingRoomFactory()


def book(member, room, start, end, **extra):
    return services.booking_create(room=room, company=member.company, actor=member.user, starts_at=start,
                                   ends_at=end, **extra)


def test_a_tenant_books_whole_slots(room, day):
    member = tenant()
    booking = book(member, room, at(day, 10), at(day, 11, 30), purpose="주간 회의")
    assert booking.hours == 1.5


@pytest.mark.parametrize(("start", "end", "code"), [
    ((10, 15), (11, 0), "slot"),
    ((10, 0), (10, 0), "slot"),
    ((7, 30), (8, 30), "hours"),
    ((21, 30), (22, 30), "hours"),
])
def test_bad_slots_are_refused_with_a_reason(room, day, start, end, code):
    member = tenant()
    with pytest.raises(DomainError) as excinfo:
        book(member, room, at(day, *start), at(day, *end))
    assert excinfo.value.code == code


def test_the_past_cannot_be_booked(room):
    member = tenant()
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    with pytest.raises(DomainError) as excinfo:
        book(member, room, at(yesterday, 10), at(yesterday, 11))
    assert excinfo.value.code == "past"


def test_a_company_without_a_lease_cannot_book(room, day):
    member = MembershipFactory(role="owner")
    with pytest.raises(DomainError) as excinfo:
        book(member, room, at(day, 10), at(day, 11))
    assert excinfo.value.code == "no_lease"


def test_overlapping_bookings_are_refused_but_back_to_back_is_fine(room, day):
    a, b = tenant(), tenant()
    book(a, room, at(day, 10), at(day, 11))
    with pytest.raises(DomainError) as excinfo:
        book(b, room, at(day, 10, 30), at(day, 11, 30))
    assert excinfo.value.code == "taken"
    book(b, room, at(day, 11), at(day, 12))
    book(b, MeetingRoomFactory(), at(day, 10), at(day, 11))  # another room


def test_the_monthly_quota_is_enforced_with_a_clear_message(room):
    member = tenant(company__room_quota_hours=3)
    first = timezone.localdate().replace(day=1)
    month_day = first + dt.timedelta(days=40)  # next month: wholly in the future
    month_day = month_day.replace(day=10)
    book(member, room, at(month_day, 9), at(month_day, 11))
    with pytest.raises(DomainError) as excinfo:
        book(member, room, at(month_day, 13), at(month_day, 14, 30))
    assert excinfo.value.code == "quota"
    assert "3" in excinfo.value.message
    book(member, room, at(month_day, 13), at(month_day, 14))  # exactly the quota
    # The next month starts afresh.
    following = (month_day.replace(day=1) + dt.timedelta(days=32)).replace(day=3)
    book(member, room, at(following, 9), at(following, 11))


def test_a_cancelled_booking_frees_the_slot_and_the_quota(room, day):
    a, b = tenant(company__room_quota_hours=1), tenant()
    booking = book(a, room, at(day, 10), at(day, 11))
    services.booking_cancel(booking=booking, actor=a.user)
    book(b, room, at(day, 10), at(day, 11))
    book(a, MeetingRoomFactory(), at(day, 10), at(day, 11))


def test_only_the_companys_members_cancel(room, day):
    a, b = tenant(), tenant()
    booking = book(a, room, at(day, 10), at(day, 11))
    with pytest.raises(DomainError):
        services.booking_cancel(booking=booking, actor=b.user)
    assert Booking.objects.get(pk=booking.pk).cancelled_at is None


def test_two_companies_booking_one_slot_at_once_one_wins(transactional_db, day):
    room = MeetingRoomFactory()
    a, b = tenant(), tenant()
    results = run_concurrently(
        lambda: book(a, room, at(day, 14), at(day, 15)).pk,
        lambda: book(b, room, at(day, 14, 30), at(day, 15, 30)).pk,
    )
    assert sorted(kind for kind, _ in results) == ["error", "ok"]
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, DomainError) and error.code == "taken"
    assert Booking.objects.filter(room=room, cancelled_at__isnull=True).count() == 1


def test_two_raw_connections_booking_one_slot_one_wins(transactional_db, day):
    """The exclusion constraint holds even when nothing checks before inserting."""
    from django.db import connection

    room = MeetingRoomFactory()
    a, b = tenant(), tenant()
    sql = """INSERT INTO tenants_booking (room_id, company_id, booked_by_id, starts_at, ends_at, purpose,
             created_at, updated_at) VALUES (%s, %s, NULL, %s, %s, '', now(), now())"""

    def insert(member):
        params = connection.settings_dict
        conn = psycopg2.connect(dbname=params["NAME"], user=params["USER"], host=params["HOST"],
                                port=params["PORT"] or 5432, password=params["PASSWORD"] or None)
        try:
            with conn, conn.cursor() as cursor:
                cursor.execute(sql, (room.pk, member.company_id, at(day, 9), at(day, 10)))
        finally:
            conn.close()

    results = run_concurrently(lambda: insert(a), lambda: insert(b))
    assert sorted(kind for kind, _ in results) == ["error", "ok"]
    assert Booking.objects.filter(room=room).count() == 1


def rooms_url(member, room=None, day=None, **params) -> str:
    query = {**({"date": f"{day:%Y-%m-%d}"} if day else {}), **({"room": room.pk} if room else {}), **params}
    return f"/tenants/{member.company_id}/rooms/" + ("?" + "&".join(f"{k}={v}" for k, v in query.items())
                                                      if query else "")


def test_the_page_asks_for_the_day_and_room_first(client, room, day):
    member = english(tenant())
    client.force_login(member.user)
    html = client.get(rooms_url(member, day=day)).content.decode()
    assert "Choose a day and a room to see its free times." in html
    assert 'method="post"' not in html.split('id="choose-title"')[1]  # no booking form before the choice
    assert f'<option value="{room.pk}">{room.name_en} ({room.capacity} people)</option>' in html
    assert "book " not in html  # no slot links at all


def test_the_rooms_free_times_and_its_bookings_without_who_holds_the_others(client, room, day):
    a, b = tenant(), english(tenant())
    book(a, room, at(day, 10), at(day, 11), purpose="투자 미팅")
    book(b, room, at(day, 14), at(day, 15), purpose="비밀 프로젝트")
    client.force_login(b.user)
    html = client.get(rooms_url(b, room, day)).content.decode()
    free = html.split('data-testid="free-slots"')[1].split("</ul>")[0]
    starts = re.findall(r">(\d\d:\d\d)</a>", free)
    assert starts[0] == "08:00" and starts[-1] == "21:30"
    assert not {"10:00", "10:30", "14:00", "14:30"} & set(starts) and len(starts) == 28 - 4
    booked = html.split('data-testid="booked-times"')[1].split("</ul>")[0]
    assert "10:00–11:00 · Booked" in booked and "14:00–15:00 · <strong>Yours</strong> (비밀 프로젝트)" in booked
    assert "투자 미팅" not in html and a.company.name_ko not in html
    own = html.split('data-testid="own-bookings"')[1].split("</ul>")[0]
    assert "비밀 프로젝트" in own and "Cancel the booking" in own
    assert html.index('data-testid="own-bookings"') < html.index('data-testid="room-chooser"')


def test_booking_through_the_page_keeps_input_on_refusal(client, room, day):
    a, b = tenant(), tenant()
    book(a, room, at(day, 10), at(day, 11))
    client.force_login(b.user)
    url = f"/tenants/{b.company_id}/rooms/"
    response = client.post(url, {"room": room.pk, "date": f"{day:%Y-%m-%d}", "start": "10:30", "duration": 2,
                                 "purpose": "채용 면접"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "채용 면접" in html and "이미 예약" in html
    response = client.post(url, {"room": room.pk, "date": f"{day:%Y-%m-%d}", "start": "11:00", "duration": 2,
                                 "purpose": "채용 면접"})
    assert response.status_code == 302
    assert Booking.objects.filter(company=b.company, purpose="채용 면접").count() == 1


def test_tenant_a_cannot_cancel_bs_booking_by_url(client, room, day):
    a, b = tenant(), tenant()
    booking = book(b, room, at(day, 10), at(day, 11))
    client.force_login(a.user)
    assert client.post(f"/tenants/{a.company_id}/bookings/{booking.pk}/cancel/").status_code == 404
    assert client.post(f"/tenants/{b.company_id}/bookings/{booking.pk}/cancel/").status_code == 404
    assert Booking.objects.get(pk=booking.pk).cancelled_at is None


def test_the_rooms_page_runs_the_same_number_of_queries_as_rooms_and_bookings_grow(
    client, db, day, django_assert_num_queries
):
    member = english(tenant())
    room = MeetingRoomFactory()
    client.force_login(member.user)
    url = rooms_url(member, room, day)
    client.get(url)
    with django_assert_num_queries(9):
        client.get(url)
    other = tenant()
    for hour in range(9, 15):
        extra = MeetingRoomFactory(floor=room.floor)
        book(other, extra, at(day, hour), at(day, hour + 1))
        book(other, room, at(day + dt.timedelta(days=2), hour), at(day + dt.timedelta(days=2), hour, 30))
        book(member, room, at(day, hour), at(day, hour, 30))
    with django_assert_num_queries(9):
        response = client.get(url)
    html = response.content.decode()
    assert html.count("<strong>Yours</strong>") == 6 and html.count("Cancel the booking<") == 6
    assert html.count("people)</option>") == 7  # every room in the chooser, the chosen one's day only


def test_a_free_slot_links_to_a_prefilled_form(client, room, day):
    member = tenant()
    client.force_login(member.user)
    html = client.get(rooms_url(member, room, day)).content.decode()
    assert f"room={room.pk}&amp;start=10:30#book-title" in html
    form = client.get(rooms_url(member, room, day, start="10:30"))
    assert form.context["form"].initial["start"] == "10:30"
    start_choices = [value for value, _label in form.context["form"].fields["start"].choices]
    assert start_choices[0] == "08:00" and start_choices[-1] == "21:30"
    page = form.content.decode()
    assert f'<input type="hidden" name="room" value="{room.pk}">' in page
    assert f'<input type="hidden" name="date" value="{day:%Y-%m-%d}">' in page


def test_week_view_of_a_room(client, room, day):
    a, b = tenant(), tenant()
    book(a, room, at(day, 10), at(day, 11), purpose="A사 회의")
    book(b, room, at(day, 14), at(day, 14, 30))
    client.force_login(b.user)
    url = f"/tenants/{b.company_id}/rooms/{room.pk}/week/?date={day:%Y-%m-%d}"
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count(">예약됨<") == 2 and html.count(">우리 예약<") == 1
    assert "A사 회의" not in html
    monday = day - dt.timedelta(days=day.weekday())
    assert f"{monday:%m-%d}" in html


def test_staff_cancel_bookings_in_the_admin_one_by_one(client, room, day):
    from tests.factories import StaffFactory

    member = tenant()
    upcoming = book(member, room, at(day, 10), at(day, 11))
    cancelled = book(member, room, at(day, 12), at(day, 13))
    services.booking_cancel(booking=cancelled, actor=member.user)
    client.force_login(StaffFactory())
    response = client.post("/admin/tenants/booking/", {
        "action": "cancel_selected", "_selected_action": [upcoming.pk, cancelled.pk]}, follow=True)
    html = response.content.decode()
    assert "예약을 취소했습니다" in html and "이미 취소된 예약입니다" in html
    assert Booking.objects.get(pk=upcoming.pk).cancelled_at is not None


@pytest.mark.parametrize(("language", "hour", "two_hours"), [("ko", "1시간", "2시간"), ("en", "1 h", "2 h")])
def test_the_length_of_a_booking_is_offered_in_the_users_language(client, room, day, language, hour, two_hours):
    member = tenant()
    member.user.preferred_language = language
    member.user.save(update_fields=["preferred_language"])
    client.force_login(member.user)
    response = client.get(rooms_url(member, room, day))
    lengths = [str(label) for _value, label in response.context["form"].fields["duration"].choices]
    assert lengths[1] == hour and lengths[3] == two_hours
    assert f'<option value="2" selected>{hour}</option>' in response.content.decode()


def english(member):
    member.user.preferred_language = "en"
    member.user.save(update_fields=["preferred_language"])
    return member


def test_a_refused_booking_shows_the_day_and_the_month_being_booked(client, room):
    member = english(tenant(company__room_quota_hours=2))
    december = dt.date(timezone.localdate().year, 12, 1)
    if december <= timezone.localdate():
        december = december.replace(year=december.year + 1)
    wanted = december + dt.timedelta(days=14)
    book(member, room, at(wanted, 9), at(wanted, 11), purpose="전체 회의")
    client.force_login(member.user)
    response = client.post(f"/tenants/{member.company_id}/rooms/", {
        "room": room.pk, "date": f"{wanted:%Y-%m-%d}", "start": "13:00", "duration": 2, "purpose": "채용 면접"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"exceed your monthly quota of 2 hours (2 hours already booked in Dec {december.year})" in html
    assert f"Booked in Dec {december.year}: 2 of 2 hours." in html
    assert "Booked this month" not in html
    assert f"Free times of {room.name_en} on {en(format_kst_date, wanted)}" in html
    assert "09:00–11:00 · <strong>Yours</strong> (전체 회의)" in html  # the booking in the way
    assert 'value="채용 면접"' in html and f'name="date" value="{wanted:%Y-%m-%d}"' in html


def test_the_quota_line_counts_the_month_of_the_day_shown(client, room):
    member = english(tenant(company__room_quota_hours=20))
    following = (timezone.localdate().replace(day=1) + dt.timedelta(days=32)).replace(day=10)
    book(member, room, at(following, 9), at(following, 12))
    client.force_login(member.user)
    url = f"/tenants/{member.company_id}/rooms/"
    html = client.get(f"{url}?date={following:%Y-%m-%d}").content.decode()
    assert f"Booked in {en(format_month, following)}: 3 of 20 hours." in html
    today = timezone.localdate()
    html = client.get(url).content.decode()
    assert f"Booked in {en(format_month, today)}: 0 of 20 hours." in html


@pytest.fixture
def ten_past_ten(monkeypatch):
    """The clock at 10:10 (Asia/Seoul) on a day a week ahead, which the pages then call today."""
    today = timezone.localdate() + dt.timedelta(days=7)
    moment = at(today, 10, 10)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return today


def test_slots_that_have_started_are_not_offered(client, room, ten_past_ten):
    member = english(tenant())
    client.force_login(member.user)
    response = client.get(rooms_url(member, room))
    html = response.content.decode()
    assert f"Free times of {room.name_en} on {en(format_kst_date, ten_past_ten)}" in html
    for started in ("08:00", "09:30", "10:00"):
        assert f"{started}: book {room.name_en}" not in html
        assert f"start={started}" not in html
    assert f"10:30: book {room.name_en}" in html
    assert "5 slots of this day have already started and are not offered." in html  # 08:00 to 10:00
    week = client.get(f"/tenants/{member.company_id}/rooms/{room.pk}/week/").content.decode()
    assert f"Book {room.name_en} at {en(format_kst, at(ten_past_ten, 10))}" not in week
    assert f"Book {room.name_en} at {en(format_kst, at(ten_past_ten, 10, 30))}" in week


def test_the_form_starts_at_the_next_slot_that_has_not_started(client, room, ten_past_ten):
    member = english(tenant())
    client.force_login(member.user)
    response = client.get(rooms_url(member, room))
    assert '<option value="10:30" selected>10:30</option>' in response.content.decode()
    later = client.get(rooms_url(member, room, ten_past_ten + dt.timedelta(days=1)))
    assert '<option value="10:00" selected>10:00</option>' in later.content.decode()


def test_after_the_last_slot_the_page_shows_the_next_morning(client, room, monkeypatch):
    today = timezone.localdate() + dt.timedelta(days=7)
    moment = at(today, 21, 45)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    member = english(tenant())
    client.force_login(member.user)
    html = client.get(rooms_url(member, room)).content.decode()
    tomorrow = today + dt.timedelta(days=1)
    assert f"Free times of {room.name_en} on {en(format_kst_date, tomorrow)}" in html
    assert f'name="date" value="{tomorrow:%Y-%m-%d}"' in html
    assert '<option value="08:00" selected>08:00</option>' in html
    # asked for today by name: nothing left to book
    html = client.get(rooms_url(member, room, today)).content.decode()
    assert "No free time is left on this day" in html


def test_cancelling_a_booking_asks_for_confirmation_first(client, room, day):
    member = english(tenant())
    booking = book(member, room, at(day, 10), at(day, 11), purpose="주간 회의")
    client.force_login(member.user)
    confirm_url = f"/tenants/{member.company_id}/bookings/{booking.pk}/cancel/"
    rooms_page = client.get(f"/tenants/{member.company_id}/rooms/").content.decode()
    assert f'href="{confirm_url}"' in rooms_page
    assert f'action="{confirm_url}"' not in rooms_page  # no one-tap cancel on the list
    response = client.get(confirm_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Do you really want to cancel it?" in html
    assert en(format_kst_range, at(day, 10), at(day, 11)) in html and "주간 회의" in html
    assert 'method="post"' in html and "csrfmiddlewaretoken" in html and "Yes, cancel the booking" in html
    assert f'href="/tenants/{member.company_id}/rooms/?date={day:%Y-%m-%d}&amp;room={room.pk}"' in html  # "No, keep it"
    assert Booking.objects.get(pk=booking.pk).cancelled_at is None
    response = client.post(confirm_url, follow=True)
    assert Booking.objects.get(pk=booking.pk).cancelled_at is not None
    assert "The booking is cancelled." in response.content.decode()


def test_a_booking_that_cannot_be_cancelled_says_so_on_the_confirmation_page(client, room, day):
    member = english(tenant())
    booking = book(member, room, at(day, 10), at(day, 11))
    services.booking_cancel(booking=booking, actor=member.user)
    client.force_login(member.user)
    html = client.get(f"/tenants/{member.company_id}/bookings/{booking.pk}/cancel/").content.decode()
    assert "This booking is already cancelled." in html
    assert "Yes, cancel the booking" not in html


def test_another_companys_member_cannot_open_the_cancel_confirmation(client, room, day):
    a, b = tenant(), tenant()
    booking = book(b, room, at(day, 10), at(day, 11))
    client.force_login(a.user)
    assert client.get(f"/tenants/{a.company_id}/bookings/{booking.pk}/cancel/").status_code == 404
    assert client.get(f"/tenants/{b.company_id}/bookings/{booking.pk}/cancel/").status_code == 404
