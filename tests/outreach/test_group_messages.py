"""Group messages: staff compose one in the admin, see its recipients and both languages, send it; each
recipient gets one copy in their language through the notifications outbox, and failed e-mails go again."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.roles import Role
from notifications.models import EmailStatus, Notification
from outreach import selectors
from outreach.models import GroupMessage, GroupMessageRecipient
from outreach.services import group_message_send
from outreach.tasks import group_message_deliver_task
from outreach.workflow import GROUP_MESSAGE_WORKFLOW, STAFF, GroupMessageStatus
from portal.exceptions import DomainError, PermissionRefused
from tests.factories import (
    ApplicationFactory,
    AssignmentFactory,
    BuildingFactory,
    CallFactory,
    FloorFactory,
    LeaseFactory,
    MembershipFactory,
    MessagingProfileFactory,
    StaffFactory,
    SubmittedApplicationFactory,
    UnitFactory,
    UserFactory,
)
from tests.workflows import assert_triple, walk_cases

HANGUL = re.compile(r"[\uac00-\ud7a3]")
ADD = reverse("admin:outreach_groupmessage_add")
TEXTS = {"subject_ko": "입주 설명회 안내", "subject_en": "Tenant briefing",
         "body_ko": "다음 주 화요일 설명회가 열립니다.", "body_en": "The briefing is next Tuesday."}


def _compose(client, **to) -> GroupMessage:
    response = client.post(ADD, {"members": "managers", **to, **TEXTS})
    assert response.status_code == 302, response.context["adminform"].form.errors
    message = GroupMessage.objects.latest("pk")
    assert response.url == reverse("admin:outreach_groupmessage_change", args=[message.pk])
    return message


@pytest.fixture
def call_with_applicants(db):
    call = CallFactory()
    korean = ApplicationFactory(call=call, applicant=UserFactory(role=Role.APPLICANT, preferred_language="ko"))
    english = SubmittedApplicationFactory(call=call, applicant=UserFactory(role=Role.APPLICANT,
                                                                           preferred_language="en"))
    ApplicationFactory(call=call, applicant=UserFactory(role=Role.APPLICANT, is_active=False))
    ApplicationFactory()  # another call's applicant
    return call, korean.applicant, english.applicant


def test_a_message_to_the_applicants_of_one_call_reaches_exactly_them_once_each_in_their_language(
        client, call_with_applicants, django_capture_on_commit_callbacks):
    call, korean, english = call_with_applicants
    client.force_login(StaffFactory())
    message = _compose(client, audience="applicants", call=call.pk)
    page = client.get(reverse("admin:outreach_groupmessage_change", args=[message.pk])).content.decode()
    assert "Send to 2 recipients" in page or "2명에게 보내기" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:outreach_groupmessage_send", args=[message.pk]))
    assert response.status_code == 302
    group_message_deliver_task(message_id=message.pk)  # the task again (a redelivery): nothing more is sent
    with django_capture_on_commit_callbacks(execute=True):
        group_message_deliver_task.delay(message_id=message.pk)

    assert sorted(m.to[0] for m in mail.outbox) == sorted([korean.email, english.email])
    by_address = {m.to[0]: m for m in mail.outbox}
    assert TEXTS["subject_ko"] in by_address[korean.email].subject
    assert TEXTS["body_ko"] in by_address[korean.email].body
    assert TEXTS["subject_en"] in by_address[english.email].subject
    assert TEXTS["body_en"] in by_address[english.email].body
    assert not HANGUL.search(by_address[english.email].subject + by_address[english.email].body.split("--")[0])
    assert Notification.objects.filter(template="outreach/group_message").count() == 2
    assert selectors.group_message_delivery_counts(message=message)["sent"] == 2
    # the recipients read it on the portal, in their language; nobody else can
    client.force_login(english)
    assert TEXTS["body_en"] in client.get(reverse("outreach:message", args=[message.pk])).content.decode()
    client.force_login(UserFactory(role=Role.APPLICANT))
    assert client.get(reverse("outreach:message", args=[message.pk])).status_code == 404


def test_a_message_is_sent_once(staff_client, call_with_applicants, django_capture_on_commit_callbacks):
    call, *_ = call_with_applicants
    message = _compose(staff_client, audience="applicants", call=call.pk)
    send = reverse("admin:outreach_groupmessage_send", args=[message.pk])
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(send)
        response = staff_client.post(send, follow=True)
    assert "already been sent" in response.content.decode() or "이미 보낸" in response.content.decode()
    assert len(mail.outbox) == 2


def test_the_preview_shows_the_message_in_both_languages_before_sending(staff_client, call_with_applicants):
    call, *_ = call_with_applicants
    message = _compose(staff_client, audience="applicants", call=call.pk, application_status="submitted")
    page = staff_client.get(reverse("admin:outreach_groupmessage_change", args=[message.pk])).content.decode()
    for text in TEXTS.values():
        assert text in page
    assert "[서초AICT 우수기업센터]" in page and "[Seocho AICT Excellent Company Center]" in page
    assert 'lang="ko"' in page and 'lang="en"' in page
    assert selectors.group_message_audience(message=message).count() == 1  # filtered by status
    assert not GroupMessageRecipient.objects.exists() and not mail.outbox


@pytest.mark.parametrize("who", [None, Role.APPLICANT, Role.EVALUATOR, Role.TENANT_MEMBER])
def test_only_staff_open_the_compose_page_or_send(client, call_with_applicants, who):
    call, *_ = call_with_applicants
    message = GroupMessage.objects.create(audience="applicants", call=call, **TEXTS)
    if who:
        client.force_login(UserFactory(role=who))
    for url in (ADD, reverse("admin:outreach_groupmessage_change", args=[message.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response.url
    response = client.post(reverse("admin:outreach_groupmessage_send", args=[message.pk]))
    assert response.status_code == 302 and "/login/" in response.url
    compose = {"audience": "applicants", "call": call.pk, "members": "managers", **TEXTS}
    assert client.post(ADD, compose).status_code == 302
    assert GroupMessage.objects.count() == 1
    message.refresh_from_db()
    assert message.sent_at is None and not GroupMessageRecipient.objects.exists()


def test_staff_open_the_compose_page(staff_client):
    assert staff_client.get(ADD).status_code == 200


def test_what_each_group_needs_is_asked_for(staff_client):
    response = staff_client.post(ADD, {"audience": "evaluators", "members": "managers", **TEXTS})
    assert set(response.context["adminform"].form.errors) == {"call", "stage"}
    assert not GroupMessage.objects.exists()


def test_evaluators_and_tenants_groups(db):
    assignment = AssignmentFactory(stage=2)
    AssignmentFactory(call=assignment.call, stage=1)
    evaluators = GroupMessage(audience="evaluators", call=assignment.call, stage=2, **TEXTS)
    assert list(selectors.group_message_audience(message=evaluators)) == [assignment.evaluator]

    building = BuildingFactory()
    here = LeaseFactory(unit=UnitFactory(floor=FloorFactory(building=building)))
    elsewhere = LeaseFactory()
    LeaseFactory(status="ended")  # a former tenant
    owner = MembershipFactory(company=here.company, role="owner").user
    member = MembershipFactory(company=here.company).user
    other_owner = MembershipFactory(company=elsewhere.company, role="owner").user
    ended = MembershipFactory(company=LeaseFactory(status="ended").company, role="owner").user
    tenants = GroupMessage(audience="tenants", members="managers", **TEXTS)
    assert set(selectors.group_message_audience(message=tenants)) == {owner, other_owner}
    in_building = GroupMessage(audience="building", building=building, members="all", **TEXTS)
    assert set(selectors.group_message_audience(message=in_building)) == {owner, member}
    assert ended not in selectors.group_message_audience(message=GroupMessage(audience="tenants", members="all"))


def test_failed_e_mails_are_sent_again_on_request(staff_client, call_with_applicants,
                                                  django_capture_on_commit_callbacks):
    call, korean, _english = call_with_applicants
    message = _compose(staff_client, audience="applicants", call=call.pk)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("admin:outreach_groupmessage_send", args=[message.pk]))
    failed = Notification.objects.get(recipient=korean, template="outreach/group_message")
    Notification.objects.filter(pk=failed.pk).update(email_status=EmailStatus.FAILED, email_error="refused")
    mail.outbox.clear()
    page = staff_client.get(reverse("admin:outreach_groupmessage_change", args=[message.pk])).content.decode()
    assert 'data-testid="resend"' in page
    listing = staff_client.get(reverse("admin:outreach_groupmessagerecipient_changelist")
                               + f"?message__id__exact={message.pk}").content.decode()
    assert korean.email in listing
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("admin:outreach_groupmessage_resend", args=[message.pk]))
    assert [m.to[0] for m in mail.outbox] == [korean.email]
    failed.refresh_from_db()
    assert failed.email_status == EmailStatus.SENT


def test_the_recipient_list_costs_the_same_queries_whatever_its_length(
        staff_client, call_with_applicants, django_capture_on_commit_callbacks, django_assert_num_queries):
    call, *_ = call_with_applicants
    message = _compose(staff_client, audience="applicants", call=call.pk)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("admin:outreach_groupmessage_send", args=[message.pk]))
    url = reverse("admin:outreach_groupmessagerecipient_changelist")
    staff_client.get(url)
    with django_assert_num_queries(12):
        staff_client.get(url)
    for _n in range(5):
        ApplicationFactory(call=call)
    other = _compose(staff_client, audience="applicants", call=call.pk)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("admin:outreach_groupmessage_send", args=[other.pk]))
    with django_assert_num_queries(12):
        staff_client.get(url)


def test_each_batch_of_recipients_is_e_mailed_over_one_connection_and_each_copy_counted(
        staff_client, smtp_backend, settings, django_capture_on_commit_callbacks):
    settings.OUTREACH_DELIVERY_BATCH = 3
    call = CallFactory()
    readers = [ApplicationFactory(call=call, applicant=UserFactory(preferred_language=("ko", "en")[n % 2])).applicant
               for n in range(7)]
    message = _compose(staff_client, audience="applicants", call=call.pk)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("admin:outreach_groupmessage_send", args=[message.pk]))
    group_message_deliver_task(message_id=message.pk)  # again: nothing more

    by_address = {m["To"]: m for m in smtp_backend.messages}
    assert len(smtp_backend.messages) == 7 and sorted(by_address) == sorted(u.email for u in readers)
    assert len(smtp_backend.connections) == 3  # one per batch of 3, not one per e-mail
    for reader in readers:
        subject = TEXTS["subject_en" if reader.preferred_language == "en" else "subject_ko"]
        assert subject in by_address[reader.email]["Subject"]
    assert selectors.group_message_delivery_counts(message=message) == {
        "queued": 0, "pending": 0, "sent": 7, "failed": 0, "none": 0}
    assert set(GroupMessageRecipient.objects.filter(message=message).values_list(
        "notification__recipient", flat=True)) == {u.pk for u in readers}


def test_sending_is_a_status_change_staff_read_on_the_message_page(
        client, call_with_applicants, django_capture_on_commit_callbacks, settings):
    call, *_ = call_with_applicants
    staff = StaffFactory(name="김발송")
    client.force_login(staff)
    message = _compose(client, audience="applicants", call=call.pk)
    assert message.status == GroupMessageStatus.DRAFT and not message.transitions.exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:outreach_groupmessage_send", args=[message.pk]))
    message.refresh_from_db()
    change = message.transitions.get()
    assert (message.status, change.name, change.from_status, change.to_status) == ("sent", "send", "draft", "sent")
    assert change.actor == staff == message.sent_by and change.at == message.sent_at

    with django_capture_on_commit_callbacks(execute=True):  # refused again: no second change
        client.post(reverse("admin:outreach_groupmessage_send", args=[message.pk]))
    assert message.transitions.count() == 1

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("admin:outreach_groupmessage_change", args=[message.pk])).content.decode()
    inline = page[page.index('id="transitions-group"'):]
    assert "Status changes (who, when, from, to, why)" in inline
    assert "김발송" in inline and "<p>Draft</p>" in inline and "<p>Sent</p>" in inline and "<p>Send</p>" in inline
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    page = client.get(reverse("admin:outreach_groupmessage_change", args=[message.pk])).content.decode()
    inline = page[page.index('id="transitions-group"'):]
    assert "상태 변경 이력" in inline and "<p>작성 중</p>" in inline and "<p>발송됨</p>" in inline
    listing = client.get(reverse("admin:outreach_groupmessage_changelist"), {"status__exact": "sent"})
    assert TEXTS["subject_ko"] in listing.content.decode()


def test_only_staff_send_and_a_refused_send_changes_nothing(call_with_applicants):
    call, *_ = call_with_applicants
    message = GroupMessage.objects.create(audience="applicants", call=call, **TEXTS)
    with pytest.raises(PermissionRefused):
        group_message_send(message=message, actor=UserFactory(role=Role.APPLICANT))
    empty = GroupMessage.objects.create(audience="applicants", call=CallFactory(), **TEXTS)
    with pytest.raises(DomainError, match="Nobody is in this group|해당하는 사람이 없습니다"):
        group_message_send(message=empty, actor=StaffFactory())
    for draft in (message, empty):
        draft.refresh_from_db()
        assert draft.status == GroupMessageStatus.DRAFT and draft.sent_at is None and not draft.transitions.exists()
    assert not GroupMessageRecipient.objects.exists()


def test_the_migration_gives_messages_already_sent_their_status_and_sending(transactional_db):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.utils import timezone

    from portal.models import StatusChange

    before, after = ("outreach", "0001_initial"), ("outreach", "0002_group_message_status")
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    apps = executor.loader.project_state([before]).apps
    Message = apps.get_model("outreach", "GroupMessage")
    staff, sent_at = StaffFactory(), timezone.now() - dt.timedelta(days=3)
    sent = Message.objects.create(audience="tenants", sent_at=sent_at, sent_by_id=staff.pk, **TEXTS)
    draft = Message.objects.create(audience="tenants", **TEXTS)

    executor = MigrationExecutor(connection)
    executor.migrate([after])
    messages = {m.pk: m for m in GroupMessage.objects.only("status")}  # the columns of later migrations wait
    assert messages[sent.pk].status == "sent" and messages[draft.pk].status == "draft"
    change = StatusChange.objects.get()
    assert (change.content_type.model, change.object_id, change.name, change.from_status, change.to_status,
            change.actor, change.at) == ("groupmessage", sent.pk, "send", "draft", "sent", staff, sent_at)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.parametrize(("status", "name", "role"), walk_cases(GROUP_MESSAGE_WORKFLOW, [STAFF]))
def test_the_workflow_table(call_with_applicants, status, name, role):
    call, *_ = call_with_applicants
    message = GroupMessage.objects.create(audience="applicants", call=call, status=status, **TEXTS)
    assert_triple(workflow=GROUP_MESSAGE_WORKFLOW, instance=message, name=name, role=role,
                  user=StaffFactory() if role == STAFF else None)


@pytest.fixture
def texts(popbill_fake, settings):
    """Popbill's text-message endpoints on the loopback fake (tests/fakes/popbill_kakao.py), for the real SDK."""
    from tests.fakes.popbill_kakao import KakaoApi

    settings.POPBILL_SENDER_NUMBER = "0221550000"
    return KakaoApi(popbill_fake).install()


def test_members_who_chose_text_messages_also_get_it_by_lms_once_in_their_language(
        staff_client, texts, settings, django_capture_on_commit_callbacks):
    from django.utils import timezone

    from messaging import services
    from messaging.models import Delivery, DeliveryKind, DeliveryStatus

    call = CallFactory()
    sms_ko = MessagingProfileFactory(user=UserFactory(role=Role.APPLICANT, preferred_language="ko"))
    sms_en = MessagingProfileFactory(user=UserFactory(role=Role.APPLICANT, preferred_language="en"))
    kakao_only = MessagingProfileFactory(channel="kakao")  # KakaoTalk only: no text messages
    email_only = UserFactory(role=Role.APPLICANT)
    for user in (sms_ko.user, sms_en.user, kakao_only.user, email_only):
        ApplicationFactory(call=call, applicant=user)
    message = _compose(staff_client, audience="applicants", call=call.pk)

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("admin:outreach_groupmessage_send", args=[message.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        group_message_deliver_task(message_id=message.pk)  # a redelivery: nothing goes twice

    assert len(mail.outbox) == 4
    by_phone = {sent["receiver"]: sent for sent in texts.lms}
    assert len(texts.lms) == 2 and set(by_phone) == {sms_ko.phone, sms_en.phone}
    link = f"/messages/{message.pk}/"
    korean, english = by_phone[sms_ko.phone], by_phone[sms_en.phone]
    assert korean["subject"] == TEXTS["subject_ko"] and TEXTS["body_ko"] in korean["text"] and link in korean["text"]
    assert english["subject"] == TEXTS["subject_en"] and TEXTS["body_en"] in english["text"]
    assert not HANGUL.search(english["text"]) and not korean["advertising"]
    deliveries = Delivery.objects.filter(kind=DeliveryKind.LMS)
    assert sorted(d.user_id for d in deliveries) == sorted([sms_ko.user_id, sms_en.user_id])
    assert {d.status for d in deliveries} == {DeliveryStatus.SUBMITTED}
    assert {d.notification.template for d in deliveries} == {"outreach/group_message"}
    # the provider's result, asked later as for a 알림톡: delivered
    later = timezone.now() + dt.timedelta(seconds=settings.MESSAGING_RESULT_AFTER_SECONDS + 1)
    assert services.delivery_results_check(now=later) == 2
    assert {d.status for d in Delivery.objects.filter(kind=DeliveryKind.LMS)} == {DeliveryStatus.SENT}


def test_an_advertising_message_goes_only_to_who_consented_and_its_texts_wait_for_the_morning(
        staff_client, texts, django_capture_on_commit_callbacks, monkeypatch):
    from django.utils import timezone

    from messaging import services
    from messaging.models import Delivery, DeliveryStatus
    from portal.formatting import SEOUL

    night = dt.datetime(2026, 12, 3, 22, 30, tzinfo=SEOUL)
    monkeypatch.setattr(timezone, "now", lambda: night)
    call = CallFactory()
    consented = MessagingProfileFactory(ads_consent=True, ads_consent_at=night)
    refused = MessagingProfileFactory(ads_consent=False)
    for profile in (consented, refused):
        ApplicationFactory(call=call, applicant=profile.user)
    message = _compose(staff_client, audience="applicants", call=call.pk, advertising="on")

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("admin:outreach_groupmessage_send", args=[message.pk]))

    assert [m.to[0] for m in mail.outbox] == [consented.user.email]  # e-mail too: consent first (§50)
    assert mail.outbox[0].subject.startswith("(광고)")
    delivery = Delivery.objects.get()
    assert (delivery.user_id, delivery.status) == (consented.user_id, DeliveryStatus.WAITING)
    assert texts.lms == []
    morning = dt.datetime(2026, 12, 4, 8, 0, tzinfo=SEOUL)
    monkeypatch.setattr(timezone, "now", lambda: morning)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.deliveries_release() == 1
    (sent,) = texts.lms
    assert sent["advertising"] and sent["text"].startswith("(광고)") and "수신거부" in sent["text"]
