"""1:1 inquiries: filed by anyone signed in about their own objects only, numbered without gaps, routed,
answered by e-mail in the asker's language, reopened within the period; internal notes stay with staff;
overdue on the working day after the due date."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from helpdesk import services
from helpdesk.models import FAQ, Inquiry, InquiryRoute
from helpdesk.workflow import INQUIRY_WORKFLOW, Actor, InquiryStatus
from notifications.models import Notification
from portal.exceptions import DomainError
from tests.factories import PASSWORD, ApplicationFactory, CallFactory, StaffFactory, UserFactory
from tests.samples import pdf_bytes
from tests.workflows import assert_triple, walk_cases

pytestmark = pytest.mark.django_db

SEOUL = datetime.timezone(datetime.timedelta(hours=9))
SECRET_NOTE = "내부 검토: 체납 이력 있음, 답변에 쓰지 말 것"


def _login(client, user):
    assert client.login(username=user.email, password=PASSWORD)
    return client


def _file(asker, **kwargs):
    return services.inquiry_submit(asker=asker, category=kwargs.pop("category", "billing"),
                                   subject=kwargs.pop("subject", "청구서 문의"), body="금액을 확인해 주십시오.",
                                   **kwargs)


def test_an_applicant_files_an_inquiry_with_a_file_about_their_own_application(
        client, django_capture_on_commit_callbacks):
    applicant = UserFactory(role="applicant")
    application = ApplicationFactory(applicant=applicant, call=CallFactory())
    routed = StaffFactory(email="rooms-officer@seocho.go.kr")
    InquiryRoute.objects.create(category="application").staff.add(routed)
    _login(client, applicant)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/inquiries/new/", {
            "category": "application", "subject": "서류 보완 문의", "body": "사업자등록증을 다시 올려도 됩니까?",
            "application": application.pk, "attachments": [SimpleUploadedFile("사업자등록증.pdf", pdf_bytes())],
        })

    inquiry = Inquiry.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/inquiries/{inquiry.pk}/"
    assert inquiry.number == f"Q-{timezone.localdate().year}-0001"
    assert (inquiry.status, inquiry.application, inquiry.asker) == (InquiryStatus.RECEIVED, application, applicant)
    assert inquiry.attachments.get().name == "사업자등록증.pdf"
    assert [m.to for m in mail.outbox] == [[routed.email]]  # routed to the category's staff only
    page = client.get(f"/inquiries/{inquiry.pk}/").content.decode()
    assert inquiry.number in page and "사업자등록증을 다시 올려도 됩니까?" in page
    assert client.get(f"/inquiries/{inquiry.pk}/files/{inquiry.attachments.get().pk}/").status_code == 200


def test_nobody_asks_about_someone_elses_application_invoice_or_booking(client):
    asker, other = UserFactory(role="applicant"), UserFactory(role="applicant")
    others_application = ApplicationFactory(applicant=other, call=CallFactory())
    _login(client, asker)
    data = {"category": "application", "subject": "남의 신청서", "body": "?", "application": others_application.pk}

    # Without applications of their own the field is not offered and a posted id is ignored.
    client.post("/inquiries/new/", data)
    assert Inquiry.objects.get().application is None
    # With one, only their own are accepted.
    ApplicationFactory(applicant=asker, call=CallFactory())
    response = client.post("/inquiries/new/", data)
    assert response.status_code == 200 and Inquiry.objects.count() == 1
    with pytest.raises(DomainError) as refused:
        _file(asker, application=others_application)
    assert refused.value.code == "not_own_object"


def test_refused_files_are_reported_beside_the_field(client):
    _login(client, UserFactory(role="tenant_member"))
    response = client.post("/inquiries/new/", {
        "category": "other", "subject": "파일", "body": "첨부합니다.",
        "attachments": [SimpleUploadedFile("run.pdf", b"MZ\x90\x00 a program")]})
    assert response.status_code == 200 and not Inquiry.objects.exists()
    assert 'id="error-summary"' in response.content.decode()


def test_an_inquiry_is_invisible_to_everyone_but_its_asker(client):
    asker = UserFactory(role="applicant")
    inquiry = _file(asker, files=[SimpleUploadedFile("a.pdf", pdf_bytes())])
    attachment = inquiry.attachments.get()
    for intruder in (UserFactory(role="applicant"), UserFactory(role="evaluator"), StaffFactory()):
        client.logout()
        _login(client, intruder)
        assert inquiry.subject not in client.get("/inquiries/").content.decode()
        assert client.get(f"/inquiries/{inquiry.pk}/").status_code == 404
        assert client.get(f"/inquiries/{inquiry.pk}/files/{attachment.pk}/").status_code == 404
        assert client.post(f"/inquiries/{inquiry.pk}/resolve/").status_code == 404
        assert client.post(f"/inquiries/{inquiry.pk}/reopen/", {"reason": "x"}).status_code == 404


def test_numbers_are_gap_free_per_year_even_after_a_rolled_back_filing():
    asker = UserFactory()
    year = timezone.localdate().year
    assert _file(asker).number == f"Q-{year}-0001"
    with pytest.raises(RuntimeError), transaction.atomic():
        _file(asker)
        raise RuntimeError("the filing fails after taking its number")
    assert _file(asker).number == f"Q-{year}-0002"


def test_internal_notes_never_reach_the_askers_pages_or_emails(client, django_capture_on_commit_callbacks):
    asker = UserFactory(role="tenant_member", preferred_language="en")
    officer = StaffFactory()
    inquiry = _file(asker)
    services.inquiry_note_add(inquiry=inquiry, author=officer, body=SECRET_NOTE)
    with django_capture_on_commit_callbacks(execute=True):
        inquiry = services.inquiry_assign(inquiry=inquiry, officer=officer, actor=officer)
        inquiry = services.inquiry_answer(inquiry=inquiry, actor=officer, answer="Invoices are due on the 25th.")

    answered = [m for m in mail.outbox if m.to == [asker.email]]
    assert len(answered) == 1
    assert answered[0].subject == f"Your inquiry {inquiry.number} has been answered"  # the asker's language
    assert "Invoices are due on the 25th." in answered[0].body
    _login(client, asker)
    pages = [client.get(path).content.decode() for path in ("/inquiries/", f"/inquiries/{inquiry.pk}/",
                                                            "/notifications/")]
    assert "Invoices are due on the 25th." in pages[1]
    for text in (*pages, *(m.body for m in answered), *(str(m.alternatives) for m in answered),
                 *(str(n.context) + n.title for n in Notification.objects.filter(recipient=asker))):
        assert "체납 이력" not in text


def test_staff_see_and_add_notes_in_the_admin_queue_sorted_by_due_date(client, monkeypatch):
    staff = StaffFactory()
    asker = UserFactory()
    monkeypatch.setattr(timezone, "now", lambda: datetime.datetime(2026, 12, 1, 10, tzinfo=SEOUL))
    early = _file(asker, subject="먼저 받은 문의")
    monkeypatch.setattr(timezone, "now", lambda: datetime.datetime(2026, 12, 3, 10, tzinfo=SEOUL))
    late = _file(asker, subject="나중 받은 문의")
    services.inquiry_note_add(inquiry=early, author=staff, body=SECRET_NOTE)
    _login(client, staff)

    queue = client.get("/admin/helpdesk/inquiry/").content.decode()
    assert queue.index(early.number) < queue.index(late.number)
    assert SECRET_NOTE in client.get(f"/admin/helpdesk/inquiry/{early.pk}/change/").content.decode()


def test_overdue_on_the_working_day_after_the_due_date(client, monkeypatch):
    # Received on Thursday 24 December 2026: Christmas, New Year's Day and the weekends are not counted,
    # so seven working days end on Wednesday 6 January 2027.
    monkeypatch.setattr(timezone, "now", lambda: datetime.datetime(2026, 12, 24, 15, tzinfo=SEOUL))
    inquiry = _file(UserFactory())
    assert inquiry.due_on == datetime.date(2027, 1, 6)
    staff = StaffFactory()
    _login(client, staff)

    for day, overdue in ((datetime.date(2027, 1, 6), False), (datetime.date(2027, 1, 7), True)):
        monkeypatch.setattr(timezone, "now", lambda day=day: datetime.datetime.combine(
            day, datetime.time(9), tzinfo=SEOUL))
        assert inquiry.is_overdue() is overdue
        page = client.get("/admin/helpdesk/inquiry/?due=overdue").content.decode()
        assert (inquiry.number in page) is overdue
        assert ("inquiry-overdue" in client.get("/admin/helpdesk/inquiry/").content.decode()) is overdue

    services.inquiry_answer(inquiry=inquiry, actor=staff, answer="답변드립니다.")
    assert not Inquiry.objects.get(pk=inquiry.pk).is_overdue()


def test_the_asker_reopens_within_the_period_and_not_after(client, monkeypatch, settings,
                                                           django_capture_on_commit_callbacks):
    asker, officer = UserFactory(), StaffFactory()
    inquiry = services.inquiry_answer(inquiry=_file(asker), actor=officer, answer="답변입니다.")
    inquiry = services.inquiry_resolve(inquiry=inquiry, actor=asker)
    _login(client, asker)

    answered_at = inquiry.answered_at
    monkeypatch.setattr(timezone, "now", lambda: answered_at + datetime.timedelta(days=13))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/inquiries/{inquiry.pk}/reopen/", {"reason": "납부 기한도 알려 주십시오."})
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.ASSIGNED and inquiry.assigned_to == officer
    assert inquiry.due_on > answered_at.date()
    assert [m.to for m in mail.outbox][-1] == [officer.email]
    assert "납부 기한도 알려 주십시오." in client.get(f"/inquiries/{inquiry.pk}/").content.decode()

    inquiry = services.inquiry_answer(inquiry=inquiry, actor=officer)
    monkeypatch.setattr(timezone, "now", lambda: inquiry.answered_at + datetime.timedelta(
        days=settings.HELPDESK_INQUIRY_REOPEN_DAYS, seconds=1))
    with pytest.raises(DomainError) as refused:
        services.inquiry_reopen(inquiry=inquiry, actor=asker, reason="다시")
    assert refused.value.code == "reopen_period"


def test_staff_turn_an_answer_into_an_unpublished_faq_entry(client):
    staff = StaffFactory()
    inquiry = services.inquiry_answer(inquiry=_file(UserFactory(), subject="회의실 취소는 언제까지?"), actor=staff,
                                      answer="이용 1시간 전까지 취소해 주십시오.")
    _login(client, staff)
    response = client.post("/admin/helpdesk/inquiry/", {"action": "make_faq", "_selected_action": [inquiry.pk]})
    faq = FAQ.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/admin/helpdesk/faq/{faq.pk}/change/"
    assert (faq.question_ko, faq.answer_ko, faq.is_published, faq.source_inquiry) == (
        "회의실 취소는 언제까지?", "이용 1시간 전까지 취소해 주십시오.", False, inquiry)
    assert "회의실 취소는 언제까지?" not in client.get("/faq/").content.decode()


def test_staff_cannot_delete_inquiries():
    staff = StaffFactory()
    assert not staff.has_perm("helpdesk.delete_inquiry") and staff.has_perm("helpdesk.change_inquiry")
    assert Permission.objects.filter(codename="delete_inquiry").exists()


@pytest.mark.parametrize(("status", "name", "role"), walk_cases(INQUIRY_WORKFLOW, [Actor.STAFF, Actor.ASKER]))
def test_the_workflow_table(status, name, role):
    asker = UserFactory()
    inquiry = _file(asker)
    Inquiry.objects.filter(pk=inquiry.pk).update(status=status)
    inquiry.refresh_from_db()
    user = {Actor.STAFF: StaffFactory(), Actor.ASKER: asker}.get(role)
    assert_triple(workflow=INQUIRY_WORKFLOW, instance=inquiry, name=name, role=role, user=user)


def test_staff_save_an_answer_then_send_it_with_the_admins_button(client, django_capture_on_commit_callbacks):
    asker, staff = UserFactory(), StaffFactory()
    inquiry = _file(asker)
    _login(client, staff)
    assert client.post(f"/admin/helpdesk/inquiry/{inquiry.pk}/workflow/answer/").status_code == 302
    assert Inquiry.objects.get(pk=inquiry.pk).status == InquiryStatus.RECEIVED  # nothing written yet: refused

    Inquiry.objects.filter(pk=inquiry.pk).update(answer="다음 달 청구서에서 정정하겠습니다.")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/helpdesk/inquiry/{inquiry.pk}/workflow/answer/")
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.answered_by, inquiry.assigned_to) == (InquiryStatus.ANSWERED, staff, staff)
    assert [m.to for m in mail.outbox] == [[asker.email]] and "정정하겠습니다" in mail.outbox[0].body


@pytest.mark.parametrize("path", ["/notices/", "/faq/", "/inquiries/"])
def test_list_pages_take_the_same_queries_for_many_rows(client, path, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import FAQFactory, NoticeFactory

    asker = UserFactory()
    _login(client, asker)

    def grow(count):
        for _ in range(count):
            NoticeFactory()
            FAQFactory()
            _file(asker)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    grow(2)
    few = queries()
    grow(8)
    assert queries() == few


def test_staff_reading_an_inquiry_and_downloading_its_file_are_in_the_access_log(client):
    from privacy.access_log import AccessLog

    asker, staff = UserFactory(), StaffFactory()
    inquiry = _file(asker, files=[SimpleUploadedFile("자료.pdf", pdf_bytes())])
    attachment = inquiry.attachments.get()
    _login(client, staff)

    assert client.get(f"/admin/helpdesk/inquiry/{inquiry.pk}/change/").status_code == 200
    url = f"/admin/helpdesk/inquiry/{inquiry.pk}/files/{attachment.pk}/"
    assert b"access_reason" in client.get(url).content  # the reason first
    response = client.post(url, {"access_reason": "문의 답변 작성", "access_reason_method": "GET"})
    assert response.status_code == 302
    download = client.get(url)
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    logged = list(AccessLog.objects.filter(subject_id=str(asker.pk)).values_list("action", "reason"))
    assert ("view", "") in logged and ("download", "문의 답변 작성") in logged
