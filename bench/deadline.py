"""The deadline rush: applicants with complete drafts each log in and submit within one window.

Each person already has a draft application to the open call with every step filled and every
document uploaded (bulk seeded; the files are written to the private storage). In the rush each one
opens the login page, logs in, opens the review page, submits it as its form does (POST with the CSRF
token) and sees the confirmation. Afterwards the database is asked how many submissions were saved,
each with its own receipt number.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re

import httpx

from .load import Gunicorn
from .options import Options
from .report import Section, load_note
from .rush import CSRF_INPUT, LATENCY_GOAL_MS, Timer, add_rush_findings, log_in, run_rush

EMAIL_PREFIX = "deadline-"
EMAIL_DOMAIN = "bench.yangjae-ai.kr"
PASSWORD = "bench-deadline-password-2026"  # noqa: S105 (bench accounts only)
# The smallest file every required format accepts: a PDF header is what the upload check looks for.
DOCUMENT_BYTES = b"%PDF-1.7\n% bench document\n%%EOF\n"
SUBMIT_ACTION = re.compile(r'<form method="post" action="(/my/applications/\d+/submit/)"')
RECEIPT = re.compile(r"\d{4}-\d+-\d{4}")


def seed_applicants_with_drafts(count: int, *, password: str = PASSWORD) -> list[dict]:
    """`count` applicants, each with a complete draft to the open call and its required documents.

    Bulk inserts: users (one password hash computed and shared), their applicant role, the drafts,
    and one document row per required document type with its file in the private storage. A draft
    left from an earlier run on the same database is replaced, so each run starts from drafts.
    """
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from accounts.roles import Role
    from applications.consents import APPLICATION_NOTICE_VERSION
    from applications.demo import OPEN_CALL, business_registration_number, corporate_registration_number
    from applications.models import AIField, Application, ApplicationDocument, Call, application_document_path
    from premises.models import UnitType

    call = Call.objects.get(code=OPEN_CALL)
    emails = [f"{EMAIL_PREFIX}{n:04d}@{EMAIL_DOMAIN}" for n in range(count)]
    verified = timezone.now()
    storage = storages["private"]
    with transaction.atomic():
        hashed = make_password(password)
        User.objects.bulk_create(
            [User(email=email, name=f"마감 신청자 {n:04d}", password=hashed, email_verified_at=verified)
             for n, email in enumerate(emails)],
            ignore_conflicts=True,
        )
        users = list(User.objects.filter(email__in=emails).order_by("email"))
        User.objects.filter(pk__in=[u.pk for u in users]).update(password=hashed)
        group, _created = Group.objects.get_or_create(name=Role.APPLICANT.value)
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=user.pk, group_id=group.pk) for user in users], ignore_conflicts=True
        )
        earlier = ApplicationDocument.objects.filter(application__call=call, application__applicant__in=users)
        for name in earlier.values_list("file", flat=True):
            storage.delete(name)
        Application.objects.filter(call=call, applicant__in=users).delete()

        unit_type = UnitType.objects.order_by("area_pyeong").first()
        fields = list(AIField)
        consented_at = timezone.now()
        applications = Application.objects.bulk_create([
            Application(
                call=call, applicant=user,
                company_name_ko=f"(주)벤치마크 {n:04d}", company_name_en=f"Bench {n:04d} Inc.",
                business_registration_number=business_registration_number(f"{500_000_000 + n:09d}"),
                corporate_registration_number=corporate_registration_number(f"{110111_000_000 + n:012d}"),
                ceo_name=f"대표 {n:04d}", founded_on=datetime.date(2020, 1 + n % 12, 1 + n % 28),
                head_office_address=f"서울특별시 서초구 강남대로 {n + 1}", website=f"https://bench-{n}.example.kr",
                ai_field=fields[n % len(fields)], headcount=call.headcount_min + n % 10, foreign_employees=n % 3,
                desired_unit_type=unit_type, desired_move_in=call.closes_at.date() + datetime.timedelta(days=60),
                relocation_commitment=True,
                business_summary="자체 AI 모델로 기업 고객의 업무를 자동화합니다. " * 4,
                revenue_last_year=1_000_000_000 + n, total_investment=3_000_000_000 + n, patents_held=n % 5,
                wants_gpu=True, contact_name=user.name, contact_email=user.email,
                contact_phone=f"010-{n // 10_000 + 1000:04d}-{n % 10_000:04d}",
                # the start page's two consents, given when the draft was begun
                consent_version=APPLICATION_NOTICE_VERSION, consent_collection_at=consented_at,
                consent_committee_at=consented_at,
            )
            for n, user in enumerate(users)
        ])
        document_types = [t for t in call.document_types.all() if t.required]
        digest = hashlib.sha256(DOCUMENT_BYTES).hexdigest()
        documents = []
        for application, user in zip(applications, users, strict=True):
            for document_type in document_types:
                document = ApplicationDocument(
                    application=application, document_type=document_type, original_name="document.pdf",
                    size=len(DOCUMENT_BYTES), detected_format="pdf", sha256=digest, uploaded_by=user,
                )
                name = application_document_path(document, f"type-{document_type.pk}.pdf")
                if storage.exists(name):
                    storage.delete(name)
                document.file.name = storage.save(name, ContentFile(DOCUMENT_BYTES))
                documents.append(document)
        ApplicationDocument.objects.bulk_create(documents, batch_size=2_000)
    return [
        {"email": user.email, "name": user.name, "password": password, "application": application.pk}
        for user, application in zip(users, applications, strict=True)
    ]


async def deadline_scenario(client: httpx.AsyncClient, person: dict, timed: Timer) -> bool:
    """Log in, open the review page, submit as its form does, and see the receipt number."""
    if not await log_in(client, person, timed):
        return False
    review = await timed(client.get(f"/my/applications/{person['application']}/review/"), label="review page")
    if review is None:
        return False
    action, token = SUBMIT_ACTION.search(review.text), CSRF_INPUT.search(review.text)
    if action is None or token is None:
        timed.result.errors.append("review page: no submit form")
        return False
    submitted = await timed(
        client.post(action.group(1), data={"csrfmiddlewaretoken": token.group(1), "declared_true": "on"}),
        expect=(302,), label="submit",
    )
    if submitted is None:
        return False
    detail = await timed(client.get(submitted.headers["location"]), label="confirmation")
    return detail is not None and RECEIPT.search(detail.text) is not None


def saved_submissions(application_ids: list[int]) -> tuple[int, int]:
    """(submitted applications, distinct receipt numbers among them) of the rush's applications."""
    from django.db.models import Count

    from applications.models import Application
    from applications.workflow import Status

    counts = Application.objects.filter(pk__in=application_ids, status=Status.SUBMITTED).exclude(
        receipt_number=""
    ).aggregate(saved=Count("pk"), receipts=Count("receipt_number", distinct=True))
    return counts["saved"], counts["receipts"]


def deadline_rush(options: Options) -> Section:
    """Applicants with complete drafts logging in and submitting within one window, through gunicorn."""
    import io

    from django.core.management import call_command

    from .seed import analyze

    call_command("seed_demo", stdout=io.StringIO())
    people = seed_applicants_with_drafts(options.rush_people)
    analyze()
    load_before = os.getloadavg()[0]
    with Gunicorn(env=options.server_env(), workers=options.workers, log_dir=options.work_dir) as server:
        result = run_rush(server.url, people, deadline_scenario, window=options.rush_window)
    load_after = os.getloadavg()[0]
    saved, receipts = saved_submissions([person["application"] for person in people])
    section = Section(
        key="deadline-rush", title="Deadline rush: log in and submit through gunicorn",
        goal=f"0 errors, every submission saved with its own receipt number, p95 ≤ {LATENCY_GOAL_MS} ms",
        columns=["people", "window s", "elapsed s", "requests", "errors", "confirmed", "saved", "receipts",
                 "p50 ms", "p95 ms", "max ms"],
        rows=[[result.people, result.window, result.elapsed, len(result.latencies), len(result.errors),
               result.succeeded, saved, receipts, result.percentile(50), result.percentile(95),
               max(result.latencies, default=float("nan")) * 1000]],
    )
    if saved < result.people:
        section.shortfalls.append(f"only {saved} of {result.people} submissions saved")
    if receipts < saved:
        section.shortfalls.append(f"{saved - receipts} saved submissions share a receipt number")
    section.notes.append(
        "Each person has a complete draft (every step filled, every required document uploaded), opens the "
        "login page, logs in, opens the review page, submits it with the form's CSRF "
        f"token and opens the confirmation; starts spread evenly over {result.window:g} s; gunicorn "
        f"{options.workers} sync workers. Saved and receipts are counted in the database afterwards."
    )
    add_rush_findings(section, result, goal_label="submitted and saw a receipt number")
    section.notes.append(load_note(load_before, load_after))
    return section
