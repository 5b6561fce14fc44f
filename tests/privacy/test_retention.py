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

from privacy.access_log import AccessLog, Subject, access_log_record, access_log_verify
from privacy.models import DestructionRecord, RetentionSchedule
from privacy.retention import RULES, retention_rule_run, retention_run, retention_schedule_sync
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
    "privacy.rights_requests": _rights_requests,
}


def test_every_rule_has_a_case_here():
    assert set(RULES) == set(BUILDERS)


@pytest.mark.parametrize("key", sorted(BUILDERS))
def test_a_rule_run_past_its_period_destroys_what_it_names_and_registers_it(key, django_capture_on_commit_callbacks):
    rule = RULES[key]
    now = timezone.now()
    doomed, kept = BUILDERS[key](now)
    doomed_ids, kept_ids = set(doomed.values_list("pk", flat=True)), set(kept.values_list("pk", flat=True))
    assert doomed_ids
    [schedule] = [row for row in retention_schedule_sync() if row.rule == key]
    assert schedule.days == rule.retention.days and schedule.counts_from

    early = now + datetime.timedelta(days=schedule.days - 1)
    assert retention_rule_run(rule=rule, now=early) is None
    assert set(doomed.model.objects.filter(pk__in=doomed_ids).values_list("pk", flat=True)) == doomed_ids

    late = now + datetime.timedelta(days=schedule.days + 1)
    with django_capture_on_commit_callbacks(execute=True):
        record = retention_rule_run(rule=rule, now=late)
    assert not doomed.model.objects.filter(pk__in=doomed_ids).exists()
    assert set(kept.model.objects.filter(pk__in=kept_ids).values_list("pk", flat=True)) == kept_ids
    assert (record.rule, record.count, record.method, record.period_days, record.destroyed_at) == (
        key, len(doomed_ids), rule.method, schedule.days, late)
    assert record.file_name and record.what and record.subjects and record.counts_from == schedule.counts_from

    assert retention_rule_run(rule=rule, now=late) is None, "run twice it does nothing more"
    assert DestructionRecord.objects.count() == 1
    if key == "applications.drafts":
        assert not storages["private"].exists(_drafts.path), "the draft's uploaded file is gone too"
    if key == "privacy.access_log":
        assert access_log_verify().ok


def test_the_daily_task_runs_every_rule_once(django_capture_on_commit_callbacks):
    now = timezone.now()
    for build in BUILDERS.values():
        build(now - datetime.timedelta(days=4000))
    from accounts.models import SecurityEvent
    from messaging.models import Delivery, PhoneVerification
    from notifications.models import Notification
    from privacy.models import RightsRequest

    SecurityEvent.objects.update(at=now - datetime.timedelta(days=4000))
    Notification.objects.update(created_at=now - datetime.timedelta(days=4000))
    Delivery.objects.update(created_at=now - datetime.timedelta(days=4000))
    PhoneVerification.objects.update(created_at=now - datetime.timedelta(days=4000))
    RightsRequest.objects.exclude(answered_at=None).update(answered_at=now - datetime.timedelta(days=4000))
    from applications.models import Call

    Call.objects.update(opens_at=now - datetime.timedelta(days=4100), closes_at=now - datetime.timedelta(days=4000))
    with django_capture_on_commit_callbacks(execute=True):
        destroyed = retention_run_task()
    assert destroyed == 6  # one of each, the access log being two years old only on a moved clock
    assert set(DestructionRecord.objects.values_list("rule", flat=True)) == set(BUILDERS) - {"privacy.access_log"}
    assert retention_run() == 0


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
