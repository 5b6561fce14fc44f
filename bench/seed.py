"""Fast bulk seeders that grow the bench database to a given size (each only adds what is missing)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

FLOORS_PER_BUILDING = 50
UNITS_PER_FLOOR = 100
BATCH = 5_000


@transaction.atomic
def seed_extra_units(total: int) -> int:
    """Office units beyond the real center, in buildings of a separate bench site. Returns their number."""
    from premises.demo import seed_premises
    from premises.models import M2_PER_PYEONG, Building, Floor, Site, Unit, UnitType

    seed_premises()
    site, _ = Site.objects.get_or_create(
        slug="bench-zone", defaults={"name_ko": "벤치마크 구역", "name_en": "Bench zone"}
    )
    existing = Unit.objects.filter(floor__building__site=site).count()
    types = list(UnitType.objects.order_by("code"))
    per_building = FLOORS_PER_BUILDING * UNITS_PER_FLOOR
    new_units = []
    for index in range(existing, total):
        building_no, rest = divmod(index, per_building)
        floor_no, unit_no = divmod(rest, UNITS_PER_FLOOR)
        if rest == 0 or index == existing:
            building, _ = Building.objects.get_or_create(
                site=site, name_ko=f"벤치마크 {building_no + 1}동",
                defaults={"address_ko": "서울특별시 서초구 태봉로 114", "floors_above_ground": FLOORS_PER_BUILDING},
            )
            Floor.objects.bulk_create(
                [Floor(building=building, number=n) for n in range(1, FLOORS_PER_BUILDING + 1)],
                ignore_conflicts=True,
            )
            floors = {floor.number: floor for floor in Floor.objects.filter(building=building)}
        unit_type = types[index % len(types)]
        new_units.append(Unit(
            floor=floors[floor_no + 1], code=f"{floor_no + 1}F-{unit_no + 1:03d}", unit_type=unit_type,
            area_m2=(unit_type.area_pyeong * M2_PER_PYEONG).quantize(Decimal("0.01")), seats=unit_type.seats_max,
        ))
        if len(new_units) >= BATCH:
            Unit.objects.bulk_create(new_units)
            new_units = []
    Unit.objects.bulk_create(new_units)
    return max(existing, total)


@transaction.atomic
def seed_notifications(total: int, *, user) -> int:
    """`total` notifications in all; `user` holds a tenth of them (at least one), half of those unread."""
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX

    from accounts.models import User
    from notifications.models import EmailStatus, Notification

    unusable = UNUSABLE_PASSWORD_PREFIX + "bench"  # nobody can log in as these users
    now = timezone.now()
    others_count = total // 100 + 1
    others = list(User.objects.filter(email__startswith="bench-user-").order_by("pk")[:others_count])
    if len(others) < others_count:
        User.objects.bulk_create(
            [User(email=f"bench-user-{n}@bench.yangjae-ai.kr", name=f"벤치 {n}", password=unusable)
             for n in range(len(others), others_count)],
            ignore_conflicts=True,
        )
        others = list(User.objects.filter(email__startswith="bench-user-").order_by("pk")[:others_count])
    mine_target = max(1, total // 10)
    mine = Notification.objects.filter(recipient=user).count()
    existing = Notification.objects.count()
    rows = []

    def notice(recipient, n, read):
        return Notification(
            recipient=recipient, email=recipient.email, language="ko", template="portal/test_message",
            title=f"벤치마크 알림 {n}", email_status=EmailStatus.SENT, email_sent_at=now,
            read_at=now if read else None,
        )

    for n in range(mine, mine_target):
        rows.append(notice(user, n, read=n % 2 == 0))
    for n in range(existing + len(rows), total):
        rows.append(notice(others[n % len(others)], n, read=n % 3 != 0))
    for start in range(0, len(rows), BATCH):
        Notification.objects.bulk_create(rows[start:start + BATCH])
    return Notification.objects.count()


def analyze() -> None:
    """Refresh the planner's statistics after bulk loading, as autovacuum does on a live database."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
