"""Outreach's reminders by KakaoTalk: each goes to the users who chose it as its declared template, with exactly
the variables declared, through the real SDK and the loopback fake; a reminder run twice sends one message."""

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from evaluations.models import ScoringDeadline
from messaging.models import Channel, Delivery, DeliveryStatus, MessageTemplate
from messaging.registry import KINDS
from outreach.reminders import reminders_send
from outreach.tasks import reminders_send_task
from tenants.models import PerformancePeriod
from tests.factories import (
    ApplicationFactory,
    AssignmentFactory,
    CallFactory,
    ClosedCallFactory,
    EvaluatorFactory,
    LeaseFactory,
    MembershipFactory,
    MessagingProfileFactory,
    SubmittedApplicationFactory,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 1)  # a Tuesday


@pytest.fixture
def run_twice(django_capture_on_commit_callbacks):
    """Run the reminders of `kind` twice, the second time through the task, and execute what each queued
    (the e-mails and the KakaoTalk messages): returns how many reminders each run sent."""
    def run(kind: str) -> tuple[int, int]:
        with django_capture_on_commit_callbacks(execute=True):
            first = reminders_send(kind=kind)
        with django_capture_on_commit_callbacks(execute=True):
            second = reminders_send_task(kind=kind)
        return first, second
    return run


def _only(kakao, key: str):
    (sent,) = kakao.alimtalk
    assert sent.template_code == f"YP_{key.upper()}"
    assert set(sent.variables) == set(KINDS[key].variables)
    return sent


def test_a_draft_before_the_close_goes_to_kakaotalk_once(kakao, now_is, run_twice):
    profile = MessagingProfileFactory()
    call = CallFactory(opens_at=timezone.make_aware(dt.datetime(2026, 11, 1, 9)),
                       closes_at=timezone.make_aware(dt.datetime(2026, 12, 8, 18)))
    draft = ApplicationFactory(call=call, applicant=profile.user)
    now_is(TODAY)
    assert run_twice("application_draft") == (1, 0)

    sent = _only(kakao, "draft_deadline")
    assert sent.receiver == profile.phone
    assert sent.variables == {"공고번호": call.code, "마감일시": "2026년 12월 8일 (화) 18:00", "남은일수": "7",
                              "링크": settings.SITE_URL + reverse("applications:review", args=[draft.pk])}
    assert Delivery.objects.get().status == DeliveryStatus.SUBMITTED


def test_an_evaluator_hears_of_the_assignment_then_of_the_scoring_deadline_once_each(kakao, now_is, run_twice):
    profile = MessagingProfileFactory(user=EvaluatorFactory())
    call = ClosedCallFactory()
    AssignmentFactory(call=call, stage=1, evaluator=profile.user)
    SubmittedApplicationFactory(call=call, status="stage1")  # one scorecard to submit
    ScoringDeadline.objects.create(call=call, stage=1, due_on=TODAY + dt.timedelta(days=10))
    link = settings.SITE_URL + reverse("evaluations:home")

    now_is(TODAY)
    assert run_twice("evaluator") == (1, 0)
    assert _only(kakao, "evaluator_assigned").variables == {
        "공고번호": call.code, "평가단계": "1차 서면평가", "채점기한": "2026년 12월 11일 (금)", "링크": link}

    kakao.alimtalk.clear()
    now_is(TODAY + dt.timedelta(days=7))
    assert run_twice("evaluator") == (1, 0)
    assert _only(kakao, "scoring_deadline").variables == {
        "공고번호": call.code, "평가단계": "1차 서면평가", "채점기한": "2026년 12월 11일 (금)", "남은일수": "3",
        "미제출건수": "1", "링크": link}


def test_an_assignment_without_a_scoring_deadline_says_it_follows(kakao, now_is, run_twice):
    profile = MessagingProfileFactory(user=EvaluatorFactory())
    AssignmentFactory(stage=2, evaluator=profile.user)
    now_is(TODAY)
    assert run_twice("evaluator") == (1, 0)
    variables = _only(kakao, "evaluator_assigned").variables
    assert (variables["평가단계"], variables["채점기한"]) == ("2차 발표평가", "추후 안내")


def test_an_indicator_report_due_then_overdue_goes_to_each_manager_who_chose_kakaotalk_once(
        kakao, now_is, run_twice):
    lease = LeaseFactory(start_date=dt.date(2026, 3, 1), end_date=dt.date(2028, 2, 29))
    owner = MessagingProfileFactory()
    MembershipFactory(company=lease.company, role="owner", user=owner.user)
    email_only = MessagingProfileFactory(channel=Channel.EMAIL)
    MembershipFactory(company=lease.company, role="admin", user=email_only.user)
    PerformancePeriod.objects.create(year=2026, half=1, due_on=TODAY)
    expected = {"회사명": lease.company.name_ko, "보고기간": "2026년 상반기", "제출기한": "2026년 12월 1일 (화)",
                "링크": settings.SITE_URL + reverse("tenants:indicators", args=[lease.company.pk])}

    now_is(TODAY)
    assert run_twice("indicator_report") == (1, 0)
    sent = _only(kakao, "indicator_due")
    assert (sent.receiver, sent.variables) == (owner.phone, expected)

    kakao.alimtalk.clear()
    now_is(TODAY + dt.timedelta(days=7))
    assert run_twice("indicator_report") == (1, 0)
    sent = _only(kakao, "indicator_overdue")
    assert (sent.receiver, sent.variables) == (owner.phone, expected)
    assert not Delivery.objects.filter(user=email_only.user).exists()  # e-mail only: the e-mails went
    assert email_only.user.notifications.filter(template="outreach/indicator_reminder").count() == 2


def test_the_reminders_templates_are_seeded_as_drafts_with_the_declared_variables(db):
    from messaging.models import template_variables

    keys = ["draft_deadline", "evaluator_assigned", "scoring_deadline", "indicator_due", "indicator_overdue"]
    for template in MessageTemplate.objects.filter(key__in=keys):
        keys.remove(template.key)
        assert template.approval == "draft" and not template.advertising
        assert template_variables(template.text) == set(KINDS[template.key].variables)
        assert template_variables(template.sms_text) <= set(KINDS[template.key].variables)
        template.full_clean()
    assert keys == []
