"""Demo data of the premises: the real center, 9 floors, 40 units of 28/33/36/56 pyeong, 36 meeting rooms
and the conference hall."""

from decimal import Decimal

from .models import M2_PER_PYEONG, Building, Floor, Lessor, MeetingRoom, MeetingRoomKind, Site, Unit, UnitType

UNIT_TYPES = [
    # code, pyeong, seats from, seats up to, number of units
    ("28", Decimal("28"), 20, 24, 12),
    ("33", Decimal("33"), 24, 28, 12),
    ("36", Decimal("36"), 28, 32, 10),
    ("56", Decimal("56"), 36, 42, 6),
]


def seed_lessor() -> Lessor:
    """The district as lessor; the registration number is a made-up one with a valid check digit."""
    lessor, _ = Lessor.objects.get_or_create(
        name="서울특별시 서초구",
        defaults={
            "business_registration_number": "214-83-00015",
            "representative": "서울특별시 서초구청장",
            "address": "서울특별시 서초구 남부순환로 2584",
            "business_type": "부동산업",
            "business_item": "비주거용 건물 임대업",
            "department": "서초구청 AI산업과",
            "phone": "02-2155-6114",
            "email": "aicenter@seocho.go.kr",
            "bank_name": "우리은행",
            "bank_account_number": "1005-804-114114",
            "bank_account_holder": "서울특별시 서초구청",
        },
    )
    return lessor


def seed_premises() -> Building:
    site, _ = Site.objects.get_or_create(
        slug="yangjae-ai-special-zone",
        defaults={
            "name_ko": "양재 AI 미래융합혁신특구",
            "name_en": "Yangjae AI Future Convergence Innovation Special Zone",
        },
    )
    building, _ = Building.objects.get_or_create(
        site=site, name_ko="서초AICT 우수기업센터",
        defaults={
            "name_en": "Seocho AICT Excellent Company Center",
            "address_ko": "서울특별시 서초구 태봉로 114",
            "address_en": "114 Taebong-ro, Seocho-gu, Seoul",
            "floors_above_ground": 9,
            "market_rent_per_pyeong": 120_000,
            "rent_discount_percent": 80,
            "management_fee_per_pyeong": 15_000,
            "deposit_months": 3,
            "invoice_due_day": 25,
            "lessor": seed_lessor(),
        },
    )
    types = {}
    for code, pyeong, seats_min, seats_max, _count in UNIT_TYPES:
        types[code], _ = UnitType.objects.get_or_create(
            code=code, defaults={"area_pyeong": pyeong, "seats_min": seats_min, "seats_max": seats_max}
        )
    floors = {n: Floor.objects.get_or_create(building=building, number=n)[0] for n in range(1, 10)}
    # Floors 2-9 hold five units each; the ground floor has the lobby, canteen and lounge.
    sequence = [code for code, *_rest, count in UNIT_TYPES for _ in range(count)]
    for index, code in enumerate(sequence):
        floor_number = 2 + index // 5
        unit_type = types[code]
        Unit.objects.get_or_create(
            floor=floors[floor_number], code=f"{floor_number}F-{index % 5 + 1:02d}",
            defaults={
                "unit_type": unit_type,
                "area_m2": (unit_type.area_pyeong * M2_PER_PYEONG).quantize(Decimal("0.01")),
                "seats": unit_type.seats_max,
            },
        )
    seed_meeting_rooms(floors)
    return building


# Meeting rooms per floor: the ground floor holds the conference hall and four rooms, floors 2-9 four each.
ROOM_CAPACITIES = [4, 6, 8, 12]


def seed_meeting_rooms(floors: dict[int, Floor]) -> None:
    MeetingRoom.objects.get_or_create(
        floor=floors[1], name_ko="컨퍼런스홀",
        defaults={"name_en": "Conference hall", "kind": MeetingRoomKind.CONFERENCE_HALL, "capacity": 120},
    )
    for number in range(1, 10):
        for index, capacity in enumerate(ROOM_CAPACITIES, start=1):
            MeetingRoom.objects.get_or_create(
                floor=floors[number], name_ko=f"회의실 {number}-{index}",
                defaults={"name_en": f"Meeting room {number}-{index}", "capacity": capacity},
            )
