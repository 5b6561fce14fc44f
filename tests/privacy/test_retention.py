"""The retention schedule (PIPA §21): each rule, run on a clock moved past its period, destroys exactly what it
names and writes the destruction register; run twice it does nothing more. Staff set the periods in the admin
(and are recorded as approving them), read the register and export it."""

import csv
import datetime
import io

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from exemptions.models import ExemptionRequest
from privacy.access_log import AccessLog, Subject, access_log_record, access_log_verify
from privacy.models import DestructionRecord, RetentionSchedule
from privacy.registry import FILES, tables
from privacy.retention import RULES, retention_rule_run, retention_run, retention_schedule_sync
from privacy.services import _blank
from privacy.tasks import retention_run_task
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CompanyFactory,
    StaffFactory,
    SubmittedApplicationFactory,
    UserFactory,
)
from tests.privacy.reasons import remember_reason

pytestmark = pytest.mark.django_db


def _access_log(now):
    request = RequestFactory().get("/admin/", REMOTE_ADDR="203.0.113.5")
    request.user = StaffFactory()
    company = CompanyFactory()
    for _ in range(2):
        access_log_record(request=request, action="view", obj=company,
                          subject=Subject(kind="company", id=company.pk, label=company.name_ko))
    return AccessLog.objects.all(), AccessLog.objects.none()


def _security_log(now):
    from accounts.models import SecurityEvent

    SecurityEvent.objects.create(kind="login_failed", email="guess@example.kr", ip="203.0.113.9", at=now)
    return SecurityEvent.objects.filter(email="guess@example.kr"), SecurityEvent.objects.none()


def _notifications(now):
    from notifications.models import Notification
    from notifications.services import notification_create

    notification_create(recipient=UserFactory(), template="portal/test_message", send_email=False)
    return Notification.objects.all(), Notification.objects.none()


def _drafts(now):
    from applications.models import Application, ApplicationDocument
    from applications.services import application_document_upload, call_add_defaults
    from tests.samples import pdf_bytes

    call = CallFactory(opens_at=now - datetime.timedelta(days=30), closes_at=now)
    call_add_defaults(call=call)
    draft = ApplicationFactory(call=call)
    document = application_document_upload(application=draft, actor=draft.applicant,
                                           document_type=call.document_types.first(),
                                           uploaded_file=SimpleUploadedFile("plan.pdf", pdf_bytes()))
    submitted = SubmittedApplicationFactory(call=call)
    _drafts.path = document.file.name
    assert storages["private"].exists(_drafts.path) and ApplicationDocument.objects.filter(application=draft).exists()
    return Application.objects.filter(pk=draft.pk), Application.objects.filter(pk=submitted.pk)


def _rights_requests(now):
    from privacy.models import RightsRequest
    from privacy.rights import rights_request_file, rights_request_transition

    answered = rights_request_file(kind="access", name="홍길동", email="gildong@example.kr", details="열람",
                                   language="ko")
    rights_request_transition(request=answered, name="answer", actor=StaffFactory(), reason="사본을 보내 드렸습니다.")
    still_open = rights_request_file(kind="deletion", name="김영희", email="yh@example.kr", details="삭제",
                                     language="ko")
    return RightsRequest.objects.filter(pk=answered.pk), RightsRequest.objects.filter(pk=still_open.pk)


def _unsuccessful_documents(now):
    from applications import services as application_services
    from applications.models import ApplicationDocument
    from tests.applications.conftest import make_call, make_complete_draft

    withdrawn = make_complete_draft(applicant=UserFactory(), call=make_call())
    application_services.application_submit(application=withdrawn, actor=withdrawn.applicant, declared_true=True)
    application_services.application_withdraw(application=withdrawn, actor=withdrawn.applicant)
    live = make_complete_draft(applicant=UserFactory(), call=make_call())
    application_services.application_submit(application=live, actor=live.applicant, declared_true=True)
    return (ApplicationDocument.objects.filter(application=withdrawn),
            ApplicationDocument.objects.filter(application=live))


def _closed_applications(now):
    from applications import services as application_services
    from applications.models import Application, ApplicationDocument, ApplicationMessage
    from tests.applications.conftest import make_call, make_complete_draft

    def submitted(closes_at):
        application = make_complete_draft(applicant=UserFactory(), call=make_call())
        application_services.application_submit(application=application, actor=application.applicant,
                                                 declared_true=True)
        application_services.application_message_post(application=application, author=application.applicant,
                                                       body="발표 일정 문의드립니다.")
        application.call.__class__.objects.filter(pk=application.call_id).update(
            opens_at=closes_at - datetime.timedelta(days=30), closes_at=closes_at)
        return application

    closed, open_longer = submitted(now), submitted(now + datetime.timedelta(days=10))
    _closed_applications.check = lambda: (
        not ApplicationDocument.objects.filter(application=closed).exists()
        and not ApplicationMessage.objects.filter(application=closed).exists()
        and ApplicationDocument.objects.filter(application=open_longer).exists())
    return Application.objects.filter(pk=closed.pk), Application.objects.filter(pk=open_longer.pk)


def _status_reasons(now):
    from portal.models import StatusChange
    from portal.workflow import status_change_record

    application = SubmittedApplicationFactory()
    status_change_record(instance=application, from_status="submitted", to_status="ineligible",
                         actor=StaffFactory(), reason="사업자등록증 사본이 없습니다.", at=now)
    later = status_change_record(instance=application, from_status="ineligible", to_status="submitted",
                                 reason="이의신청을 받아들였습니다.", at=now + datetime.timedelta(days=10))
    return StatusChange.objects.filter(reason__startswith="사업자등록증"), StatusChange.objects.filter(pk=later.pk)


def _evaluation_call(closes_at):
    return CallFactory(opens_at=closes_at - datetime.timedelta(days=30), closes_at=closes_at)


def _assignments(now):
    from evaluations.models import Assignment
    from tests.factories import AssignmentFactory

    AssignmentFactory(call=_evaluation_call(now))
    kept = AssignmentFactory(call=_evaluation_call(now + datetime.timedelta(days=10)))
    return Assignment.objects.exclude(pk=kept.pk), Assignment.objects.filter(pk=kept.pk)


def _declarations(now):
    from evaluations.models import ConflictDeclaration
    from tests.factories import EvaluatorFactory

    def declaration(closes_at):
        return ConflictDeclaration.objects.create(
            evaluator=EvaluatorFactory(), application=SubmittedApplicationFactory(call=_evaluation_call(closes_at)),
            stage=1, has_conflict=True, note="지원 기업의 전 직장 동료입니다.")

    doomed, kept = declaration(now), declaration(now + datetime.timedelta(days=10))
    return ConflictDeclaration.objects.filter(pk=doomed.pk), ConflictDeclaration.objects.filter(pk=kept.pk)


def _scorecards(now):
    from evaluations.models import Scorecard
    from tests.factories import ScorecardFactory

    doomed = ScorecardFactory(application=SubmittedApplicationFactory(call=_evaluation_call(now)))
    kept = ScorecardFactory(application=SubmittedApplicationFactory(
        call=_evaluation_call(now + datetime.timedelta(days=10))))
    return Scorecard.objects.filter(pk=doomed.pk), Scorecard.objects.filter(pk=kept.pk)


def _former_companies(now):
    from tenants.models import Company, Invitation, TeamMembership
    from tenants.services.companies import invitation_create
    from tests.factories import LeaseFactory, MembershipFactory

    today = timezone.localdate(now)

    def company(end, status):
        lease = LeaseFactory(start_date=end - datetime.timedelta(days=700), end_date=end, status=status)
        Company.objects.filter(pk=lease.company_id).update(billing_contact_name="김회계",
                                                           billing_contact_email="account@example.kr")
        owner = MembershipFactory(company=lease.company, role="owner").user
        invitation_create(company=lease.company, email="new@example.kr", role="member", actor=owner)
        return lease.company

    former = company(today, "ended")
    current = company(today + datetime.timedelta(days=10), "active")
    _former_companies.check = lambda: (
        not TeamMembership.objects.filter(company=former).exists()
        and not Invitation.objects.filter(company=former).exists()
        and TeamMembership.objects.filter(company=current).exists())
    return Company.objects.filter(pk=former.pk), Company.objects.filter(pk=current.pk)


def _bookings(now):
    from tenants.models import Booking
    from tests.factories import MeetingRoomFactory

    def booking(ends_at):
        company = CompanyFactory()
        return Booking.objects.create(room=MeetingRoomFactory(), company=company, starts_at=ends_at
                                      - datetime.timedelta(hours=1), ends_at=ends_at, purpose="투자 미팅")

    doomed, kept = booking(now), booking(now + datetime.timedelta(days=10))
    return Booking.objects.filter(pk=doomed.pk), Booking.objects.filter(pk=kept.pk)


def _decision_notices(now):
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile

    from decisions.models import DecisionNotice

    storage = storages["private"]

    def notice(day):
        application = SubmittedApplicationFactory()
        paths = [storage.save(f"decisions/{application.pk}{suffix}.pdf", ContentFile(b"%PDF-1.7"))
                 for suffix in ("", "-en")]
        return DecisionNotice.objects.create(
            content_type=ContentType.objects.get_for_model(application), object_id=application.pk,
            kind="application_ineligible", reasons="납세증명서 미제출", decided_at=now, notice_date=day,
            facts={"addressee": application.company_name_ko}, pdf_path=paths[0], pdf_en_path=paths[1])

    doomed, kept = notice(timezone.localdate(now)), notice(timezone.localdate(now) + datetime.timedelta(days=10))
    _decision_notices.check = lambda: not any(storage.exists(path) for path in (doomed.pdf_path, doomed.pdf_en_path)) \
        and storage.exists(kept.pdf_path)
    return DecisionNotice.objects.filter(pk=doomed.pk), DecisionNotice.objects.filter(pk=kept.pk)


def _approved_immigration():
    from django.test import Client

    from tests.exemptions.conftest import approved_immigration, make_tenant
    from tests.factories import exemption_types_seed

    exemption_types_seed()
    return approved_immigration(Client(), make_tenant(), StaffFactory(is_staff=True))


def _identifiers(now):
    from exemptions.models import ExemptionRequest

    request = _approved_immigration()
    ExemptionRequest.objects.filter(pk=request.pk).update(decided_at=now)
    request.refresh_from_db()
    assert request.sensitive and request.uploads
    _identifiers.paths = [upload["path"] for upload in request.uploads.values()]
    return ExemptionRequest.objects.filter(pk=request.pk), ExemptionRequest.objects.none()


def _kept_uploads(now):
    from django.core.files.base import ContentFile

    from exemptions.models import KeptUpload

    def kept(at):
        company = CompanyFactory()
        path = storages["private"].save(f"exemptions/kept/{company.pk}/contract.pdf", ContentFile(b"%PDF-1.4"))
        return KeptUpload.objects.create(user=UserFactory(), company=company, code="employment_contract", path=path,
                                         name="contract.pdf", created_at=at)

    doomed, fresh = kept(now), kept(now + datetime.timedelta(days=10))
    _kept_uploads.check = lambda: not storages["private"].exists(doomed.path) and storages["private"].exists(
        fresh.path)
    return KeptUpload.objects.filter(pk=doomed.pk), KeptUpload.objects.filter(pk=fresh.pk)


def _exemption_requests(now):
    from exemptions import services as exemption_services
    from exemptions.models import EmployeeConsent, ExemptionRequest, IssuedDocument

    request = _approved_immigration()
    document = exemption_services.document_issue(request_id=request.pk)
    ExemptionRequest.objects.filter(pk=request.pk).update(decided_at=now)
    assert document.pdf_path and storages["private"].exists(document.pdf_path)
    assert EmployeeConsent.objects.filter(request=request).exists()
    _exemption_requests.check = lambda: (
        not EmployeeConsent.objects.filter(request=request).exists()
        and IssuedDocument.objects.get(pk=document.pk).facts == {}
        and not storages["private"].exists(document.pdf_path))
    return ExemptionRequest.objects.filter(pk=request.pk), ExemptionRequest.objects.none()


def _filing_deadline(invoice_due_on: datetime.date) -> datetime.datetime:
    """The VAT filing deadline of the half-year `invoice_due_on` falls in (25 July or 25 January)."""
    deadline = (datetime.date(invoice_due_on.year, 7, 25) if invoice_due_on.month <= 6
                else datetime.date(invoice_due_on.year + 1, 1, 25))
    return timezone.make_aware(datetime.datetime.combine(deadline, datetime.time(12)))


def _invoices(now):
    from billing import services as billing_services
    from billing.models import Invoice
    from taxinvoices.hometax import columns_seed
    from tests.factories import BillingLeaseFactory

    columns_seed()
    lease = BillingLeaseFactory()
    doomed = billing_services.invoice_issue_for_lease(lease_id=lease.pk, year=2026, month=6,
                                                      today=datetime.date(2026, 6, 1))
    kept = billing_services.invoice_issue_for_lease(lease_id=lease.pk, year=2026, month=7,
                                                    today=datetime.date(2026, 7, 1))
    assert doomed.company_name and kept.due_on.month >= 7
    _invoices.event = _filing_deadline(doomed.due_on)
    return Invoice.objects.filter(pk=doomed.pk), Invoice.objects.filter(pk=kept.pk)


def _tax_invoices(now):
    from taxinvoices.models import TaxInvoice

    invoices, later = _invoices(now)
    _tax_invoices.event = _invoices.event
    return TaxInvoice.objects.filter(invoice__in=invoices), TaxInvoice.objects.filter(invoice__in=later)


def _transactions(now):
    from receipts.models import BankTransaction
    from tests.receipts.helpers import deposit_in

    doomed = deposit_in(500_000, "홍길동", when=now)
    kept = deposit_in(600_000, "김영희", when=now + datetime.timedelta(days=10))
    return BankTransaction.objects.filter(pk=doomed.pk), BankTransaction.objects.filter(pk=kept.pk)


def _refunds(now):
    from receipts.models import Refund

    def refund(at):
        refund = Refund.objects.create(company=CompanyFactory(), source="account_credit", amount=10_000,
                                       bank="국민은행", account_number="123-45-6789", account_holder_name="홍길동",
                                       reason="과오납 환급")
        Refund.objects.filter(pk=refund.pk).update(created_at=at)
        return refund

    doomed, kept = refund(now), refund(now + datetime.timedelta(days=10))
    return Refund.objects.filter(pk=doomed.pk), Refund.objects.filter(pk=kept.pk)


def _aliases(now):
    from receipts.models import DepositorAlias
    from tests.factories import LeaseFactory

    today = timezone.localdate(now)
    former = LeaseFactory(start_date=today - datetime.timedelta(days=700), end_date=today, status="ended")
    current = LeaseFactory(start_date=today - datetime.timedelta(days=700), end_date=today
                           + datetime.timedelta(days=300), status="active")
    doomed = DepositorAlias.objects.create(company=former.company, name="홍길동(양재비전)")
    kept = DepositorAlias.objects.create(company=current.company, name="김영희(말결)")
    return DepositorAlias.objects.filter(pk=doomed.pk), DepositorAlias.objects.filter(pk=kept.pk)


def _inquiries(now):
    from helpdesk import services as helpdesk_services
    from helpdesk.models import Inquiry, InquiryAttachment
    from tests.samples import pdf_bytes

    def inquiry(answered_at):
        asked = helpdesk_services.inquiry_submit(
            asker=UserFactory(), category="other", subject="주차 문의", body="방문객 주차가 되나요?",
            files=[SimpleUploadedFile("map.pdf", pdf_bytes(), content_type="application/pdf")])
        helpdesk_services.inquiry_answer(inquiry=asked, actor=StaffFactory(), answer="2시간 무료입니다.")
        Inquiry.objects.filter(pk=asked.pk).update(answered_at=answered_at)
        return asked

    doomed, kept = inquiry(now), inquiry(now + datetime.timedelta(days=10))
    path = InquiryAttachment.objects.get(inquiry=doomed).file.name
    _inquiries.check = lambda: not storages["private"].exists(path)
    return Inquiry.objects.filter(pk=doomed.pk), Inquiry.objects.filter(pk=kept.pk)


def _group_message_recipients(now):
    from outreach.models import GroupMessage, GroupMessageRecipient

    message = GroupMessage.objects.create(audience="applicants", call=CallFactory(), subject_ko="안내",
                                          subject_en="Notice", body_ko="본문", body_en="Body")
    doomed = GroupMessageRecipient.objects.create(message=message, user=UserFactory())
    kept = GroupMessageRecipient.objects.create(message=message, user=UserFactory())
    GroupMessageRecipient.objects.filter(pk=doomed.pk).update(created_at=now)
    GroupMessageRecipient.objects.filter(pk=kept.pk).update(created_at=now + datetime.timedelta(days=10))
    return GroupMessageRecipient.objects.filter(pk=doomed.pk), GroupMessageRecipient.objects.filter(pk=kept.pk)


def _message_deliveries(now):
    from messaging.models import Delivery, MessageTemplate

    user = UserFactory()
    template = MessageTemplate.objects.get(key="inquiry_answered")
    Delivery.objects.create(user=user, template=template, phone="01012345678", text=template.text)
    return Delivery.objects.all(), Delivery.objects.none()


def _phone_verifications(now):
    from messaging.models import PhoneVerification

    PhoneVerification.objects.create(user=UserFactory(), phone="01012345678", code_hash="0" * 64)
    return PhoneVerification.objects.all(), PhoneVerification.objects.none()


BUILDERS = {
    "messaging.deliveries": _message_deliveries,
    "messaging.verifications": _phone_verifications,
    "privacy.access_log": _access_log,
    "accounts.security_log": _security_log,
    "notifications.notifications": _notifications,
    "applications.drafts": _drafts,
    "applications.unsuccessful_documents": _unsuccessful_documents,
    "applications.closed": _closed_applications,
    "portal.status_reasons": _status_reasons,
    "evaluations.assignment": _assignments,
    "evaluations.conflictdeclaration": _declarations,
    "evaluations.scorecard": _scorecards,
    "tenants.former_companies": _former_companies,
    "tenants.bookings": _bookings,
    "exemptions.identifiers": _identifiers,
    "exemptions.kept_uploads": _kept_uploads,
    "exemptions.requests": _exemption_requests,
    "billing.invoices": _invoices,
    "taxinvoices.recipients": _tax_invoices,
    "receipts.transactions": _transactions,
    "receipts.refunds": _refunds,
    "receipts.aliases": _aliases,
    "privacy.rights_requests": _rights_requests,
    "helpdesk.inquiries": _inquiries,
    "outreach.recipients": _group_message_recipients,
    "decisions.notices": _decision_notices,
}


def test_every_rule_has_a_case_here():
    assert set(RULES) == set(BUILDERS)


def test_every_personal_field_of_a_file_with_a_period_has_a_rule_named_in_the_policy():
    """A registered field is destroyed by some rule once its file's period ends; the link of a row to the
    account it belongs to (the table's owner) follows the account, erased when the account is deleted."""
    covered = {(model.lower(), name) for rule in RULES.values() for model, fields in rule.covers
               for name in (fields or [f for _file, t in tables() if t.model == model for f in t.fields])}
    missing = sorted(
        f"{file.key}: {table.model}.{name}" for file, table in tables() if file.retention.days
        for name in table.fields if name != table.owner and (table.model.lower(), name) not in covered)
    assert not missing, "personal data without a retention rule"
    for rule in RULES.values():
        file = FILES[rule.file]
        periods = {(r.setting, str(r.after)) for r in (file.retention, *file.retention.also)}
        assert (rule.retention.setting, str(rule.retention.after)) in periods, f"{rule.key} is not in the policy"


def _destroyed(rule, doomed, ids) -> bool:
    """Every doomed row is gone, or the fields the rule names for its model are blank."""
    model = doomed.model
    [fields] = [fields for label, fields in rule.covers if label.lower() == model._meta.label_lower] or [()]
    rows = model._default_manager.filter(pk__in=ids)
    if not fields:
        return not rows.exists()
    blank = {name: _blank(model._meta.get_field(name)) for name in fields}
    return all(all(getattr(row, model._meta.get_field(name).attname) in (value, None, "", {}, [])
                   for name, value in blank.items()) for row in rows)


@pytest.mark.parametrize("key", sorted(BUILDERS))
def test_a_rule_run_past_its_period_destroys_what_it_names_and_registers_it(key, django_capture_on_commit_callbacks):
    rule = RULES[key]
    now = timezone.now()
    build = BUILDERS[key]
    with django_capture_on_commit_callbacks(execute=True):
        doomed, kept = build(now)
    event = getattr(build, "event", now)
    doomed_ids, kept_ids = set(doomed.values_list("pk", flat=True)), set(kept.values_list("pk", flat=True))
    assert doomed_ids
    [schedule] = [row for row in retention_schedule_sync() if row.rule == key]
    assert schedule.days == rule.retention.days and schedule.counts_from

    early = event + datetime.timedelta(days=schedule.days - 1)
    assert retention_rule_run(rule=rule, now=early) is None
    assert not _destroyed(rule, doomed, doomed_ids)

    late = event + datetime.timedelta(days=schedule.days + 1)
    with django_capture_on_commit_callbacks(execute=True):
        record = retention_rule_run(rule=rule, now=late)
    assert _destroyed(rule, doomed, doomed_ids)
    assert set(kept.model.objects.filter(pk__in=kept_ids).values_list("pk", flat=True)) == kept_ids
    assert not any(_destroyed(rule, kept, [pk]) for pk in kept_ids), "a row still in its period was touched"
    assert (record.rule, record.count, record.method, record.period_days, record.destroyed_at) == (
        key, len(doomed_ids), rule.method, schedule.days, late)
    assert record.file_name and record.what and record.subjects and record.counts_from == schedule.counts_from
    assert record.references, "the register names the records it destroyed"

    assert retention_rule_run(rule=rule, now=late) is None, "run twice it does nothing more"
    assert DestructionRecord.objects.count() == 1
    assert getattr(build, "check", lambda: True)(), "what goes with the rows (files, related rows) is gone too"
    if key == "applications.drafts":
        assert not storages["private"].exists(_drafts.path), "the draft's uploaded file is gone too"
    if key == "exemptions.identifiers":
        assert not any(storages["private"].exists(path) for path in _identifiers.paths)
        assert ExemptionRequest.objects.get(pk__in=doomed_ids).sensitive_purged_at == late
    if key == "privacy.access_log":
        assert access_log_verify().ok


def test_the_daily_task_runs_every_rule_once(django_capture_on_commit_callbacks):
    from unittest import mock

    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        for build in BUILDERS.values():
            build(now)
    later = max(getattr(build, "event", now) for build in BUILDERS.values()) + datetime.timedelta(days=4000)
    with mock.patch("privacy.retention.timezone.now", return_value=later), \
            django_capture_on_commit_callbacks(execute=True):
        destroyed = retention_run_task()
    assert destroyed >= len(BUILDERS)
    assert set(DestructionRecord.objects.values_list("rule", flat=True)) == set(BUILDERS)
    assert retention_run(now=later) == 0


def test_the_access_log_keeps_its_period_and_still_verifies(settings):
    settings.PRIVACY_ACCESS_LOG_RETENTION_DAYS = 730
    now = timezone.now()
    request = RequestFactory().get("/admin/")
    request.user = StaffFactory()
    company = CompanyFactory()
    from unittest import mock

    for days in (800, 731, 729, 10, 0):
        with mock.patch("privacy.access_log.timezone.now", return_value=now - datetime.timedelta(days=days)):
            access_log_record(request=request, action="view", obj=company,
                              subject=Subject(kind="company", id=company.pk, label=company.name_ko))
    kept = list(AccessLog.objects.order_by("id").values_list("id", flat=True))[2:]
    assert retention_run(now=now) == 2
    assert list(AccessLog.objects.order_by("id").values_list("id", flat=True)) == kept
    assert access_log_verify().ok
    record = DestructionRecord.objects.get()
    assert (record.rule, record.count, record.period_days) == ("privacy.access_log", 2, 730)
    first = min(kept) - 2
    assert record.references == [f"#{first}–#{first + 1}"], "consecutive ids are named as one range"


def test_a_period_staff_change_is_the_one_applied_and_its_approver_is_registered(client):
    from notifications.models import Notification
    from notifications.services import notification_create

    staff = StaffFactory(email="officer@seocho.go.kr")
    client.force_login(staff)
    listing = client.get(reverse("admin:privacy_retentionschedule_changelist"))
    assert listing.status_code == 200 and "notifications.notifications" in listing.content.decode()
    row = RetentionSchedule.objects.get(rule="notifications.notifications")
    response = client.post(reverse("admin:privacy_retentionschedule_change", args=[row.pk]),
                           {"days": 30, "active": "on", "note": "2026년 개인정보 보호계획"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.days, row.approved_by) == (30, staff) and row.approved_at

    notification_create(recipient=UserFactory(), template="portal/test_message", send_email=False)
    assert retention_run(now=timezone.now() + datetime.timedelta(days=31)) == 1
    assert not Notification.objects.exists()
    record = DestructionRecord.objects.get()
    assert (record.period_days, record.approved_by) == (30, "officer@seocho.go.kr")


def test_a_paused_rule_destroys_nothing():
    from notifications.models import Notification
    from notifications.services import notification_create

    retention_schedule_sync()
    RetentionSchedule.objects.filter(rule="notifications.notifications").update(active=False)
    notification_create(recipient=UserFactory(), template="portal/test_message", send_email=False)
    assert retention_run(now=timezone.now() + datetime.timedelta(days=4000)) == 0
    assert Notification.objects.count() == 1


def test_staff_read_and_export_the_register_and_others_cannot(client):
    from notifications.services import notification_create

    notification_create(recipient=UserFactory(), template="portal/test_message", send_email=False)
    retention_run(now=timezone.now() + datetime.timedelta(days=4000))
    client.force_login(UserFactory())
    assert client.get(reverse("admin:privacy_destructionrecord_changelist")).status_code == 302
    staff = StaffFactory()
    client.force_login(staff)
    page = client.get(reverse("admin:privacy_destructionrecord_changelist"))
    assert page.status_code == 200 and "알림" in page.content.decode()
    record = DestructionRecord.objects.get()
    assert client.get(reverse("admin:privacy_destructionrecord_change", args=[record.pk])).status_code == 200
    assert client.post(reverse("admin:privacy_destructionrecord_change", args=[record.pk]), {}).status_code == 403
    remember_reason(client, "export.destruction-register", reason="파기 대장 점검")
    response = client.post(reverse("admin:privacy_destructionrecord_changelist"),
                           {"action": "export_csv", "_selected_action": [record.pk]})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["id", "destroyed_at", "file", "what", "whose"]
    assert rows[1][5] == "1" and rows[1][7] == "notifications.notifications"
    assert AccessLog.objects.filter(action="export", object_label__startswith="destruction-register",
                                    reason="파기 대장 점검").exists()


def test_a_period_staff_set_in_the_schedule_is_the_one_the_policy_states(client):
    assert "1년" in client.get("/privacy/").content.decode()  # cached as it was
    client.force_login(StaffFactory())
    row = RetentionSchedule.objects.get(rule="tenants.bookings")
    client.post(reverse("admin:privacy_retentionschedule_change", args=[row.pk]),
                {"days": 200, "active": "on", "note": "회의실 예약 기록 단축"})
    client.logout()
    page = client.get("/privacy/").content.decode()
    row = page[page.index('data-file="bookings"'):]
    row = row[:row.index("</tr>")]
    assert "200일" in row and "1년" not in row


def test_staff_changing_a_period_are_told_to_publish_a_new_policy_version(client, settings):
    from privacy.models import PolicyKind, PolicyVersion

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(StaffFactory())
    retention_schedule_sync()
    row = RetentionSchedule.objects.get(rule="tenants.bookings")
    url = reverse("admin:privacy_retentionschedule_change", args=[row.pk])

    def save(days):
        page = client.post(url, {"days": days, "active": "on", "note": ""}, follow=True).content.decode()
        return "publish a new version" in page.lower()

    assert not save(200)  # no policy published yet: the policy page is written from the schedule itself
    PolicyVersion.objects.create(kind=PolicyKind.PRIVACY, version="2026-1", effective_on=datetime.date(2026, 1, 1),
                                 published_at=timezone.now())
    assert save(150)
    page = client.post(url, {"days": 120, "active": "on", "note": ""}, follow=True).content.decode()
    assert "version 2026-1" in page and reverse("admin:privacy_policyversion_add") in page
    assert not save(120)  # the same period saved again changes nothing the policy states


def test_an_identifier_purge_names_the_requests_by_receipt_number_never_the_identifiers(
        client, django_capture_on_commit_callbacks):
    """Staff find in the register which requests lost their passport and alien registration numbers (in the
    admin, by searching a receipt number, and in the export); the numbers destroyed appear nowhere."""
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        doomed, _kept = _identifiers(now)
    request = doomed.get()
    assert request.receipt_number
    answers = request.sensitive
    identifiers = [value for value in answers.values() if value] if isinstance(answers, dict) else []
    assert identifiers, "the request held identifiers before the purge"
    retention_schedule_sync()
    with django_capture_on_commit_callbacks(execute=True):
        record = retention_rule_run(rule=RULES["exemptions.identifiers"], now=now + datetime.timedelta(days=366))
    assert record.references == [request.receipt_number]

    client.force_login(StaffFactory())
    page = client.get(reverse("admin:privacy_destructionrecord_change", args=[record.pk])).content.decode()
    assert request.receipt_number in page
    listing = client.get(reverse("admin:privacy_destructionrecord_changelist"), {"q": request.receipt_number})
    assert f'/{record.pk}/change/' in listing.content.decode()
    remember_reason(client, "export.destruction-register", reason="파기 대장 점검")
    response = client.post(reverse("admin:privacy_destructionrecord_changelist"),
                           {"action": "export_csv", "_selected_action": [record.pk]})
    export = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(export)))
    assert rows[1][rows[0].index("records")] == request.receipt_number
    for value in identifiers:
        assert str(value) not in page and str(value) not in export and str(value) not in str(record.references)


def test_a_request_purged_before_it_was_received_is_named_by_its_id(django_capture_on_commit_callbacks):
    from exemptions.models import RequestStatus

    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        doomed, _kept = _identifiers(now)
    request = doomed.get()
    ExemptionRequest.objects.filter(pk=request.pk).update(receipt_number="", decided_at=None,
                                                         status=RequestStatus.INFO_REQUESTED, updated_at=now)
    retention_schedule_sync()
    record = retention_rule_run(rule=RULES["exemptions.identifiers"], now=now + datetime.timedelta(days=366))
    assert record.references == [f"#{request.pk}"]
