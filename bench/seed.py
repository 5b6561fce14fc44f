"""Fast bulk seeders that grow the bench database to a given size (each only adds what is missing)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

FLOORS_PER_BUILDING = 50
UNITS_PER_FLOOR = 100
BATCH = 5_000


@transaction.atomic
def seed_extra_units(total: int) -> int:
    """Office units beyond the real center, in buildings of a separate bench site. Returns their number."""
    from premises.demo import seed_lessor, seed_premises
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
                defaults={"address_ko": "서울특별시 서초구 태봉로 114", "floors_above_ground": FLOORS_PER_BUILDING,
                          "lessor": seed_lessor()},
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
    """Refresh the planner's statistics and the visibility map after bulk loading, as autovacuum does on a
    live database (it vacuums tables that received inserts, which lets counts read an index alone).
    Inside a transaction (the smoke test), where VACUUM cannot run, only ANALYZE."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")


# ---------------------------------------------------------------------------------------------
# Applications, their calls, scores and documents; tenant companies (the list pages by size)
# ---------------------------------------------------------------------------------------------

BENCH_DOMAIN = "bench.yangjae-ai.kr"
CALLS = 10  # the current call, in evaluation, and nine past calls (five years of two calls a year)
CURRENT_CALL_SIZE = 1_000  # the current call takes the first thousand applications; past calls the rest
PAST_CALL_PREFIX = "BENCH-"
CURRENT_CALL_CODE = "BENCH-0"
# Statuses in the current call, by position (three in ten in stage 1: the evaluator's worklist)
CURRENT_STATUSES = ["draft", "submitted", "eligibility_review", "stage1", "stage1", "stage1", "info_requested",
                    "ineligible", "withdrawn", "stage2"]
# Statuses in a past call, by position: decided, with a few drafts never submitted
PAST_STATUSES = ["selected", "waitlisted", *["not_selected"] * 12, "ineligible", "ineligible", "ineligible",
                 "withdrawn", "withdrawn", "draft"]
AI_FIELDS = ["vision", "language", "speech", "robotics", "healthcare", "finance", "mobility", "manufacturing",
             "data_platform", "other"]


COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
# The seeded rows can be made again, so their transactions need not wait for the disk at commit.
NO_DISK_WAIT = "SET LOCAL synchronous_commit TO OFF"


def _no_disk_wait() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(NO_DISK_WAIT)


def copy_rows(model, rows: list[dict]) -> int:
    """Insert `rows` into the model's table with PostgreSQL's COPY (tens of thousands of rows a second).

    Each row names its field values by attribute name (`call_id`); the model's defaults fill the rest,
    and timestamps set automatically by Django get the time of the call.
    """
    import io
    import json

    from django.db import connection

    if not rows:
        return 0
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and "id" not in rows[0])]
    defaults = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        elif f.has_default() or not f.null:
            defaults[f.attname] = f.get_default()
        else:
            defaults[f.attname] = None

    def text(value) -> str:  # COPY's text format; dispatched on the exact type, the common ones first
        kind = type(value)
        if kind is str:
            return value.translate(COPY_ESCAPES)
        if kind is int:
            return str(value)
        if value is None:
            return r"\N"
        if kind is bool:
            return "t" if value else "f"
        if kind is dict or kind is list:
            return json.dumps(value, ensure_ascii=False).translate(COPY_ESCAPES)
        if hasattr(value, "isoformat"):
            return value.isoformat()
        return str(value).translate(COPY_ESCAPES)

    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(text(row.get(f.attname, defaults[f.attname])) for f in fields))
        buffer.write("\n")
    buffer.seek(0)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(f"COPY {model._meta.db_table} ({columns}) FROM STDIN", buffer)
    return len(rows)


def next_ids(model, count: int) -> list[int]:
    """Take `count` ids from the table's identity sequence, so rows copied in can refer to each other."""
    from django.db import connection

    if count <= 0:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _bench_user(email: str, name: str, role=None):
    from accounts.models import User
    from accounts.services import user_create

    user = User.objects.filter(email=email).first()
    if user is None:
        user = user_create(email=email, password=None, name=name, role=role, email_verified_at=timezone.now())
    return user


@dataclass
class ListPeople:
    """Who opens the list pages: staff, the evaluator, an applicant; the committee scoring with the evaluator."""

    staff: object
    evaluator: object
    applicant: object
    committee: list


def _list_people() -> ListPeople:
    from accounts.roles import Role
    from applications.models import ProgrammeStaff

    staff = _bench_user(f"bench-staff@{BENCH_DOMAIN}", "벤치 주무관", Role.DISTRICT_STAFF)
    ProgrammeStaff.objects.get_or_create(user=staff, programme=None)  # the official works on every programme
    return ListPeople(
        staff=staff,
        evaluator=_bench_user(f"bench-evaluator@{BENCH_DOMAIN}", "벤치 평가위원", Role.EVALUATOR),
        applicant=_bench_user(f"bench-applicant@{BENCH_DOMAIN}", "벤치 지원자", Role.APPLICANT),
        committee=[_bench_user(f"bench-committee-{n}@{BENCH_DOMAIN}", f"벤치 위원 {n}", Role.EVALUATOR)
                   for n in range(3)],
    )


def _bench_calls(people: ListPeople) -> list:
    """The ten calls (index 0 is the current one), each with the usual documents and criteria; the
    evaluator and the committee sit on stage 1 of every call, the committee on stage 2 as well."""
    import datetime as dt

    from applications.models import Call, programme_tenancy
    from applications.services import call_add_defaults
    from evaluations.models import Assignment
    from premises.demo import seed_premises

    building = seed_premises()
    now = timezone.now()
    calls = []
    for index in range(CALLS):
        opens = now - dt.timedelta(days=40 + 182 * index)
        call, created = Call.objects.get_or_create(code=f"{PAST_CALL_PREFIX}{index}", defaults={
            "programme": programme_tenancy(), "title_ko": f"벤치마크 모집공고 {index}",
            "title_en": f"Bench call {index}", "building": building,
            "opens_at": opens, "closes_at": opens + dt.timedelta(days=30),
            "results_released_at": None if index == 0 else opens + dt.timedelta(days=90),
        })
        if created:
            call_add_defaults(call=call)
            rows = [Assignment(evaluator=person, call=call, stage=1, assigned_by=people.staff)
                    for person in [people.evaluator, *people.committee]]
            rows += [Assignment(evaluator=person, call=call, stage=2, assigned_by=people.staff)
                     for person in people.committee]
            Assignment.objects.bulk_create(rows, ignore_conflicts=True)
        calls.append(call)
    return calls


def _pool_users(count: int) -> list[int]:
    """Ids of the applicants who fill the calls (one application per call each), created as needed."""
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX

    from accounts.models import User

    ids = list(User.objects.filter(email__startswith="bench-pool-").order_by("pk").values_list("pk", flat=True))
    if len(ids) < count:
        new_ids = next_ids(User, count - len(ids))
        now = timezone.now()
        copy_rows(User, [
            {"id": pk, "email": f"bench-pool-{n}@{BENCH_DOMAIN}", "name": f"벤치 지원자 {n}",
             "password": UNUSABLE_PASSWORD_PREFIX + "bench", "date_joined": now, "email_verified_at": now}
            for n, pk in zip(range(len(ids), count), new_ids, strict=True)
        ])
        ids += new_ids
    return ids[:count]


def _application_row(*, pk, call, user_id, position, status, brn_number, unit_type_ids) -> dict:
    import datetime as dt

    submitted = None if status == "draft" else call.closes_at - dt.timedelta(minutes=7 * (position % 4000) + 1)
    return {
        "id": pk, "call_id": call.pk, "applicant_id": user_id, "status": status,
        "receipt_number": "" if submitted is None else f"{call.code}-{position + 1:06d}",
        "submitted_at": submitted,
        "company_name_ko": f"주식회사 벤치에이아이 {brn_number:06d}",
        "company_name_en": f"Bench AI {brn_number:06d} Inc.",
        "business_registration_number": f"8{brn_number:09d}", "ceo_name": "김벤치",
        "founded_on": dt.date(2020, 1 + position % 12, 1 + position % 28),
        "head_office_address": "서울특별시 서초구 태봉로 114", "ai_field": AI_FIELDS[position % len(AI_FIELDS)],
        "headcount": 15 + position % 30, "foreign_employees": position % 4,
        "desired_unit_type_id": unit_type_ids[position % len(unit_type_ids)],
        "relocation_commitment": True, "business_summary": "벤치마크용 사업 요약입니다.",
        "contact_name": "김벤치", "contact_email": f"contact{brn_number}@{BENCH_DOMAIN}",
        "contact_phone": "02-2155-0000",
    }


SCORED_PAST = {"selected", "waitlisted", "not_selected"}


@transaction.atomic
def seed_applications(total: int) -> dict[str, int]:
    """Grow the bench calls to `total` applications (besides the measured applicant's two and the demo's):
    the current call takes the first thousand, the nine past calls the rest in turn. Every submitted
    application has its business plan; evaluated ones have the committee's scorecards (three per
    stage), and the evaluator has declared and scored part of the current call's stage 1."""
    from applications.models import Application, ApplicationDocument
    from evaluations.models import ConflictDeclaration, Scorecard
    from premises.models import UnitType

    _no_disk_wait()
    people = _list_people()
    calls = _bench_calls(people)
    plan_types = {
        call.pk: call.document_types.order_by("position", "id").values_list("pk", flat=True).first() for call in calls
    }
    unit_type_ids = list(UnitType.objects.order_by("code").values_list("pk", flat=True))
    existing = Application.objects.filter(applicant__email__startswith="bench-pool-").count()
    if existing < total:
        current = min(total, CURRENT_CALL_SIZE)
        users = _pool_users(max(current, -(-(total - CURRENT_CALL_SIZE) // (CALLS - 1))))
        ids = iter(next_ids(Application, total - existing))
        applications, documents, cards, declarations = [], [], [], []
        for n in range(existing, total):
            if n < CURRENT_CALL_SIZE:
                call, position, status = calls[0], n, CURRENT_STATUSES[n % len(CURRENT_STATUSES)]
            else:
                past, position = divmod(n - CURRENT_CALL_SIZE, CALLS - 1)[::-1]
                call, status = calls[1 + past], PAST_STATUSES[position % len(PAST_STATUSES)]
            user_id = users[position]
            row = _application_row(pk=next(ids), call=call, user_id=user_id, position=position, status=status,
                                   brn_number=position, unit_type_ids=unit_type_ids)
            applications.append(row)
            if status != "draft":
                documents.append({
                    "application_id": row["id"], "document_type_id": plan_types[call.pk],
                    "file": f"applications/{call.pk}/{row['id']}/plan.pdf", "original_name": "사업계획서.pdf",
                    "size": 1_048_576, "detected_format": "pdf", "sha256": "0" * 64, "uploaded_by_id": user_id,
                    "uploaded_at": row["submitted_at"],
                })
            stages = [1, 2] if status in {"selected", "waitlisted"} else [1] if status in SCORED_PAST | {"stage2"} \
                else []
            if status == "stage1":
                stages = [1]
            for stage in stages:
                for m, member in enumerate(people.committee):
                    submitted = status != "stage1" or m < 2  # in stage 1 now: one card still a draft
                    cards.append({"evaluator_id": member.pk, "application_id": row["id"], "stage": stage,
                                  "total": 50 + (position * 7 + m * 13) % 50,
                                  "submitted_at": call.closes_at if submitted else None, "locked": submitted})
            if status == "stage1":
                declared = position % 4 != 0
                if declared:
                    conflict = position % 8 == 7
                    declarations.append({"evaluator_id": people.evaluator.pk, "application_id": row["id"],
                                         "stage": 1, "has_conflict": conflict, "declared_at": call.closes_at})
                    if not conflict and position % 4 == 2:
                        cards.append({"evaluator_id": people.evaluator.pk, "application_id": row["id"], "stage": 1,
                                      "total": 70, "submitted_at": call.closes_at, "locked": True})
        copy_rows(Application, applications)
        copy_rows(ApplicationDocument, documents)
        copy_rows(Scorecard, cards)
        copy_rows(ConflictDeclaration, declarations)
    _measured_applications(people, calls, unit_type_ids=unit_type_ids)
    return {
        "applications": Application.objects.count(),
        "scorecards": Scorecard.objects.count(),
        "evaluator's rows": _evaluator_rows(people.evaluator),
    }


def _evaluator_rows(evaluator) -> int:
    from evaluations.selectors import evaluator_application_list

    return evaluator_application_list(user=evaluator).count()


MEASURED_BRN = 999_999


def _measured_applications(people: ListPeople, calls: list, *, unit_type_ids: list[int]) -> None:
    """The measured applicant's two applications, made once: one in stage 1 of the current call with
    every document, its status changes, scorecards and a message thread (the admin's change page opens
    it), and one not selected in a past call."""
    import datetime as dt

    from applications.models import Application, ApplicationDocument, ApplicationMessage
    from evaluations.models import ConflictDeclaration, Scorecard
    from portal.models import StatusChange

    if Application.objects.filter(applicant=people.applicant).exists():
        return
    for call, status in [(calls[0], "stage1"), (calls[1], "not_selected")]:
        row = _application_row(pk=None, call=call, user_id=people.applicant.pk, position=CURRENT_CALL_SIZE - 1,
                               status=status, brn_number=MEASURED_BRN, unit_type_ids=unit_type_ids)
        row.pop("id")
        row["receipt_number"] = f"{call.code}-M"
        application = Application.objects.create(**row)
        submitted = application.submitted_at
        ApplicationDocument.objects.bulk_create([
            ApplicationDocument(application=application, document_type=document_type,
                                file=f"applications/{call.pk}/{application.pk}/{document_type.pk}.pdf",
                                original_name=f"{document_type.name_ko}.pdf", size=524_288, detected_format="pdf",
                                sha256="0" * 64, uploaded_by=people.applicant, uploaded_at=submitted)
            for document_type in call.document_types.all()
        ])
        steps = [("submit", "draft", "submitted", people.applicant), ("start_review", "submitted",
                 "eligibility_review", people.staff), ("pass_eligibility", "eligibility_review", "stage1",
                 people.staff)]
        if status == "not_selected":
            steps.append(("not_select", "stage1", "not_selected", people.staff))
        StatusChange.objects.bulk_create([
            StatusChange(subject=application, name=name, from_status=before, to_status=after,
                         actor=actor, at=submitted + dt.timedelta(days=n))
            for n, (name, before, after, actor) in enumerate(steps)
        ])
        ApplicationMessage.objects.bulk_create([
            ApplicationMessage(application=application, author=author, from_staff=author == people.staff,
                               body=body, created_at=submitted + dt.timedelta(hours=n + 1))
            for n, (author, body) in enumerate([
                (people.applicant, "발표 자료는 언제까지 제출하면 되나요?"),
                (people.staff, "2차 발표평가 대상이 되면 일정과 함께 안내드립니다."),
                (people.applicant, "감사합니다."),
            ])
        ])
        Scorecard.objects.bulk_create([
            Scorecard(evaluator=member, application=application, stage=1, total=72 + m,
                      submitted_at=submitted if m < 2 or status != "stage1" else None, locked=m < 2)
            for m, member in enumerate(people.committee)
        ])
        ConflictDeclaration.objects.create(evaluator=people.evaluator, application=application, stage=1,
                                           has_conflict=False)


def measured_application_id() -> int:
    """The application the admin's change page is measured on (the measured applicant's current one)."""
    from applications.models import Application

    return Application.objects.get(applicant__email=f"bench-applicant@{BENCH_DOMAIN}", call__code=CURRENT_CALL_CODE).pk


@transaction.atomic
def seed_companies(total: int) -> int:
    """Bench tenant companies up to `total` (nine in ten published in the directory); returns how many
    companies the directory lists."""
    from tenants.models import Company

    _no_disk_wait()
    existing = Company.objects.filter(business_registration_number__startswith="9").count()
    copy_rows(Company, [
        {"name_ko": f"주식회사 벤치 {(n * 7919) % 1_000_003:07d}", "name_en": f"Bench {n:06d} Inc.",
         "business_registration_number": f"9{n // 10**7:02d}-{n // 10**5 % 100:02d}-{n % 10**5:05d}",
         "description_ko": "벤치마크용 입주기업 소개입니다.", "description_en": "A tenant of the benchmark.",
         "ai_field": AI_FIELDS[n % len(AI_FIELDS)], "website": f"https://bench{n}.example.kr",
         "is_published": n % 10 != 9}
        for n in range(existing, total)
    ])
    return Company.objects.filter(is_published=True).count()
