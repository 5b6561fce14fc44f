"""Staff set up the committee in the admin; list pages keep their query count; demo data."""

import pytest
from django.contrib.messages import SUCCESS, get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.demo import seed_users
from applications.workflow import Status
from evaluations.demo import seed_evaluations
from evaluations.models import Assignment, ConflictDeclaration
from tests.factories import (
    AssignmentFactory,
    ClosedCallFactory,
    EvaluatorFactory,
    ScorecardFactory,
    StaffFactory,
    SubmittedApplicationFactory,
    UserFactory,
)


@pytest.mark.django_db
def test_staff_assign_only_evaluators(client):
    call = ClosedCallFactory()
    evaluator, outsider = EvaluatorFactory(), UserFactory()
    client.force_login(StaffFactory())
    refused = client.post("/admin/evaluations/assignment/add/", {"evaluator": outsider.pk, "call": call.pk,
                                                                   "stage": 1})
    assert refused.status_code == 200 and refused.context["adminform"].form.errors["evaluator"]
    accepted = client.post("/admin/evaluations/assignment/add/", {"evaluator": evaluator.pk, "call": call.pk,
                                                                    "stage": 1})
    assert accepted.status_code == 302
    assignment = Assignment.objects.get()
    assert assignment.evaluator == evaluator and assignment.assigned_by is not None


@pytest.mark.django_db
def test_staff_reopen_a_submitted_scorecard_from_the_admin(client):
    card = ScorecardFactory(application__status=Status.STAGE1, total=64)
    client.force_login(StaffFactory())
    response = client.post("/admin/evaluations/scorecard/", {"action": "reopen", "_selected_action": [card.pk]})
    assert response.status_code == 302
    card.refresh_from_db()
    assert not card.locked and card.submitted_at is None and card.reopened_by is not None
    assert [m.level for m in get_messages(response.wsgi_request)] == [SUCCESS]
    # the evaluator cannot reopen it
    card.locked = True
    card.save(update_fields=["locked"])
    client.force_login(card.evaluator)
    client.post("/admin/evaluations/scorecard/", {"action": "reopen", "_selected_action": [card.pk]})
    card.refresh_from_db()
    assert card.locked


def _stage1_batch(call, evaluator, count):
    for application in SubmittedApplicationFactory.create_batch(count, call=call, status=Status.STAGE1):
        ConflictDeclaration.objects.create(evaluator=evaluator, application=application, stage=1,
                                           has_conflict=False)
        ScorecardFactory(evaluator=evaluator, application=application, stage=1, total=70)


@pytest.mark.django_db
def test_evaluator_list_query_count_does_not_grow(client):
    assignment = AssignmentFactory(stage=1)
    client.force_login(assignment.evaluator)
    _stage1_batch(assignment.call, assignment.evaluator, 3)
    client.get("/evaluations/")
    with CaptureQueriesContext(connection) as few:
        response = client.get("/evaluations/")
    assert response.content.decode().count("data-application=") == 3
    _stage1_batch(assignment.call, assignment.evaluator, 27)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/evaluations/")
    assert response.content.decode().count("data-application=") == 30
    assert len(few) == len(many)


@pytest.mark.django_db
def test_ranking_page_query_count_does_not_grow(client):
    assignment = AssignmentFactory(stage=1)
    client.force_login(StaffFactory())
    url = f"/admin/applications/application/calls/{assignment.call.pk}/ranking/"
    _stage1_batch(assignment.call, assignment.evaluator, 3)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _stage1_batch(assignment.call, assignment.evaluator, 27)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count("70.00") == 30
    assert len(few) == len(many)


@pytest.mark.django_db
def test_demo_assigns_the_two_evaluators_once_and_only_when_the_call_exists():
    users = seed_users()
    seed_evaluations(users=users)
    assert not Assignment.objects.exists()
    call = ClosedCallFactory(code="2026-1")
    seed_evaluations(users=users)
    seed_evaluations(users=users)
    assert sorted(Assignment.objects.filter(call=call, stage=1).values_list("evaluator__email", flat=True)) == [
        "evaluator2@demo.yangjae-ai.kr", "evaluator@demo.yangjae-ai.kr"]


@pytest.mark.django_db
def test_the_ranking_explains_its_formula_shows_pass_or_fail_and_why_slots_cannot_be_assigned(client):
    from tests.factories import PresentationSlotFactory

    call = ClosedCallFactory(trim_extremes_from=5)
    passing = SubmittedApplicationFactory(call=call, status=Status.STAGE2)
    failing = SubmittedApplicationFactory(call=call, status=Status.STAGE2)
    unscored = SubmittedApplicationFactory(call=call, status=Status.STAGE2)
    ScorecardFactory(application=passing, stage=2, total=70)
    ScorecardFactory(application=failing, stage=2, total=50)
    client.force_login(StaffFactory(preferred_language="en"))
    url = f"/admin/applications/application/calls/{call.pk}/ranking/"
    html = client.get(url).content.decode()
    rules = html.split('id="ranking-rules"')[1].split("</ol>")[0]
    assert "at most 100 points in stage 1 and 100 in stage 2" in rules
    assert "when 5 or more evaluators scored, the highest and the lowest total are left out first" in rules
    assert "The final score is 1 × the stage 2 score: stage 1 decides who presents in stage 2." in rules
    assert "at least 60 points (the pass mark)" in rules
    assert "Result (pass mark 60)" in html

    def result(application):
        return html.split(f'/admin/applications/application/{application.pk}/change/')[1].split("</tr>")[0]

    assert 'data-passed="yes"><strong>Pass</strong> (≥ 60)' in result(passing)
    assert 'data-passed="no">Fail (&lt; 60)' in result(failing)
    assert 'data-passed="unscored">Not scored yet' in result(unscored)
    # no slot yet: the button is disabled, with the reason and where to add one
    form = html.split('id="assign-slots"')[1].split("</form>")[0]
    assert "disabled" in form and "No presentation slots exist for this call yet" in form
    assert f"/admin/evaluations/presentationslot/add/?call={call.pk}" in form
    PresentationSlotFactory(call=call)
    form = client.get(url).content.decode().split('id="assign-slots"')[1].split("</form>")[0]
    assert "disabled" not in form and "Presentation slots: 1, of which 1 free" in form
    assert "applicants in stage 2 waiting for one: 3" in form
