"""Stage-2 slots (assignment, notice in Korea time, confirmation) and the release of results."""

import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import transaction
from django.utils import translation

from applications.models import Call
from applications.workflow import Status
from evaluations.models import PresentationSlot, ResultNotice
from evaluations.services import call_release_results, presentation_slot_assign, presentation_slots_assign_in_rank_order
from evaluations.tasks import result_notify_task
from notifications.models import EmailStatus, Notification
from portal.exceptions import DomainError
from portal.queue import pending_tasks_send
from tests.factories import (
    ApplicantFactory,
    AssignmentFactory,
    ClosedCallFactory,
    PresentationSlotFactory,
    ScorecardFactory,
    StaffFactory,
    SubmittedApplicationFactory,
)
from tests.services import pending_tasks_age, wait_for

SEOUL = ZoneInfo("Asia/Seoul")


@pytest.mark.django_db
def test_slots_are_given_in_stage1_rank_order_and_notified_in_korea_time(django_capture_on_commit_callbacks):
    call = ClosedCallFactory()
    staff = StaffFactory()
    weaker = SubmittedApplicationFactory(call=call, status=Status.STAGE2,
                                         applicant=ApplicantFactory(preferred_language="en"))
    stronger = SubmittedApplicationFactory(call=call, status=Status.STAGE2)
    ScorecardFactory(application=weaker, stage=1, total=70)
    ScorecardFactory(application=stronger, stage=1, total=90)
    # 01:00 UTC is 10:00 in Seoul
    early = PresentationSlotFactory(call=call, starts_at=datetime(2031, 3, 10, 1, 0, tzinfo=ZoneInfo("UTC")),
                                    ends_at=datetime(2031, 3, 10, 1, 20, tzinfo=ZoneInfo("UTC")), place="3층 대회의실")
    late = PresentationSlotFactory(call=call, starts_at=datetime(2031, 3, 10, 1, 30, tzinfo=ZoneInfo("UTC")),
                                   ends_at=datetime(2031, 3, 10, 1, 50, tzinfo=ZoneInfo("UTC")))
    with django_capture_on_commit_callbacks(execute=True):
        assigned = presentation_slots_assign_in_rank_order(call=call, actor=staff)
    assert [(s.pk, s.application_id) for s in assigned] == [(early.pk, stronger.pk), (late.pk, weaker.pk)]
    korean = next(m for m in mail.outbox if m.to == [stronger.applicant.email])
    assert "2031년 3월 10일 (월)" in korean.body and "10:00–10:20" in korean.body and "3층 대회의실" in korean.body
    assert f"/evaluations/presentation/{stronger.pk}/" in korean.body
    english = next(m for m in mail.outbox if m.to == [weaker.applicant.email])
    assert "10:30" in english.subject and "presentation" in english.subject.lower()
    # running it again gives nothing more
    assert presentation_slots_assign_in_rank_order(call=call, actor=staff) == []


@pytest.mark.django_db
def test_slot_refuses_other_calls_and_other_stages():
    staff = StaffFactory()
    slot = PresentationSlotFactory()
    with pytest.raises(DomainError):
        presentation_slot_assign(slot=slot, application=SubmittedApplicationFactory(status=Status.STAGE2), actor=staff)
    with pytest.raises(DomainError):
        stage1 = SubmittedApplicationFactory(call=slot.call, status=Status.STAGE1)
        presentation_slot_assign(slot=slot, application=stage1, actor=staff)


@pytest.mark.django_db
def test_slot_assigned_by_hand_in_the_admin_notifies_the_applicant(client):
    call = ClosedCallFactory()
    application = SubmittedApplicationFactory(call=call, status=Status.STAGE2)
    client.force_login(StaffFactory())
    response = client.post("/admin/evaluations/presentationslot/add/", {
        "call": call.pk, "starts_at_0": "2031-03-11", "starts_at_1": "14:00", "ends_at_0": "2031-03-11",
        "ends_at_1": "14:20", "place": "5층 세미나실", "application": application.pk,
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    slot = PresentationSlot.objects.get()
    assert slot.application == application and slot.notified_at is not None
    assert application.applicant.notifications.filter(template="evaluations/presentation_invitation").exists()
    # a stage-1 application is refused beside the field
    other = SubmittedApplicationFactory(call=call, status=Status.STAGE1)
    response = client.post(f"/admin/evaluations/presentationslot/{slot.pk}/change/", {
        "call": call.pk, "starts_at_0": "2031-03-11", "starts_at_1": "14:00", "ends_at_0": "2031-03-11",
        "ends_at_1": "14:20", "place": "5층 세미나실", "application": other.pk,
    })
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["application"]


@pytest.mark.django_db
def test_applicant_sees_and_confirms_only_their_own_presentation(client):
    slot = PresentationSlotFactory(starts_at=datetime(2031, 3, 10, 1, 0, tzinfo=ZoneInfo("UTC")),
                                   ends_at=datetime(2031, 3, 10, 1, 20, tzinfo=ZoneInfo("UTC")))
    application = SubmittedApplicationFactory(call=slot.call, status=Status.STAGE2)
    presentation_slot_assign(slot=slot, application=application, actor=StaffFactory())
    url = f"/evaluations/presentation/{application.pk}/"
    intruder = SubmittedApplicationFactory(call=slot.call, status=Status.STAGE2).applicant
    client.force_login(intruder)
    assert client.get(url).status_code == 404
    assert client.post(url + "confirm/").status_code == 404
    client.force_login(application.applicant)
    page = client.get(url).content.decode()
    assert "10:00" in page and "10:20" in page and slot.place in page
    client.post(url + "confirm/")
    slot.refresh_from_db()
    assert slot.confirmed_at is not None
    client.force_login(StaffFactory())
    admin_page = client.get(f"/admin/applications/application/{application.pk}/change/").content.decode()
    assert slot.place in admin_page and "참석 확인함" in admin_page


@pytest.mark.django_db
def test_applicant_never_sees_evaluator_names_or_scores_before_release(client, django_capture_on_commit_callbacks):
    call = ClosedCallFactory()
    application = SubmittedApplicationFactory(call=call, status=Status.STAGE2)
    evaluator = AssignmentFactory(call=call, stage=1, evaluator__name="이평가위원").evaluator
    ScorecardFactory(application=application, evaluator=evaluator, stage=1, total=83)
    slot = PresentationSlotFactory(call=call)
    with django_capture_on_commit_callbacks(execute=True):
        presentation_slot_assign(slot=slot, application=application, actor=StaffFactory())
    client.force_login(application.applicant)
    pages = [client.get(url).content.decode() for url in
             ("/", "/notifications/", f"/evaluations/presentation/{application.pk}/", "/evaluations/")]
    for message in mail.outbox:
        pages.append(message.subject + message.body)
    for html in pages:
        assert "이평가위원" not in html
        assert "83.00" not in html and ">83<" not in html and "83점" not in html


@pytest.mark.django_db
def test_release_needs_every_decision_then_notifies_each_applicant_once(django_capture_on_commit_callbacks):
    call = ClosedCallFactory(code="2026-R")
    staff = StaffFactory()
    selected = SubmittedApplicationFactory(call=call, status=Status.SELECTED)
    waiting = SubmittedApplicationFactory(call=call, status=Status.WAITLISTED,
                                 applicant=ApplicantFactory(preferred_language="en"))
    undecided = SubmittedApplicationFactory(call=call, status=Status.STAGE2)
    SubmittedApplicationFactory(call=call, status=Status.WITHDRAWN)
    with pytest.raises(DomainError):
        call_release_results(call=call, actor=staff)
    undecided.status = Status.NOT_SELECTED
    undecided.save(update_fields=["status"])
    with pytest.raises(DomainError):
        call_release_results(call=call, actor=undecided.applicant)

    with django_capture_on_commit_callbacks(execute=True):
        ids = call_release_results(call=call, actor=staff)
    assert sorted(ids) == sorted([selected.pk, waiting.pk, undecided.pk])
    assert Call.objects.get(pk=call.pk).results_released_at is not None
    assert len(mail.outbox) == 3
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert "선정" in by_recipient[selected.applicant.email].body
    assert "waiting list" in by_recipient[waiting.applicant.email].body
    # the task runs again (a retry, a duplicate message, the sweep): nothing more is sent
    with django_capture_on_commit_callbacks(execute=True):
        assert result_notify_task(application_id=selected.pk) is False
        result_notify_task.apply(kwargs={"application_id": waiting.pk})
    assert len(mail.outbox) == 3
    assert Notification.objects.filter(template="evaluations/result").count() == 3
    # releasing twice is refused
    with pytest.raises(DomainError):
        call_release_results(call=call, actor=staff)


@pytest.mark.django_db
def test_sweep_sends_what_a_lost_message_left(django_capture_on_commit_callbacks):
    call = ClosedCallFactory()
    application = SubmittedApplicationFactory(call=call, status=Status.NOT_SELECTED)
    with django_capture_on_commit_callbacks(execute=False):
        call_release_results(call=call, actor=StaffFactory())  # the broker "lost" the message
    pending_tasks_age()
    with django_capture_on_commit_callbacks(execute=True):
        assert pending_tasks_send() == 1
    assert ResultNotice.objects.get().sent_at is not None
    assert [m.to for m in mail.outbox] == [[application.applicant.email]]


@pytest.mark.django_db
def test_release_through_the_admin_page(client, django_capture_on_commit_callbacks):
    call = ClosedCallFactory()
    SubmittedApplicationFactory(call=call, status=Status.SELECTED)
    client.force_login(StaffFactory())
    url = f"/admin/applications/application/calls/{call.pk}/release/"
    page = client.get(url).content.decode()
    assert "이 공고의 신청자 1명에게" in page
    # a POST that does not come from the confirmation page's button releases nothing
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url)["Location"] == url
    assert Call.objects.get(pk=call.pk).results_released_at is None and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"confirm": "yes"}).status_code == 302
    assert len(mail.outbox) == 1


@pytest.mark.worker
def test_release_through_a_real_worker_sends_once_per_applicant(celery_worker, smtp):
    call = ClosedCallFactory()
    applications = [SubmittedApplicationFactory(call=call, status=s) for s in (Status.SELECTED, Status.NOT_SELECTED)]
    with transaction.atomic():
        call_release_results(call=call, actor=StaffFactory())
    wait_for(lambda: len(smtp.messages) == 2, timeout=60)
    # a second run of the task for the same application sends nothing
    result_notify_task.delay(application_id=applications[0].pk)
    wait_for(lambda: Notification.objects.filter(template="evaluations/result",
                                                 email_status=EmailStatus.SENT).count() == 2, timeout=30)
    time.sleep(2)
    assert sorted(m["To"] for m in smtp.messages) == sorted(a.applicant.email for a in applications)


@pytest.mark.django_db
def test_the_release_page_lists_what_blocks_it_and_an_unanswered_request_can_be_closed_as_ineligible(
        client, django_capture_on_commit_callbacks):
    from portal.models import StatusChange

    call = ClosedCallFactory()
    staff = StaffFactory()
    SubmittedApplicationFactory(call=call, status=Status.SELECTED)
    silent = [SubmittedApplicationFactory(call=call, status=Status.INFO_REQUESTED, reopened_fields=["headcount"])
              for _ in range(2)]
    client.force_login(staff)
    url = f"/admin/applications/application/calls/{call.pk}/release/"
    page = client.get(url).content.decode()
    blockers = page.split('id="release-blockers"')[1].split("</table>")[0]
    for application in silent:
        assert application.receipt_number in blockers and application.company_name_ko in blockers
        assert f"/admin/applications/application/{application.pk}/change/" in blockers
    with translation.override("ko"):
        assert blockers.count(str(Status.INFO_REQUESTED.label)) == 2
    assert page.index("release-blockers") < page.index('class="default"')

    # staff close each unanswered request as ineligible, with the reason in the transition log
    change = client.get(f"/admin/applications/application/{silent[0].pk}/change/").content.decode()
    assert 'data-transition="mark_ineligible"' in change
    for application in silent:
        response = client.post(f"/admin/applications/application/{application.pk}/workflow/mark_ineligible/",
                               {"reason": "보완 요청 기한 내 미회신"})
        assert response.status_code == 302
        application.refresh_from_db()
        assert application.status == Status.INELIGIBLE and application.reopened_fields == []
        log = StatusChange.objects.get(application=application)
        assert (log.from_status, log.to_status, log.actor_id, log.reason) == (
            Status.INFO_REQUESTED, Status.INELIGIBLE, staff.pk, "보완 요청 기한 내 미회신")

    assert 'id="release-blockers"' not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"confirm": "yes"}).status_code == 302
    assert Call.objects.get(pk=call.pk).results_released_at is not None
    assert {m.to[0] for m in mail.outbox} >= {a.applicant.email for a in silent}


@pytest.mark.django_db
def test_release_is_refused_while_an_evaluated_application_lacks_its_scores_and_lists_it(
        client, django_capture_on_commit_callbacks):
    from applications.services import application_transition

    call = ClosedCallFactory()
    staff = StaffFactory(preferred_language="en")

    def evaluated(*, stages: tuple[int, ...], decision: str, scored: tuple[int, ...]):
        application = SubmittedApplicationFactory(call=call, status=Status.ELIGIBILITY_REVIEW)
        application = application_transition(application=application, name="mark_eligible", actor=staff)
        if 2 in stages:
            application = application_transition(application=application, name="move_to_stage2", actor=staff)
        for stage in scored:
            ScorecardFactory(application=application, stage=stage, total=70)
        return application_transition(application=application, name=decision, actor=staff, reason="순위")

    complete = evaluated(stages=(1, 2), decision="select", scored=(1, 2))
    no_stage2 = evaluated(stages=(1, 2), decision="not_select", scored=(1,))
    not_shortlisted = evaluated(stages=(1,), decision="not_select", scored=(1,))
    never_scored = evaluated(stages=(1,), decision="not_select", scored=())
    with pytest.raises(DomainError) as refused:
        call_release_results(call=call, actor=staff)
    assert refused.value.code == "unscored"
    assert no_stage2.receipt_number in str(refused.value) and never_scored.receipt_number in str(refused.value)
    assert complete.receipt_number not in str(refused.value)
    assert not_shortlisted.receipt_number not in str(refused.value)

    client.force_login(staff)
    url = f"/admin/applications/application/calls/{call.pk}/release/"
    page = client.get(url).content.decode()
    listed = page.split('id="release-unscored"')[1].split("</table>")[0]
    assert "2 applications were evaluated but have no scores" in listed
    assert f'data-application="{no_stage2.pk}"' in listed and "Stage 2: presentation" in listed
    assert f'data-application="{never_scored.pk}"' in listed and "Stage 1: written evaluation" in listed
    assert f'data-application="{complete.pk}"' not in listed
    assert 'name="confirm"' not in page and "disabled" in page.split('id="release-refused"')[1]
    response = client.post(url, {"confirm": "yes"}, follow=True)
    assert "have no scores" in response.content.decode()
    assert Call.objects.get(pk=call.pk).results_released_at is None

    # once the missing scorecards are in, the release goes ahead
    ScorecardFactory(application=no_stage2, stage=2, total=50)
    ScorecardFactory(application=never_scored, stage=1, total=40)
    assert 'id="release-unscored"' not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"confirm": "yes"})
    assert Call.objects.get(pk=call.pk).results_released_at is not None
