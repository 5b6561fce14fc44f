"""Submitting: the window in Korea time, completeness, receipt numbers, one submission, one company."""

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.models import Application, Call
from notifications.models import Notification
from portal.exceptions import DomainError, TransitionNotAllowed
from portal.models import StatusChange
from tests.applications.conftest import make_complete_draft
from tests.factories import DECLARATION, ApplicationFactory, UserFactory

SEOUL = ZoneInfo("Asia/Seoul")


def submit_url(application):
    return reverse("applications:submit", args=[application.pk])


def test_submit_assigns_a_receipt_number_and_makes_the_application_read_only(
    applicant_client, applicant, call, complete_draft, django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = applicant_client.post(submit_url(complete_draft), DECLARATION, follow=True)
    complete_draft.refresh_from_db()
    assert complete_draft.status == "submitted"
    assert complete_draft.receipt_number == f"{call.code}-0001"
    assert complete_draft.submitted_at is not None
    page = response.content.decode()
    assert f"{call.code}-0001" in page and "Received" in page
    transition = StatusChange.objects.get(application=complete_draft)
    assert (transition.name, transition.from_status, transition.to_status, transition.actor) == (
        "submit", "draft", "submitted", applicant)
    # Read-only now: a later change is refused and nothing changes.
    response = applicant_client.post(reverse("applications:step", args=[complete_draft.pk, "company"]),
                                     {"company_name_ko": "바뀐 이름"}, follow=True)
    assert "can no longer be changed" in response.content.decode()
    complete_draft.refresh_from_db()
    assert complete_draft.company_name_ko != "바뀐 이름"
    # Notice and e-mail in the applicant's language, with the receipt number.
    notice = Notification.objects.get(recipient=applicant, template="applications/submitted")
    assert notice.title == f"Application {call.code}-0001 received"
    assert len(mail.outbox) == 1 and f"{call.code}-0001" in mail.outbox[0].body
    assert mail.outbox[0].to == [applicant.email]


def test_the_confirmation_is_in_korean_for_a_korean_applicant(call, django_capture_on_commit_callbacks):
    applicant = UserFactory(preferred_language="ko")
    application = make_complete_draft(applicant=applicant, call=call)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=application, actor=applicant, declared_true=True)
    assert mail.outbox[0].subject == f"신청서 {call.code}-0001 접수 완료"
    assert "접수번호" in mail.outbox[0].body


def test_receipt_numbers_follow_each_other_per_call(call):
    first = make_complete_draft(applicant=UserFactory(), call=call)
    second = make_complete_draft(applicant=UserFactory(), call=call)
    second = services.application_submit(application=second, actor=second.applicant, declared_true=True)
    first = services.application_submit(application=first, actor=first.applicant, declared_true=True)
    assert second.receipt_number == f"{call.code}-0001"
    assert first.receipt_number == f"{call.code}-0002"
    call.refresh_from_db()
    assert call.last_receipt_sequence == 2


def test_receipt_numbers_leave_the_calls_history_to_real_changes(call):
    changes = call.history.count()
    for _ in range(3):
        application = make_complete_draft(applicant=UserFactory(), call=call)
        services.application_submit(application=application, actor=application.applicant, declared_true=True)
    assert call.history.count() == changes  # the staff's history of the call shows no counter steps
    assert Application.history.filter(receipt_number=f"{call.code}-0003").exists()


def test_the_review_page_lists_what_is_missing_with_links(applicant_client, applicant, call):
    application = ApplicationFactory(applicant=applicant, call=call, ceo_name="", headcount=None)
    page = applicant_client.get(reverse("applications:review", args=[application.pk])).content.decode()
    step = reverse("applications:step", args=[application.pk, "company"])
    assert f'href="{step}#id_ceo_name"' in page and "CEO is missing." in page
    assert f'{reverse("applications:step", args=[application.pk, "team"])}#id_headcount' in page
    plan = call.document_types.get(name_en="Business plan")
    assert f'{reverse("applications:documents", args=[application.pk])}#document-{plan.pk}' in page
    assert "The document “Business plan” is missing." in page
    assert "Submit the application" not in page
    response = applicant_client.post(submit_url(application), DECLARATION, follow=True)
    assert "The application is not complete yet" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "draft" and application.receipt_number == ""


def _closing_tomorrow_at_six(call) -> datetime:
    tomorrow = timezone.localdate() + timedelta(days=1)
    closes = datetime(tomorrow.year, tomorrow.month, tomorrow.day, 18, 0, 0, tzinfo=SEOUL)
    Call.objects.filter(pk=call.pk).update(closes_at=closes)
    call.refresh_from_db()
    return closes


def test_one_second_before_closing_is_accepted(applicant_client, call, complete_draft, monkeypatch):
    closes = _closing_tomorrow_at_six(call)
    monkeypatch.setattr(timezone, "now", lambda: closes - timedelta(seconds=1))
    applicant_client.post(submit_url(complete_draft), DECLARATION)
    complete_draft.refresh_from_db()
    assert complete_draft.status == "submitted"
    assert timezone.localtime(complete_draft.submitted_at).strftime("%H:%M:%S") == "17:59:59"


@pytest.mark.parametrize("after", [0, 1])
def test_closing_time_and_one_second_after_are_refused(applicant_client, call, complete_draft, monkeypatch, after):
    closes = _closing_tomorrow_at_six(call)
    monkeypatch.setattr(timezone, "now", lambda: closes + timedelta(seconds=after))
    response = applicant_client.post(submit_url(complete_draft), DECLARATION, follow=True)
    page = response.content.decode()
    assert "applications are no longer accepted" in page
    assert "18:00 KST: applications are no longer accepted" in page  # the deadline in Korea time
    complete_draft.refresh_from_db()
    assert complete_draft.status == "draft" and complete_draft.receipt_number == ""


def test_a_double_click_submits_once(applicant_client, call, complete_draft):
    applicant_client.post(submit_url(complete_draft), DECLARATION)
    response = applicant_client.post(submit_url(complete_draft), DECLARATION, follow=True)
    assert "already been submitted" in response.content.decode()
    assert Application.objects.exclude(receipt_number="").count() == 1
    call.refresh_from_db()
    assert call.last_receipt_sequence == 1
    assert StatusChange.objects.filter(name="submit").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submits_give_one_receipt(applicant, call):
    application = make_complete_draft(applicant=applicant, call=call)
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            barrier.wait()
            services.application_submit(application=Application.objects.get(pk=application.pk), actor=applicant,
                                         declared_true=True)
            outcomes.append("ok")
        except TransitionNotAllowed:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["ok", "refused"]
    application.refresh_from_db()
    assert application.receipt_number == f"{call.code}-0001"
    assert Call.objects.get(pk=call.pk).last_receipt_sequence == 1
    assert StatusChange.objects.filter(application=application, name="submit").count() == 1


def test_one_application_per_business_registration_number_per_call(applicant_client, applicant, call):
    other = make_complete_draft(applicant=UserFactory(), call=call, business_registration_number="1208147521")
    services.application_submit(application=other, actor=other.applicant, declared_true=True)
    mine = make_complete_draft(applicant=applicant, call=call, business_registration_number="1208147521")
    page = applicant_client.get(reverse("applications:review", args=[mine.pk])).content.decode()
    assert "Another application with this business registration number has already been submitted" in page
    with pytest.raises(DomainError):
        services.application_submit(application=mine, actor=applicant, declared_true=True)
    response = applicant_client.post(reverse("applications:step", args=[mine.pk, "company"]),
                                     {"business_registration_number": "120-81-47521"})
    assert "Another application with this business registration number" in response.content.decode()


@pytest.mark.worker
def test_the_confirmation_email_goes_out_through_a_real_worker(client, call, celery_worker, smtp):
    from tests.services import wait_for

    applicant = UserFactory(preferred_language="ko")
    application = make_complete_draft(applicant=applicant, call=call)
    client.force_login(applicant)
    client.post(submit_url(application), DECLARATION)
    message = wait_for(lambda: smtp.messages, timeout=30)[0]
    assert message["To"] == applicant.email
    assert message["Subject"] == f"신청서 {call.code}-0001 접수 완료"
    assert f"{call.code}-0001" in message.get_body(("plain",)).get_content()


def test_foreign_employees_never_outnumber_the_headcount_even_when_the_headcount_typed_is_refused(
    applicant_client, applicant, call
):
    draft = make_complete_draft(applicant=applicant, call=call, headcount=20, foreign_employees=0)
    team = reverse("applications:step", args=[draft.pk, "team"])
    response = applicant_client.post(team, {"headcount": "5", "foreign_employees": "30",
                                            "relocation_commitment": "on"})
    page = response.content.decode()
    assert "This call accepts companies of 20 to 42 full-time employees." in page
    assert "Foreign employees cannot outnumber the full-time headcount." in page  # against the saved 20
    draft.refresh_from_db()
    assert (draft.headcount, draft.foreign_employees) == (20, 0)


def test_an_application_with_more_foreign_employees_than_staff_cannot_be_submitted(applicant_client, applicant,
                                                                                  call):
    draft = make_complete_draft(applicant=applicant, call=call, headcount=20, foreign_employees=30)
    page = applicant_client.get(reverse("applications:review", args=[draft.pk])).content.decode()
    assert "Foreign employees cannot outnumber the full-time headcount." in page
    with pytest.raises(DomainError):
        services.application_submit(application=draft, actor=applicant, declared_true=True)
    draft.refresh_from_db()
    assert draft.receipt_number in ("", None)
