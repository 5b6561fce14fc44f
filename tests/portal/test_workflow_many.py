"""Many rows through one transition (portal.workflow.transition_apply_many): each row's status change is
recorded on its own (from, to, who, why) with its history; a refused row — wrong status, no reason, a person
where only the portal acts, an actor without the role — is reported with its code and nothing is written."""

import pytest
from django.utils import translation

from applications.models import Application
from applications.workflow import WORKFLOW, Status
from portal.exceptions import PermissionRefused, TransitionNotAllowed
from portal.models import StatusChange
from portal.workflow import ActorKind, transition_apply, transition_apply_many
from tests.factories import StaffFactory, SubmittedApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _log(application) -> list:
    return list(StatusChange.objects.filter(application=application).values_list(
        "name", "from_status", "to_status", "actor", "actor_kind", "reason"))


def test_each_row_gets_its_own_status_change_reason_and_changes():
    staff = StaffFactory()
    applications = [SubmittedApplicationFactory(status=Status.SUBMITTED) for _ in range(3)]
    pks = [a.pk for a in applications]

    rows = transition_apply_many(
        workflow=WORKFLOW, pks=pks, name="request_information", actor=staff,
        reason=lambda row: f"{row.company_name_ko}: 사업계획서를 보완해 주십시오.",
        changes={pks[0]: {"reopened_fields": ["headcount"]}})

    assert sorted(row.pk for row in rows) == sorted(pks)
    for application in applications:
        application.refresh_from_db()
        assert application.status == Status.INFO_REQUESTED
        assert _log(application) == [("request_information", Status.SUBMITTED, Status.INFO_REQUESTED, staff.pk,
                                      ActorKind.USER, f"{application.company_name_ko}: 사업계획서를 보완해 주십시오.")]
        assert application.history.first().history_user_id == staff.pk  # the record's own history names who
    assert [Application.objects.get(pk=pk).reopened_fields for pk in pks] == [["headcount"], [], []]


def test_the_bulk_log_is_what_one_transition_at_a_time_writes():
    staff = StaffFactory()
    one, other = (SubmittedApplicationFactory(status=Status.SUBMITTED) for _ in range(2))

    transition_apply(workflow=WORKFLOW, instance=one, name="start_review", actor=staff, reason="검토 시작")
    transition_apply_many(workflow=WORKFLOW, pks=[other.pk], name="start_review", actor=staff, reason="검토 시작")

    assert _log(other) == _log(one)


def test_a_row_in_another_status_is_reported_and_nothing_of_the_batch_is_written():
    staff = StaffFactory()
    ready = [SubmittedApplicationFactory(status=Status.SUBMITTED) for _ in range(2)]
    elsewhere = SubmittedApplicationFactory(status=Status.INFO_REQUESTED)

    with translation.override("ko"):
        with pytest.raises(TransitionNotAllowed) as refused:
            transition_apply_many(workflow=WORKFLOW, pks=[a.pk for a in [*ready, elsewhere]], name="start_review",
                                  actor=staff)
        status_label = str(WORKFLOW.state(Status.INFO_REQUESTED).label)

    assert refused.value.code == "not_allowed_from_status"
    assert f"“{status_label}” 상태일 때는" in str(refused.value)  # the refused row's status, in the user's language
    assert {a.status for a in Application.objects.filter(pk__in=[a.pk for a in ready])} == {Status.SUBMITTED}
    assert not StatusChange.objects.filter(to_status=Status.ELIGIBILITY_REVIEW).exists()


@pytest.mark.parametrize(("name", "reason", "code"), [
    ("mark_ineligible", "  ", "reason_required"),
    ("no_such_action", "", "unknown_transition"),
])
def test_a_missing_reason_or_an_unknown_action_is_refused_for_the_whole_batch(name, reason, code):
    applications = [SubmittedApplicationFactory(status=Status.SUBMITTED) for _ in range(2)]

    with pytest.raises(TransitionNotAllowed) as refused:
        transition_apply_many(workflow=WORKFLOW, pks=[a.pk for a in applications], name=name, actor=StaffFactory(),
                              reason=reason)

    assert refused.value.code == code
    assert not StatusChange.objects.exclude(name="").exists()


def test_someone_without_the_role_is_refused():
    application = SubmittedApplicationFactory(status=Status.SUBMITTED)

    with pytest.raises(PermissionRefused):
        transition_apply_many(workflow=WORKFLOW, pks=[application.pk], name="start_review", actor=UserFactory())

    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_a_change_only_the_portal_makes_refuses_a_person_and_is_logged_as_the_portals(system_workflow):
    applications = [SubmittedApplicationFactory(status=Status.SUBMITTED) for _ in range(2)]
    pks = [a.pk for a in applications]

    with pytest.raises(PermissionRefused) as refused:
        transition_apply_many(workflow=system_workflow, pks=pks, name="lapse", actor=StaffFactory())
    assert refused.value.code == "system_only"

    transition_apply_many(workflow=system_workflow, pks=pks, name="lapse", actor=None)

    assert set(StatusChange.objects.filter(application__in=applications).exclude(name="").values_list(
        "application", "actor", "actor_kind", "to_status")) == {
        (pk, None, ActorKind.SYSTEM, Status.INELIGIBLE) for pk in pks}
