"""KakaoTalk 알림톡 beside e-mail: the declared notices reach the users who chose it, through the real SDK
and the loopback fake (tests/fakes/popbill_kakao.py), with the SMS fallback done once by the provider,
advertising held for the morning, and nothing sent to an unverified number."""

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from messaging import services
from messaging.models import Channel, Delivery, DeliveryStatus, MessageTemplate, SkipReason
from messaging.registry import KINDS
from portal.formatting import SEOUL
from tests.factories import (
    LeaseFactory,
    MembershipFactory,
    MessagingProfileFactory,
    PresentationSlotFactory,
    SubmittedApplicationFactory,
)

pytestmark = pytest.mark.django_db


def _relocation_reminder(profile, days_left=5):
    from tenants.notifications import relocation_reminder

    membership = MembershipFactory(user=profile.user, role="owner")
    lease = LeaseFactory(company=membership.company)
    relocation_reminder(lease=lease, days_left=days_left)
    return lease


def test_the_provider_receives_exactly_the_declared_template_code_and_variables(
        kakao, django_capture_on_commit_callbacks):
    from evaluations.notifications import presentation_invitation

    profile = MessagingProfileFactory()
    application = SubmittedApplicationFactory(applicant=profile.user)
    slot = PresentationSlotFactory(call=application.call)
    with django_capture_on_commit_callbacks(execute=True):
        presentation_invitation(slot=slot, application=application)

    (sent,) = kakao.alimtalk
    starts, ends = timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)
    weekday = "월화수목금토일"[starts.weekday()]
    assert sent.template_code == "YP_PRESENTATION_SLOT"
    assert sent.receiver == profile.phone
    assert sent.variables == {
        "접수번호": application.receipt_number,
        "일시": f"{starts.year}년 {starts.month}월 {starts.day}일 ({weekday}) {starts:%H:%M}–{ends:%H:%M}",
        "장소": "3층 대회의실",
        "링크": settings.SITE_URL + reverse("evaluations:presentation", args=[application.pk]),
    }
    assert set(sent.variables) == set(KINDS["presentation_slot"].variables)
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.SUBMITTED
    assert delivery.notification.template == "evaluations/presentation_invitation"


def test_each_invoice_reminder_goes_out_as_due_or_overdue(kakao):
    from messaging.registry import NOTICES

    base = {"number": "INV-2026-12-0001", "due_on": "2026-12-10", "outstanding": 1_234_000, "days": 3}
    due = NOTICES["billing/reminder"]({**base, "kind": "before_3"}, "https://portal/billing/")
    overdue = NOTICES["billing/reminder"]({**base, "kind": "after_14"}, "https://portal/billing/")
    assert due == ("invoice_due", {"청구번호": "INV-2026-12-0001", "납부기한": "2026년 12월 10일 (목)",
                                   "미납금액": "1,234,000원", "링크": "https://portal/billing/"})
    assert overdue[0] == "invoice_overdue" and overdue[1]["경과일수"] == "3"
    assert set(overdue[1]) == set(KINDS["invoice_overdue"].variables)


def test_a_failed_alimtalk_falls_back_to_sms_once(kakao, django_capture_on_commit_callbacks):
    from messaging.tasks import delivery_send_task

    profile = MessagingProfileFactory(channel=Channel.KAKAO_SMS)
    kakao.undeliverable[profile.phone] = 3018  # the receiver cannot get KakaoTalk, as Popbill reports it
    with django_capture_on_commit_callbacks(execute=True):
        lease = _relocation_reminder(profile)
    delivery = Delivery.objects.get()
    assert delivery_send_task(delivery_id=delivery.pk) is False  # a second run sends nothing more

    later = timezone.now() + dt.timedelta(minutes=1)
    assert services.delivery_results_check(now=later) == 1
    assert services.delivery_results_check(now=later) == 0

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FELL_BACK
    assert (delivery.result_code, delivery.fallback_code) == ("3018", "100")
    assert len(kakao.alimtalk) == 1 and kakao.alimtalk[0].alt_send_type == "A"
    (fallback,) = kakao.fallback_sms
    assert fallback["receiver"] == profile.phone
    assert fallback["text"].startswith(f"[서초AICT센터] {lease.company.name_ko} 본사 이전 증빙 기한")
    assert kakao.sms == []  # the portal sends no fallback of its own


def test_without_the_sms_choice_a_failed_alimtalk_is_recorded_failed(kakao, django_capture_on_commit_callbacks):
    profile = MessagingProfileFactory(channel=Channel.KAKAO)
    kakao.undeliverable[profile.phone] = 3018
    with django_capture_on_commit_callbacks(execute=True):
        _relocation_reminder(profile)
    services.delivery_results_check(now=timezone.now() + dt.timedelta(minutes=1))
    assert Delivery.objects.get().status == DeliveryStatus.FAILED
    assert kakao.alimtalk[0].alt_send_type == "" and kakao.fallback_sms == []


def _kst(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SEOUL)


def _news(user, now):
    return services.message_send(user=user, key="center_news", now=now,
                                 variables={"이름": user.name, "안내": "GPU 지원사업 설명회가 열립니다.",
                                            "링크": "https://portal/notices/1/"})


def test_a_night_time_advertising_message_waits_until_8(kakao, django_capture_on_commit_callbacks):
    profile = MessagingProfileFactory(ads_consent=True, ads_consent_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        delivery = _news(profile.user, now=_kst(2026, 12, 3, 22, 30))
    assert delivery.status == DeliveryStatus.WAITING
    assert delivery.send_after == _kst(2026, 12, 4, 8, 0)
    assert kakao.alimtalk == []

    assert services.deliveries_release(now=_kst(2026, 12, 4, 7, 59)) == 0
    with django_capture_on_commit_callbacks(execute=False):
        assert services.deliveries_release(now=_kst(2026, 12, 4, 8, 0)) == 1
    # A worker that picks it up at night (a clock ahead, a queue backed up to 21:00) puts it back.
    assert services.delivery_send(delivery_id=delivery.pk, now=_kst(2026, 12, 4, 21, 0)) is False
    delivery.refresh_from_db()
    assert (delivery.status, delivery.send_after) == (DeliveryStatus.WAITING, _kst(2026, 12, 5, 8, 0))
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.QUEUED)
    assert services.delivery_send(delivery_id=delivery.pk, now=_kst(2026, 12, 5, 8, 0)) is True
    (sent,) = kakao.alimtalk
    assert sent.template_code == "YP_CENTER_NEWS" and sent.text.startswith("(광고)")


def test_a_daytime_service_notice_is_not_held(kakao):
    profile = MessagingProfileFactory()
    delivery = services.message_send(user=profile.user, key="inquiry_answered", now=_kst(2026, 12, 3, 23, 0),
                                     variables={"접수번호": "Q-2026-0001", "제목": "관리비", "링크": "https://p/"})
    assert delivery.status == DeliveryStatus.QUEUED  # service notices are not advertising: sent at any hour


def test_advertising_without_the_separate_consent_is_refused(kakao, django_capture_on_commit_callbacks):
    profile = MessagingProfileFactory(ads_consent=False)
    with django_capture_on_commit_callbacks(execute=True):
        delivery = _news(profile.user, now=_kst(2026, 12, 3, 10, 0))
    assert (delivery.status, delivery.reason) == (DeliveryStatus.SKIPPED, SkipReason.NO_ADS_CONSENT)
    assert kakao.alimtalk == []


def test_an_unverified_number_receives_nothing(kakao, django_capture_on_commit_callbacks):
    unverified = MessagingProfileFactory(phone_verified_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        _relocation_reminder(unverified)
    assert Delivery.objects.get().reason == SkipReason.UNVERIFIED

    # A number verified when the message was recorded and removed before it left: it does not leave.
    verified = MessagingProfileFactory()
    with django_capture_on_commit_callbacks(execute=False):
        _relocation_reminder(verified)
    services.phone_forget(user=verified.user)
    delivery = Delivery.objects.get(user=verified.user)
    assert services.delivery_send(delivery_id=delivery.pk) is False
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SKIPPED
    assert kakao.alimtalk == [] and kakao.fallback_sms == [] and kakao.sms == []


def test_email_only_users_and_unapproved_templates_get_no_kakaotalk(kakao, django_capture_on_commit_callbacks):
    email_only = MessagingProfileFactory(channel=Channel.EMAIL)
    chose_kakao = MessagingProfileFactory()
    MessageTemplate.objects.filter(key="relocation_deadline").update(approval="requested")
    with django_capture_on_commit_callbacks(execute=True):
        _relocation_reminder(email_only)
        _relocation_reminder(chose_kakao)
    assert not Delivery.objects.filter(user=email_only.user).exists()
    assert Delivery.objects.get(user=chose_kakao.user).reason == SkipReason.NOT_APPROVED
    assert kakao.alimtalk == []


def test_without_popbill_credentials_the_portal_runs_and_the_admin_says_the_channel_is_off(
        staff_client, settings, django_capture_on_commit_callbacks):
    settings.POPBILL_LINK_ID = settings.POPBILL_SECRET_KEY = settings.POPBILL_CORP_NUM = ""
    profile = MessagingProfileFactory()
    with django_capture_on_commit_callbacks(execute=True):
        _relocation_reminder(profile)
    assert profile.user.notifications.filter(template="tenants/relocation_reminder").exists()
    assert not Delivery.objects.exists()
    for name in ("admin:messaging_delivery_changelist", "admin:messaging_messagetemplate_changelist"):
        page = staff_client.get(reverse(name))
        assert page.status_code == 200
        assert "POPBILL_LINK_ID" in page.content.decode()


def test_the_delivery_list_in_the_admin_costs_the_same_for_many(staff_client, kakao, django_assert_num_queries,
                                                                 django_capture_on_commit_callbacks):
    def page():
        return staff_client.get(reverse("admin:messaging_delivery_changelist"))

    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            _relocation_reminder(MessagingProfileFactory())
    page()
    with django_assert_num_queries(13) as few:
        assert page().status_code == 200
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            _relocation_reminder(MessagingProfileFactory())
    with django_assert_num_queries(len(few.captured_queries)):
        body = page().content.decode()
    assert body.count("010-****-") == 7
