"""Requests as 민원: the receipt, the due date in working days (around Chuseok 2026), the pause while the
tenant supplies information, the extension with reasons, and the reminder to staff sent once."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from exemptions import services
from exemptions.models import ExemptionRequest, RequestStatus
from exemptions.services.processing import receipt_changes, request_due_date
from notifications.models import Notification
from notifications.services import notification_preview
from portal.formatting import format_kst_date
from portal.working_days import working_day_add, working_days_between
from tests.exemptions.conftest import file_immigration
from tests.factories import StaffFactory


@pytest.fixture
def filed(client, tenant):
    client.force_login(tenant.owner)
    file_immigration(client, tenant)
    return ExemptionRequest.objects.get()


def test_the_due_date_skips_chuseok_the_weekend_and_the_substitute_holiday(types):
    imm = types["IMM"]
    imm.processing_days = 7
    # Received on Wednesday 23 September 2026: 24–26 are Chuseok, 27 a Sunday, 3 October (a Saturday)
    # National Foundation Day with its substitute holiday on Monday 5 October.
    assert request_due_date(exemption_type=imm, received_on=dt.date(2026, 9, 23)) == dt.date(2026, 10, 7)
    received = dt.datetime(2026, 9, 23, 17, 50, tzinfo=timezone.get_current_timezone())
    request = ExemptionRequest(exemption_type=imm)
    assert receipt_changes(request=request, now=received) == {"received_at": received,
                                                             "receipt_number": "E-2026-0001",
                                                             "due_date": dt.date(2026, 10, 7)}


def test_the_receipt_gives_the_due_date_to_the_tenant(client, tenant, filed):
    today = timezone.localdate()
    assert filed.received_at is not None
    assert filed.due_date == working_day_add(today, filed.exemption_type.processing_days)
    receipt = Notification.objects.get(template="exemptions/request_received", recipient=tenant.owner)
    assert receipt.context["due_date"] == filed.due_date.isoformat()  # kept ISO, written in the reader's language
    korean = f"{filed.due_date.year}년 {filed.due_date.month}월 {filed.due_date.day}일 ("
    assert korean in receipt.title  # the e-mail's subject, by portal.formatting
    with translation.override("en"):
        english = format_kst_date(filed.due_date)
    body = notification_preview(template=receipt.template, context=receipt.context, language="en")["body"]
    assert english in body and filed.due_date.isoformat() not in body
    page = client.get(reverse("exemptions:request", args=[tenant.company.pk, filed.pk])).content.decode()
    assert f'data-testid="due-date">{korean}' in page
    assert f"{filed.due_date:%Y-%m-%d}" not in page


def test_the_days_spent_supplying_information_are_not_counted(tenant, filed):
    services.request_ask_info(request=filed, actor=StaffFactory(), reason="계약서를 다시 올려 주세요.")
    asked_on = timezone.localdate() - dt.timedelta(days=7)  # a week ago: five working days at most
    filed.transitions.filter(name="ask_info").update(
        at=timezone.make_aware(dt.datetime.combine(asked_on, dt.time(9))))
    services.request_transition(request=ExemptionRequest.objects.get(pk=filed.pk), to_status=RequestStatus.SUBMITTED,
                                actor=tenant.owner)
    paused = working_days_between(asked_on, timezone.localdate())
    due = filed.due_date
    filed.refresh_from_db()
    assert paused >= 3 and filed.due_date == working_day_add(due, paused)


def test_an_extension_needs_reasons_moves_the_due_date_once_and_tells_the_tenant(client, tenant, staff, filed):
    client.force_login(staff)
    url = reverse("admin:exemptions_exemptionrequest_extend", args=[filed.pk])
    change = client.get(reverse("admin:exemptions_exemptionrequest_change", args=[filed.pk]))
    buttons = {button["transition"].name: button["url"] for button in change.context["workflow_buttons"]}
    assert buttons["extend"] == url
    response = client.post(url, {"days": "5", "reason": ""})
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    response = client.post(url, {"days": "50", "reason": "현장 확인 필요"})
    assert response.status_code == 200 and "days" in response.context["form"].errors
    due = ExemptionRequest.objects.get(pk=filed.pk).due_date
    response = client.post(url, {"days": "5", "reason": "출입국관리사무소 사실 조회가 필요합니다."})
    assert response.status_code == 302
    filed.refresh_from_db()
    assert filed.due_date == working_day_add(due, 5) and filed.extension_days == 5
    notice = Notification.objects.get(template="exemptions/request_extended", recipient=tenant.owner)
    assert notice.context["extension_reason"] == "출입국관리사무소 사실 조회가 필요합니다."
    response = client.post(url, {"days": "3", "reason": "다시"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    client.force_login(tenant.owner)
    page = client.get(reverse("exemptions:request", args=[tenant.company.pk, filed.pk])).content.decode()
    assert "출입국관리사무소 사실 조회가 필요합니다." in page


def test_staff_are_reminded_once_before_the_due_date_and_again_after_an_extension(tenant, staff, filed):
    due = filed.due_date
    before = working_day_add(timezone.localdate() - dt.timedelta(days=30), 0)
    assert services.request_due_reminders_send(today=before) == 0  # not yet
    day = due - dt.timedelta(days=1)
    assert services.request_due_reminders_send(today=day) == 1
    assert services.request_due_reminders_send(today=day) == 0  # idempotent
    reminders = Notification.objects.filter(template="exemptions/request_due_soon")
    assert list(reminders.values_list("recipient", flat=True)) == [staff.pk]
    services.request_extend(request=filed, actor=staff, days=5, reason="추가 검토")
    assert services.request_due_reminders_send(today=day) == 0
    assert services.request_due_reminders_send(today=working_day_add(due, 5)) == 1
    assert reminders.count() == 2


def test_the_admin_list_sorts_by_due_date_and_marks_the_overdue(client, tenant, staff, filed):
    ExemptionRequest.objects.filter(pk=filed.pk).update(due_date=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(staff)
    url = reverse("admin:exemptions_exemptionrequest_changelist")
    page = client.get(url, {"o": "7"}).content.decode()
    assert 'data-overdue="1"' in page
    assert client.get(url, {"due": "overdue"}).context["cl"].result_count == 1
    assert client.get(url, {"due": "soon"}).context["cl"].result_count == 0


def _receipt(year: int, number: int) -> str:
    return f"E-{year}-{number:04d}"


def test_a_request_gets_its_receipt_number_when_it_reaches_staff_and_the_tenant_reads_it(
        client, tenant, django_capture_on_commit_callbacks):
    client.force_login(tenant.owner)
    year = timezone.localdate().year
    with django_capture_on_commit_callbacks(execute=True):
        file_immigration(client, tenant, employee_consents=False)
    waiting = ExemptionRequest.objects.get()
    assert waiting.status == RequestStatus.AWAITING_CONSENT and waiting.receipt_number == ""  # not yet received

    from tests.exemptions.conftest import employee_consent

    with django_capture_on_commit_callbacks(execute=True):
        employee_consent(client, waiting)
    waiting.refresh_from_db()
    assert waiting.receipt_number == _receipt(year, 1)

    client.force_login(tenant.owner)
    page = client.get(reverse("exemptions:request", args=[tenant.company.pk, waiting.pk])).content.decode()
    assert f'data-testid="receipt-number">{_receipt(year, 1)}<' in page and "접수번호" in page
    listing = client.get(reverse("exemptions:list", args=[tenant.company.pk])).content.decode()
    assert _receipt(year, 1) in listing
    [receipt] = [m for m in mail.outbox if m.to == [tenant.owner.email] and _receipt(year, 1) in m.subject]
    assert f"접수번호: {_receipt(year, 1)}" in receipt.body


def test_receipt_numbers_follow_on_and_a_second_receipt_keeps_the_first_number(client, tenant, staff, filed):
    year = timezone.localdate().year
    assert filed.receipt_number == _receipt(year, 1)
    services.request_ask_info(request=filed, actor=staff, reason="계약서를 다시 올려 주세요.")
    services.request_transition(request=ExemptionRequest.objects.get(pk=filed.pk), to_status=RequestStatus.SUBMITTED,
                                actor=tenant.owner)
    filed.refresh_from_db()
    assert filed.receipt_number == _receipt(year, 1)  # supplying information is not a new receipt

    client.force_login(tenant.owner)
    file_immigration(client, tenant, passport_number="M87654321", full_name="Jane Doe")
    assert ExemptionRequest.objects.latest("pk").receipt_number == _receipt(year, 2)


def test_staff_find_a_request_by_its_receipt_number_and_read_it_in_the_reminder(client, staff, filed):
    client.force_login(staff)
    url = reverse("admin:exemptions_exemptionrequest_changelist")
    found = client.get(url, {"q": filed.receipt_number})
    assert found.context["cl"].result_count == 1 and filed.receipt_number in found.content.decode()
    change = client.get(reverse("admin:exemptions_exemptionrequest_change", args=[filed.pk])).content.decode()
    assert filed.receipt_number in change

    services.request_due_reminders_send(today=filed.due_date)
    reminder = Notification.objects.get(template="exemptions/request_due_soon")
    assert reminder.context["receipt_number"] == filed.receipt_number


def test_the_migration_numbers_the_requests_received_before_in_order_and_the_counter_follows_on(tenant, filed):
    import importlib

    from django.apps import apps

    from portal.numbering import number_last

    migration = importlib.import_module("exemptions.migrations.0014_number_received_requests")
    year = timezone.localdate().year
    ExemptionRequest.objects.filter(pk=filed.pk).update(receipt_number="")
    from portal.models import NumberCounter

    NumberCounter.objects.filter(series="exemptions:receipt").delete()

    migration.forwards(apps, None)

    filed.refresh_from_db()
    assert filed.receipt_number == _receipt(year, 1)
    assert number_last(series="exemptions:receipt", year=year) == 1
