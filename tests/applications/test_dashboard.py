"""The applicant's dashboard: statuses in applicant words, timeline, requests for information,
resubmission, withdrawal and the message thread."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.models import ApplicationMessage
from applications.selectors import application_reopenable_items
from notifications.models import Notification
from portal.exceptions import DomainError, PermissionRefused
from tests.applications.conftest import make_call, make_submitted, upload
from tests.factories import START_CONSENTS, UserFactory
from tests.samples import pdf_bytes

DASHBOARD = "/my/applications/"


def detail_url(application):
    return reverse("applications:detail", args=[application.pk])


def test_dashboard_lists_my_applications_in_applicant_words(applicant_client, submitted, staff):
    services.application_request_information(
        application=submitted, actor=staff, message="Please attach the 2025 tax certificate.",
        reopened_fields=["headcount"],
    )
    page = applicant_client.get(DASHBOARD).content.decode()
    assert submitted.receipt_number in page
    assert "More information needed" in page
    assert "District office" in page and "You" in page
    assert staff.name not in page  # no staff names for applicants


def test_the_dashboard_names_the_company_in_the_reader_s_language(applicant_client, applicant, call):
    make_submitted(applicant=applicant, call=call, company_name_ko="주식회사 양재랩",
                   company_name_en="Yangjae Lab Inc.")
    page = applicant_client.get(DASHBOARD).content.decode()
    assert "Yangjae Lab Inc." in page and "주식회사 양재랩" not in page
    applicant.preferred_language = "ko"
    applicant.save(update_fields=["preferred_language"])
    applicant_client.force_login(applicant)
    page = applicant_client.get(DASHBOARD, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "주식회사 양재랩" in page


def test_decisions_stay_hidden_until_results_are_released(applicant_client, submitted, staff, call):
    for name in ("mark_eligible", "move_to_stage2", "select"):
        services.application_transition(application=submitted, name=name, actor=staff)
    page = applicant_client.get(DASHBOARD).content.decode()
    assert "Under evaluation" in page and "Selected" not in page
    assert "Under evaluation" in applicant_client.get(detail_url(submitted)).content.decode()
    call.results_released_at = timezone.now() - timezone.timedelta(minutes=1)
    call.save()
    page = applicant_client.get(DASHBOARD).content.decode()
    assert "Selected" in page


def test_the_dashboard_query_count_does_not_grow(applicant_client, applicant, staff, django_assert_num_queries):
    def add_one():
        application = make_submitted(applicant=applicant, call=make_call())
        services.application_transition(application=application, name="start_review", actor=staff)

    add_one()
    with django_assert_num_queries(6) as one:
        applicant_client.get(DASHBOARD)
    for _ in range(3):
        add_one()
    with django_assert_num_queries(len(one.captured_queries)):
        response = applicant_client.get(DASHBOARD)
    assert response.content.decode().count('<span class="badge text-bg-secondary">Eligibility check</span>') == 4


def test_request_information_reopens_only_the_listed_items(applicant_client, applicant, submitted, staff, call):
    plan = call.document_types.get(name_en="Business plan")
    keys = dict(application_reopenable_items(application=submitted))
    assert "headcount" in keys and f"document:{plan.pk}" in keys
    services.application_request_information(
        application=submitted, actor=staff, message="Please update the headcount and the plan.",
        reopened_fields=["headcount", f"document:{plan.pk}"],
    )
    assert Notification.objects.filter(recipient=applicant, template="applications/info_requested").exists()
    page = applicant_client.get(detail_url(submitted)).content.decode()
    assert "Please update the headcount and the plan." in page
    assert "Full-time headcount" in page and "Document: Business plan" in page
    team = reverse("applications:step", args=[submitted.pk, "team"])
    applicant_client.post(team, {"headcount": "33", "desired_move_in": "2000-01-01"})
    company = reverse("applications:step", args=[submitted.pk, "company"])
    applicant_client.post(company, {"company_name_ko": "몰래 바꾼 이름"})
    submitted.refresh_from_db()
    assert submitted.headcount == 33 and submitted.company_name_ko != "몰래 바꾼 이름"
    team_page = applicant_client.get(team).content.decode()
    assert 'name="headcount"' in team_page and 'name="desired_move_in"' in team_page
    assert team_page.split('name="desired_move_in"')[1].split(">")[0].count("disabled") == 1
    # The reopened document can be replaced; the others cannot.
    documents = reverse("applications:documents", args=[submitted.pk])
    applicant_client.post(documents, {"document_type": plan.pk, f"doc{plan.pk}-file": upload("new.pdf", pdf_bytes())})
    assert submitted.documents.get(document_type=plan).original_name == "new.pdf"
    registry = call.document_types.get(name_en="Corporate registry extract")
    applicant_client.post(documents, {"document_type": registry.pk,
                                      f"doc{registry.pk}-file": upload("x.pdf", pdf_bytes())})
    assert submitted.documents.get(document_type=registry).original_name != "x.pdf"
    # Resubmit.
    response = applicant_client.post(reverse("applications:resubmit", args=[submitted.pk]), follow=True)
    submitted.refresh_from_db()
    assert submitted.status == "eligibility_review" and submitted.reopened_fields == []
    assert "Eligibility check" in response.content.decode()
    applicant_client.post(team, {"headcount": "40"})
    submitted.refresh_from_db()
    assert submitted.headcount == 33


def test_request_information_validates_its_input(submitted, staff, applicant):
    with pytest.raises(DomainError):
        services.application_request_information(application=submitted, actor=staff, message="",
                                                 reopened_fields=["headcount"])
    with pytest.raises(DomainError):
        services.application_request_information(application=submitted, actor=staff, message="x",
                                                 reopened_fields=["password"])
    with pytest.raises(PermissionRefused):
        services.application_request_information(application=submitted, actor=applicant, message="x",
                                                 reopened_fields=["headcount"])


def test_withdraw_asks_for_confirmation(applicant_client, submitted):
    url = reverse("applications:withdraw", args=[submitted.pk])
    page = applicant_client.get(url).content.decode()
    assert "Do you really want to withdraw it?" in page
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
    response = applicant_client.post(url, {"reason": "We found another office."}, follow=True)
    submitted.refresh_from_db()
    assert submitted.status == "withdrawn"
    assert "Withdrawn" in response.content.decode()
    assert "Withdraw the application" not in applicant_client.get(detail_url(submitted)).content.decode()


def test_a_draft_cannot_be_withdrawn(applicant_client, complete_draft):
    applicant_client.post(reverse("applications:withdraw", args=[complete_draft.pk]))
    complete_draft.refresh_from_db()
    assert complete_draft.status == "draft"


def test_message_thread_between_applicant_and_staff(applicant_client, applicant, submitted, staff,
                                                    django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = applicant_client.post(reverse("applications:message", args=[submitted.pk]),
                                         {"body": "When is the presentation?"})
    assert response.status_code == 302
    message = ApplicationMessage.objects.get()
    assert message.author == applicant and not message.from_staff
    assert Notification.objects.filter(recipient=staff, template="applications/message").exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_message_post(application=submitted, author=staff, body="On 3 March at 10:00.")
    notice = Notification.objects.get(recipient=applicant, template="applications/message")
    assert notice.link.endswith("#messages")
    assert any("On 3 March at 10:00." in m.body for m in mail.outbox if m.to == [applicant.email])
    page = applicant_client.get(detail_url(submitted)).content.decode()
    assert "When is the presentation?" in page and "On 3 March at 10:00." in page
    assert staff.name not in page
    with pytest.raises(PermissionRefused):
        services.application_message_post(application=submitted, author=UserFactory(), body="hi")


def test_an_empty_message_is_refused_beside_the_field(applicant_client, submitted):
    response = applicant_client.post(reverse("applications:message", args=[submitted.pk]), {"body": "   "})
    assert response.status_code == 400
    assert "Please write a message." in response.content.decode()
    assert not ApplicationMessage.objects.exists()


def test_nav_shows_my_applications_to_applicants(applicant_client, applicant, call):
    assert 'href="/my/applications/"' not in applicant_client.get("/").content.decode()
    applicant_client.post(reverse("applications:start", args=[call.code]), START_CONSENTS)  # gives the applicant role
    assert 'href="/my/applications/"' in applicant_client.get("/").content.decode()
