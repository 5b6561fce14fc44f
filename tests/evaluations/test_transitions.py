"""Every allowed transition succeeds and every other is refused: through the services and the admin."""

import re

import pytest
from django.contrib.messages import ERROR, SUCCESS, get_messages

from applications.models import Application
from applications.services import application_transition
from applications.workflow import STATES, TRANSITIONS, Actor, Status
from evaluations.services import application_staff_transition
from portal.exceptions import DomainError, PermissionRefused, TransitionNotAllowed
from portal.models import StatusChange
from tests.factories import StaffFactory, SubmittedApplicationFactory, UserFactory

CASES = [(name, status) for name in TRANSITIONS for status in STATES]
STAFF_CASES = [(name, status) for name, status in CASES if TRANSITIONS[name].actor == Actor.STAFF]
APPLICANT_NAMES = [name for name, t in TRANSITIONS.items() if t.actor == Actor.APPLICANT]


def _payload(name):
    if name == "request_information":
        return {"reason": "사업자등록증 사본을 다시 올려 주십시오.", "reopened_fields": ["headcount"]}
    return {"reason": "사유" if TRANSITIONS[name].needs_reason else ""}


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "status"), CASES)
def test_service_allows_exactly_the_declared_transitions(name, status):
    transition = TRANSITIONS[name]
    application = SubmittedApplicationFactory(status=status)
    actor = StaffFactory() if transition.actor == Actor.STAFF else application.applicant
    allowed = status in transition.sources
    payload = _payload(name)
    if allowed:
        if transition.actor == Actor.STAFF:
            application_staff_transition(application=application, name=name, actor=actor, **payload)
        else:
            application_transition(application=application, name=name, actor=actor, reason=payload["reason"])
        application.refresh_from_db()
        assert application.status == transition.target
        log = StatusChange.objects.get(application=application)
        assert (log.from_status, log.to_status, log.actor_id, log.name) == (status, transition.target, actor.pk, name)
    else:
        with pytest.raises(TransitionNotAllowed):
            if transition.actor == Actor.STAFF:
                application_staff_transition(application=application, name=name, actor=actor, **payload)
            else:
                application_transition(application=application, name=name, actor=actor, reason=payload["reason"])
        application.refresh_from_db()
        assert application.status == status
        assert not StatusChange.objects.filter(application=application).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n, t in TRANSITIONS.items() if t.actor == Actor.STAFF])
def test_staff_transitions_refuse_other_actors_and_missing_reasons(name):
    transition = TRANSITIONS[name]
    application = SubmittedApplicationFactory(status=transition.sources[0])
    for outsider in (application.applicant, UserFactory()):
        with pytest.raises(PermissionRefused):
            application_staff_transition(application=application, name=name, actor=outsider, **_payload(name))
    if transition.needs_reason:
        with pytest.raises(DomainError):
            application_staff_transition(application=application, name=name, actor=StaffFactory(), reason="  ",
                                         reopened_fields=["headcount"])
    application.refresh_from_db()
    assert application.status == transition.sources[0]


@pytest.mark.django_db
def test_request_information_records_the_message_and_reopened_items():
    application = SubmittedApplicationFactory(status=Status.ELIGIBILITY_REVIEW)
    document = f"document:{application.call.document_types.first().pk}"
    application_staff_transition(application=application, name="request_information", actor=StaffFactory(),
                                 reason="재무제표를 보완해 주십시오.", reopened_fields=["revenue_last_year", document])
    application.refresh_from_db()
    assert application.status == Status.INFO_REQUESTED
    assert application.reopened_fields == ["revenue_last_year", document]
    assert application.info_request_message == "재무제표를 보완해 주십시오."
    assert application.applicant.notifications.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "status"), CASES)
def test_admin_offers_and_applies_exactly_the_allowed_staff_transitions(client, name, status):
    transition = TRANSITIONS[name]
    application = SubmittedApplicationFactory(status=status)
    client.force_login(StaffFactory())
    change_page = client.get(f"/admin/applications/application/{application.pk}/change/").content.decode()
    offered = f'data-transition="{name}"' in change_page
    allowed = transition.actor == Actor.STAFF and status in transition.sources
    assert offered == allowed

    data = {"reason": _payload(name)["reason"] or "", "reopened_fields": _payload(name).get("reopened_fields", [])}
    response = client.post(f"/admin/applications/application/{application.pk}/workflow/{name}/", data)
    assert response.status_code == 302
    application.refresh_from_db()
    messages = [m for m in get_messages(response.wsgi_request)]
    if allowed:
        assert application.status == transition.target
        assert messages[-1].level == SUCCESS
        page = client.get(f"/admin/applications/application/{application.pk}/change/").content.decode()
        if data["reason"]:
            assert data["reason"] in page  # the transition log on the change page shows why
    else:
        assert application.status == status
        assert messages[-1].level == ERROR


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n, t in TRANSITIONS.items() if t.actor == Actor.STAFF])
def test_bulk_action_reports_each_application(client, name):
    """One allowed and one refused application: both reported; never a silent update."""
    transition = TRANSITIONS[name]
    ok = SubmittedApplicationFactory(status=transition.sources[0])
    wrong_state = next(s for s in STATES if s not in transition.sources)
    refused = SubmittedApplicationFactory(status=wrong_state)
    client.force_login(StaffFactory())
    post = {"action": f"workflow_{name}", "_selected_action": [ok.pk, refused.pk]}
    if transition.needs_reason or name == "request_information":
        page = client.post("/admin/applications/application/", post)
        assert page.status_code == 200  # the intermediate page with its form
        assert 'name="reason"' in page.content.decode()
        missing = client.post("/admin/applications/application/", {**post, "apply": "1", "reason": ""})
        assert missing.status_code == 200 and missing.context["form"].errors
        post = {**post, "apply": "1", **_payload(name)}
    response = client.post("/admin/applications/application/", post)
    assert response.status_code == 302
    ok.refresh_from_db()
    refused.refresh_from_db()
    assert ok.status == transition.target
    assert refused.status == wrong_state
    messages = {m.message.split(":")[0]: m.level for m in get_messages(response.wsgi_request)}
    assert messages[str(Application.objects.get(pk=ok.pk))] == SUCCESS
    assert messages[str(Application.objects.get(pk=refused.pk))] == ERROR


@pytest.mark.django_db
def test_status_is_read_only_in_the_admin_and_history_cannot_be_reverted(client):
    application = SubmittedApplicationFactory(status=Status.SUBMITTED)
    client.force_login(StaffFactory())
    page = client.get(f"/admin/applications/application/{application.pk}/change/").content.decode()
    assert 'name="status"' not in page
    client.post(f"/admin/applications/application/{application.pk}/change/", {"status": Status.SELECTED})
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    version = application.history.first().history_id
    response = client.post(f"/admin/applications/application/{application.pk}/history/{version}/", {})
    assert response.status_code == 404


@pytest.mark.django_db
def test_non_staff_cannot_reach_the_review(client):
    application = SubmittedApplicationFactory(status=Status.SUBMITTED)
    client.force_login(application.applicant)
    response = client.post(f"/admin/applications/application/{application.pk}/workflow/start_review/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def _buttons(page: str) -> dict[str, tuple[str, set[str]]]:
    """Each workflow button on a change page: its element (a link to a page, or a button that posts) and classes."""
    found = re.findall(r'<(a|button)\b[^>]*? class="([^"]*)"[^>]*data-transition="([^"]+)"', page)
    return {name: (tag, set(classes.split())) for tag, classes, name in found}


@pytest.mark.django_db
def test_buttons_say_what_each_step_does(client):
    """Forward steps are primary, refusals danger, asking for more plain; those with a form open their page."""
    application = SubmittedApplicationFactory(status=Status.SUBMITTED)
    client.force_login(StaffFactory())
    page = client.get(f"/admin/applications/application/{application.pk}/change/").content.decode()
    buttons = _buttons(page)
    assert set(buttons) == {"start_review", "request_information", "mark_ineligible", "mark_eligible"}
    assert buttons["start_review"] == ("button", {"button", "workflow-button", "default"})
    assert buttons["mark_eligible"][1] >= {"default"}
    assert buttons["mark_ineligible"] == ("a", {"button", "workflow-button", "danger"})
    assert buttons["request_information"] == ("a", {"button", "workflow-button"})


@pytest.mark.django_db
def test_request_information_asks_which_items_to_reopen(client):
    application = SubmittedApplicationFactory(status=Status.ELIGIBILITY_REVIEW)
    client.force_login(StaffFactory())
    url = f"/admin/applications/application/{application.pk}/workflow/request_information/"
    page = client.get(url)
    assert page.status_code == 200 and 'name="reopened_fields"' in page.content.decode()
    missing = client.post(url, {"reason": "보완해 주십시오."})
    assert missing.status_code == 200 and missing.context["form"].errors["reopened_fields"]
    application.refresh_from_db()
    assert application.status == Status.ELIGIBILITY_REVIEW
