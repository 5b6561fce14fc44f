"""Data subjects' requests (PIPA §35–§37): filed from the account or through the public form once the address is
verified, due ten working days after receipt, handled by staff in the admin, the outcome e-mailed in the
requester's language."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.formatting import format_kst_date
from portal.working_days import working_day_add
from privacy.models import RightsRequest
from privacy.rights import rights_request_file
from privacy.workflow import RIGHTS_WORKFLOW, Actor
from tests.factories import StaffFactory, UserFactory
from tests.workflows import assert_triple, walk_cases

pytestmark = pytest.mark.django_db

FORM = {"kind": "correction", "name": "Nguyen Van An", "email": "an@example.com",
        "details": "My name is misspelt in the exemption request of my employer."}


def _link(message) -> str:
    return re.search(r"/privacy/requests/confirm/[^/\s]+/", message.body).group(0)


def _post_form(client, data=None, language="en", capture=None):
    with capture(execute=True):
        return client.post(reverse("privacy:rights_new"), data or FORM, HTTP_ACCEPT_LANGUAGE=language)


def test_someone_without_an_account_files_a_request_only_by_opening_the_e_mailed_link(
        client, django_capture_on_commit_callbacks):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = _post_form(client, capture=django_capture_on_commit_callbacks)
    assert page.status_code == 200 and b"Check your mailbox" in page.content
    assert not RightsRequest.objects.exists(), "nothing is recorded before the address is verified"
    [message] = mail.outbox
    assert message.to == ["an@example.com"] and "Confirm your request" in message.subject
    link = _link(message)

    shown = client.get(link)
    assert b"Nguyen Van An" in shown.content and b"File the request" in shown.content
    assert not RightsRequest.objects.exists(), "opening the link (a mail scanner) files nothing"

    with django_capture_on_commit_callbacks(execute=True):
        filed_page = client.post(link)
    request = RightsRequest.objects.get()
    assert (request.kind, request.status, request.email, request.language, request.user) == (
        "correction", "received", "an@example.com", "en", None)
    assert request.due_on == working_day_add(timezone.localdate(), 10)
    assert f"no. {request.pk}".encode() in filed_page.content
    receipt = mail.outbox[-1]
    assert receipt.to == ["an@example.com"] and request.due_on.strftime("%Y") in receipt.body
    assert request.transitions.get().to_status == "received"

    client.post(link)
    assert RightsRequest.objects.count() == 1, "the same link files one request"


def test_a_forged_or_expired_link_files_nothing(client, settings, django_capture_on_commit_callbacks):
    _post_form(client, capture=django_capture_on_commit_callbacks)
    link = _link(mail.outbox[0])
    forged = link.replace("/confirm/", "/confirm/x")
    assert "not valid" in client.post(forged, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    settings.PRIVACY_RIGHTS_LINK_SECONDS = -1
    assert "not valid" in client.post(link, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert not RightsRequest.objects.exists()


def test_a_signed_in_member_files_from_the_account_and_follows_it(client, django_capture_on_commit_callbacks):
    member = UserFactory(name="김민지")
    client.force_login(member)
    form = client.get(reverse("privacy:rights_new"))
    assert 'name="email"' not in form.content.decode() and "김민지" in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:rights_new"), {"kind": "suspension", "name": "김민지",
                                                                "details": "뉴스 발송을 위한 처리를 정지해 주십시오."})
    assert response.status_code == 302 and response["Location"] == reverse("privacy:rights_list")
    request = RightsRequest.objects.get()
    assert (request.user, request.email, request.kind, request.language) == (member, member.email, "suspension", "ko")
    assert mail.outbox[-1].to == [member.email]
    listing = client.get(reverse("privacy:rights_list")).content.decode()
    assert "처리정지" in listing and format_kst_date(request.due_on) in listing


def test_the_profile_leads_to_the_form_and_the_list(client):
    client.force_login(UserFactory())
    page = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("privacy:rights_new") in page and reverse("privacy:rights_list") in page


def test_the_list_of_requests_needs_an_account(client):
    response = client.get(reverse("privacy:rights_list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_public_form_is_rate_limited_per_address(client, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "rights_request": (3, 3600)}
    answers = [client.post(reverse("privacy:rights_new"), {**FORM, "email": f"p{i}@example.com"}).status_code
               for i in range(4)]
    assert answers == [200, 200, 200, 429]


def test_one_mailbox_gets_a_limited_number_of_links(client, django_capture_on_commit_callbacks):
    for _ in range(5):
        _post_form(client, capture=django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 3


def _filed(**kwargs):
    data = {"kind": "access", "name": "홍길동", "email": "gildong@example.kr", "details": "열람 요청",
            "language": "ko", **kwargs}
    return rights_request_file(**data)


def test_the_staff_queue_is_sorted_by_due_date_and_marks_the_overdue(client):
    late = _filed(name="늦은 요청")
    RightsRequest.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=1))
    fresh = _filed(name="새 요청")
    answered = _filed(name="답변한 요청")
    RightsRequest.objects.filter(pk=answered.pk).update(status="answered",
                                                        due_on=timezone.localdate() - datetime.timedelta(days=5))
    client.force_login(StaffFactory())
    page = client.get(reverse("admin:privacy_rightsrequest_changelist")).content.decode()
    assert page.index("답변한 요청") < page.index("늦은 요청") < page.index("새 요청")
    assert page.count('class="alert-text"') == 1, "only the open request past its date is overdue"
    overdue = client.get(reverse("admin:privacy_rightsrequest_changelist"), {"open": "overdue"}).content.decode()
    assert "늦은 요청" in overdue and "새 요청" not in overdue and fresh.pk


def test_applicants_cannot_open_the_staff_queue(client):
    client.force_login(UserFactory())
    response = client.get(reverse("admin:privacy_rightsrequest_changelist"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_staff_extend_then_answer_and_the_requester_reads_it_in_their_language(
        client, django_capture_on_commit_callbacks):
    request = _filed(name="Nguyen Van An", email="an@example.com", language="en")
    staff = StaffFactory()
    client.force_login(staff)
    change = client.get(reverse("admin:privacy_rightsrequest_change", args=[request.pk]))
    assert change.status_code == 200
    from privacy.models import AccessLog

    assert AccessLog.objects.filter(action="view", subject_label__contains="an@example.com").exists()
    url = reverse("admin:privacy_rightsrequest_workflow", args=[request.pk, "extend"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "The records are kept by another department."})
    request.refresh_from_db()
    assert request.status == "extended"
    assert request.due_on == working_day_add(working_day_add(timezone.localdate(request.received_at), 10), 10)
    extended = mail.outbox[-1]
    assert extended.to == ["an@example.com"] and "extended" in extended.subject
    assert "another department" in extended.body and request.due_on.strftime("%Y") in extended.body

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:privacy_rightsrequest_workflow", args=[request.pk, "answer"]),
                    {"reason": "Your name is corrected to Nguyen Van An."})
    request.refresh_from_db()
    assert (request.status, request.answer) == ("answered", "Your name is corrected to Nguyen Van An.")
    answered = mail.outbox[-1]
    assert "answered" in answered.subject and "corrected to Nguyen Van An" in answered.body


def test_a_refusal_needs_reasons_and_tells_how_to_appeal_in_korean(client, django_capture_on_commit_callbacks):
    request = _filed()
    client.force_login(StaffFactory())
    url = reverse("admin:privacy_rightsrequest_workflow", args=[request.pk, "refuse"])
    page = client.post(url, {"reason": ""})
    assert page.status_code == 200
    request.refresh_from_db()
    assert request.status == "received"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "다른 법률에 따라 보존해야 하는 기록입니다(법 §36①단서)."})
    request.refresh_from_db()
    assert request.status == "refused"
    refused = mail.outbox[-1]
    assert refused.to == ["gildong@example.kr"] and "거절" in refused.subject
    assert "보존해야 하는 기록" in refused.body and "행정심판" in refused.body


@pytest.mark.parametrize(("status", "name", "role"), walk_cases(RIGHTS_WORKFLOW, [*Actor.values, "member"]))
def test_the_workflow_table(status, name, role):
    request = _filed()
    RightsRequest.objects.filter(pk=request.pk).update(status=status)
    request.refresh_from_db()
    user = {"staff": StaffFactory(), "member": UserFactory()}.get(role)
    assert_triple(workflow=RIGHTS_WORKFLOW, instance=request, name=name, role=role, user=user)
