"""Building settings that leases and billing take as defaults, and the meeting rooms."""

from decimal import Decimal

from django.conf import settings

from premises.models import Building, MeetingRoom
from tests.factories import BuildingFactory, MeetingRoomFactory


def test_rent_is_the_market_rate_less_the_discount_in_whole_won(db):
    building = BuildingFactory(market_rent_per_pyeong=123_457, rent_discount_percent=80)
    assert building.rent_per_pyeong == 24_691  # 24,691.4 rounded to the won
    building.rent_discount_percent = 0
    assert building.rent_per_pyeong == 123_457


def test_buildings_default_to_the_centers_figures(db):
    building = BuildingFactory()
    assert building.invoice_due_day == 25
    assert building.rent_per_pyeong * 5 == building.market_rent_per_pyeong
    assert (building.rooms_open_from.hour, building.rooms_open_until.hour) == (8, 22)


def test_staff_change_the_rates_in_the_admin_and_bad_values_are_explained(staff_client):
    building = BuildingFactory()
    url = f"/admin/premises/building/{building.pk}/change/"
    data = {
        "site": building.site_id, "name_ko": building.name_ko, "address_ko": building.address_ko,
        "floors_above_ground": 9, "market_rent_per_pyeong": 110_000, "rent_discount_percent": 80,
        "management_fee_per_pyeong": 14_000, "deposit_months": 6, "invoice_due_day": 31,
        "rooms_open_from": "09:00", "rooms_open_until": "21:00", "lessor": building.lessor_id,
    }
    response = staff_client.post(url, data)
    assert response.status_code == 200  # 31 is past the 28th
    assert "110000" in response.content.decode()
    response = staff_client.post(url, {**data, "invoice_due_day": 25})
    assert response.status_code == 302
    building = Building.objects.get(pk=building.pk)
    assert (building.rent_per_pyeong, building.deposit_months) == (22_000, 6)


def test_meeting_rooms_are_listed_in_the_admin(staff_client):
    room = MeetingRoomFactory(name_ko="회의실 테스트", capacity=12)
    html = staff_client.get("/admin/premises/meetingroom/").content.decode()
    assert "회의실 테스트" in html
    assert MeetingRoom.objects.get(pk=room.pk).building == room.floor.building
    assert room.floor.building.rooms_open_until > room.floor.building.rooms_open_from
    assert Decimal(room.capacity) == 12


def test_the_building_list_shows_rates_with_thousands_separators(staff_client):
    BuildingFactory(market_rent_per_pyeong=120_000, management_fee_per_pyeong=15_000, rent_discount_percent=80)
    for language in ["ko", "en"]:
        staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        html = staff_client.get("/admin/premises/building/").content.decode()
        assert "120,000" in html and "15,000" in html, language
        assert "120000" not in html and "15000" not in html, language
