"""Data subjects' rights driven by the registry (PIPA §35–§36): every registered personal-data field
appears in "download my data" for the person it belongs to, and deleting the account erases,
anonymises or keeps it as its table declares. Parametrised over the registry: a new table is tested
as soon as the world below holds a row of it."""

import datetime
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models, transaction
from django.test import RequestFactory
from django.utils import timezone

from privacy.registry import Erasure, tables
from privacy.services import _value
from tests.factories import PASSWORD, ScorecardFactory, UserFactory

TABLES = [(file, table) for file, table in tables() if not table.handled_by_app]


def _empty(value) -> bool:
    return value in (None, "", {}, [])


def _sample(field: models.Field, users):
    if field.is_relation:
        return users[0]
    if isinstance(field, models.EmailField):
        return users[0].email
    if isinstance(field, models.JSONField):
        return {"full_name": "Nguyen Van An"}
    return "홍길동 010-1234-5678"


def _top_up() -> None:
    """Rows the demo does not hold, and a value in every registered field of some row."""
    from applications.models import AnswerFile, Application, ApplicationMessage
    from billing.models import AccountCredit, BillingRun
    from evaluations.models import ConflictDeclaration, ScoreItem
    from exemptions.models import EmployeeConsent, ExemptionRequest, KeptUpload
    from premises.models import MeetingRoom
    from privacy.access_log import AccessLogReview, Action, SubjectKind, access_log_record
    from privacy.access_log import Subject as AccessSubject
    from privacy.models import RightsRequest
    from privacy.retention import retention_schedule_sync
    from privacy.rights import rights_request_file
    from tenants import services as tenant_services
    from tenants.models import Booking, Company, Invitation, Lease, LeaseRenewal, TeamMembership
    from tests.factories import EvaluationCriterionFactory, MeetingRoomFactory, SelectedApplicationFactory, UnitFactory

    User = get_user_model()
    staff = User.objects.get(email="staff@demo.yangjae-ai.kr")
    application = Application.objects.exclude(status="draft").order_by("pk").first()
    applicant = application.applicant
    ApplicationMessage.objects.create(application=application, author=applicant, body="연락처 변경: 010-9999-0000")
    AnswerFile.objects.create(application=application, question_key="pitch", file="applications/answers/deck.pdf",
                              original_name="deck.pdf", size=10, detected_format="pdf", sha256="a" * 64,
                              uploaded_by=applicant)
    ConflictDeclaration.objects.create(evaluator=User.objects.get(email="evaluator@demo.yangjae-ai.kr"),
                                       application=application, stage=1, has_conflict=False, note="관계 없음")
    card = ScorecardFactory(evaluator=User.objects.get(email="evaluator2@demo.yangjae-ai.kr"), application=application)
    ScoreItem.objects.create(scorecard=card, criterion=EvaluationCriterionFactory(call=application.call), points=8,
                             comment="대표의 연구 경력이 뛰어남")
    membership = TeamMembership.objects.select_related("company", "user").order_by("pk").first()
    member, company = membership.user, membership.company
    Company.objects.filter(pk=company.pk).update(billing_contact_email=member.email, billing_contact_name=member.name)
    invited = UserFactory(email="invited@startup.kr")
    Invitation.objects.create(company=company, email=invited.email, token="t" * 40, invited_by=member,
                              expires_at=timezone.now() + datetime.timedelta(days=7), accepted_by=invited)
    lease = Lease.objects.filter(company=company).order_by("pk").first()
    LeaseRenewal.objects.create(lease=lease, term_months=24, note="연장 희망", requested_by=member)
    room = MeetingRoom.objects.order_by("pk").first() or MeetingRoomFactory()
    start = timezone.now() + datetime.timedelta(days=1)
    Booking.objects.create(room=room, company=company, booked_by=member, starts_at=start,
                           ends_at=start + datetime.timedelta(hours=1), purpose="투자 미팅")
    KeptUpload.objects.create(user=member, company=company, code="contract", path="exemptions/kept/x.pdf",
                              name="계약서.pdf")
    exemption_request = ExemptionRequest.objects.order_by("pk").first()  # the demo files some
    now = timezone.now()
    EmployeeConsent.objects.create(
        request=exemption_request, name="Nguyen Van An", email=invited.email, token_hash="c" * 64, sent_at=now,
        expires_at=now + datetime.timedelta(days=7), consented_at=now, consent_ip="203.0.113.8", withdrawn_at=now,
        withdraw_ip="203.0.113.9", notice_version="2026-12", language="en",
    )
    from django.contrib.contenttypes.models import ContentType

    from decisions.models import DecisionNotice
    DecisionNotice.objects.create(
        content_type=ContentType.objects.get_for_model(Application), object_id=application.pk,
        kind="application_ineligible", reasons="납세증명서 미제출", reasons_en="No tax certificate", decided_at=now,
        notice_date=now.date(), facts={"addressee": application.company_name_ko, "reference": "2026-0001"},
        pdf_path="decisions/notice.pdf", pdf_en_path="decisions/notice-en.pdf")
    BillingRun.objects.create(year=2026, month=11, started_by=staff)
    AccountCredit.objects.create(company=company, amount=1000, created_by=staff, note="")
    unit = UnitFactory()
    selected = SelectedApplicationFactory(applicant=applicant, call__building=unit.floor.building)
    tenant_services.offer_create(application=selected, unit=unit, actor=staff)
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7")
    request.user = staff
    access_log_record(request=request, action=Action.VIEW, obj=application,
                      subject=AccessSubject(kind=SubjectKind.APPLICANT, id=applicant.pk, label=applicant.email))
    AccessLogReview.objects.create(month=datetime.date(2026, 11, 1), reviewed_by=staff, chain_ok=True)
    filed = rights_request_file(kind="correction", name=member.name, email=member.email, phone="010-2222-3333",
                                details="연락처 정정 요청", language="ko", user=member)
    RightsRequest.objects.filter(pk=filed.pk).update(answer="정정했습니다.")
    from outreach.models import GroupMessage, GroupMessageRecipient

    message = GroupMessage.objects.create(audience="applicants", call=application.call, subject_ko="안내",
                                          subject_en="Notice", body_ko="본문", body_en="Body", created_by=staff,
                                          sent_by=staff, sent_at=now, status="sent")
    GroupMessageRecipient.objects.create(message=message, user=applicant)
    retention_schedule_sync()

    users = [staff]
    for _file, table in TABLES:
        model = table.model_class
        for name in table.fields:
            field = model._meta.get_field(name)
            values = model._default_manager.values_list(name, flat=True)
            if any(not _empty(v) for v in values):
                continue
            row = model._default_manager.order_by("pk").first()
            assert row is not None, f"Give the demo or _top_up() a row of {table.model}"
            model._default_manager.filter(pk=row.pk).update(**{name: _sample(field, users)})


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The demo and _top_up(), built once for the module inside a transaction rolled back at its end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic._from_testcase = True  # as Django's TestCase marks its own: the demo's issuing services are durable
        atomic.__enter__()
        try:
            call_command("seed_demo", stdout=io.StringIO())
            _top_up()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _persons_rows(table, name):
    """(user, row) pairs where `row` has a value in `name` and "download my data" of `user` shows it."""
    User = get_user_model()
    for user in User.objects.filter(anonymised_at__isnull=True).order_by("pk"):
        for row in table.rows(table.linked_q(user, user.email)):
            if not _empty(_value(row, name)):
                yield user, row


@pytest.mark.django_db
@pytest.mark.parametrize(("file", "table"), TABLES, ids=[f"{t.model}:{','.join(t.fields)}" for _f, t in TABLES])
def test_every_registered_field_is_in_the_export(world, client, file, table):
    for name in table.fields:
        if name in table.not_exported:
            continue
        user, row = next(_persons_rows(table, name), (None, None))
        assert row is not None, f"No one has data in {table.model}.{name}: give the world a row with it"
        client.force_login(user)
        data = json.loads(client.get("/accounts/profile/my-data/").content)
        exported = {entry["id"]: entry for entry in data[file.key][table.model]}
        assert exported[row.pk][name] == _value(row, name), f"{table.model}.{name}"


@pytest.mark.django_db
@pytest.mark.parametrize(("file", "table"), TABLES, ids=[f"{t.model}:{','.join(t.fields)}" for _f, t in TABLES])
def test_deleting_the_account_erases_what_the_registry_says(world, client, file, table):
    model = table.model_class
    User = get_user_model()
    owner = next((user for user in User.objects.filter(anonymised_at__isnull=True).order_by("pk")
                  if table.rows(table.owner_q(user, user.email)).exists()), None)
    assert owner is not None, f"No one owns a row of {table.model}: give the world one"
    rows = list(table.rows(table.owner_q(owner, owner.email)))
    before = {row.pk: {name: _value(row, name) for name in table.fields} for row in rows}
    owner.set_password(PASSWORD)
    owner.save(update_fields=["password"])
    client.force_login(owner)
    response = client.post("/accounts/profile/delete/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.anonymised_at is not None

    remaining = {row.pk: row for row in model._default_manager.filter(pk__in=before)}
    links = set(table.user_links())
    if table.erasure is Erasure.DELETE:
        assert remaining == {}
        return
    assert set(remaining) == set(before)  # the record stays, with or without its personal data
    for pk, row in remaining.items():
        for name in table.fields:
            if name in links:  # a link to an account: the account itself is anonymised
                linked = getattr(row, name)
                assert linked is None or linked.pk != owner.pk or linked.anonymised_at is not None
            elif table.erasure is Erasure.ANONYMISE:
                assert _empty(_value(row, name)), f"{table.model}.{name} kept {_value(row, name)!r}"
            else:
                assert _value(row, name) == before[pk][name]
    history = getattr(model, "history", None)
    if table.erasure is Erasure.ANONYMISE and history is not None:
        names = [n for n in table.fields if n not in links and n in {f.name for f in history.model._meta.fields}]
        for values in history.model.objects.filter(id__in=before).values(*names):
            assert all(_empty(v) for v in values.values()), values
