"""The staff review in the admin: list, filters, search, documents, replies, exports, dashboard."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from accounts.models import User
from applications.models import Application, ApplicationMessage
from applications.workflow import Status
from portal.models import StatusChange
from tests.factories import (
    ApplicationDocumentFactory,
    AssignmentFactory,
    ClosedCallFactory,
    ScorecardFactory,
    StaffFactory,
    SubmittedApplicationFactory,
    UnitTypeFactory,
)
from tests.privacy.reasons import remember_reason

LIST = "/admin/applications/application/"


def _bulk_applications(call, count, start=0):
    users = User.objects.bulk_create(
        User(email=f"bulk{start + i}@example.kr", name=f"지원자{i}") for i in range(count)
    )
    unit_type = UnitTypeFactory()
    applications = Application.objects.bulk_create(
        Application(call=call, applicant=user, status=Status.STAGE1, receipt_number=f"B-{start + i:05d}",
                    company_name_ko=f"회사{start + i}", business_registration_number=f"{2000000000 + start + i}",
                    headcount=20 + i % 20, desired_unit_type=unit_type)
        for i, user in enumerate(users)
    )
    for application in applications[:3]:
        ScorecardFactory(application=application, stage=1, total=77)
    return applications


@pytest.mark.django_db
def test_list_query_count_is_the_same_with_5_and_500_applications(client):
    client.force_login(StaffFactory())
    call = ClosedCallFactory()
    _bulk_applications(call, 5)
    client.get(LIST)  # warm caches (content types, permissions)
    with CaptureQueriesContext(connection) as five:
        response = client.get(LIST, {"all": ""})
    assert response.status_code == 200
    assert response.content.decode().count('class="action-select"') == 5
    _bulk_applications(call, 495, start=5)
    with CaptureQueriesContext(connection) as five_hundred:
        response = client.get(LIST, {"all": ""})
    assert response.content.decode().count('class="action-select"') == 500
    assert len(five) == len(five_hundred)
    assert "77.00" in response.content.decode()  # the stage-1 score column, annotated in the same query


@pytest.mark.django_db
def test_list_query_count_is_pinned(client, django_assert_num_queries):
    client.force_login(StaffFactory())
    _bulk_applications(ClosedCallFactory(), 20)
    client.get(LIST)
    with django_assert_num_queries(14) as captured:  # the staff member's programmes: one read per request
        client.get(LIST)
    # One count, of the application table alone: no second count of the whole table, and the score
    # columns' subqueries add no join to it.
    [count] = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT COUNT(*)")
               and "applications_application" in q["sql"]]
    assert count == 'SELECT COUNT(*) AS "__count" FROM "applications_application"'
    # The admin shows no count of unread notices, so it does not ask for one.
    assert not [q for q in captured.captured_queries if "notifications_notification" in q["sql"]]


@pytest.mark.django_db
def test_a_filtered_list_offers_show_all_instead_of_counting_the_whole_table(client):
    client.force_login(StaffFactory())
    applications = _bulk_applications(ClosedCallFactory(), 3)
    page = client.get(LIST, {"q": applications[0].receipt_number}).content.decode()
    assert page.count('class="action-select"') == 1
    assert '(<a href="?">모두 표시</a>)' in page  # Korean admin: "Show all", where "(3 total)" was


@pytest.mark.django_db
def test_change_page_query_count_does_not_grow_with_documents_scores_messages_and_changes(client):
    from evaluations.models import ConflictDeclaration

    staff = StaffFactory()
    client.force_login(staff)
    application = SubmittedApplicationFactory(status=Status.STAGE1)
    url = f"/admin/applications/application/{application.pk}/change/"

    document_types = list(application.call.document_types.all())

    def add(n):
        for i in range(n):
            ApplicationDocumentFactory(application=application, document_type=document_types.pop())
            evaluator = AssignmentFactory(call=application.call).evaluator
            ScorecardFactory(application=application, evaluator=evaluator, total=60 + i)
            ConflictDeclaration.objects.create(evaluator=evaluator, application=application, stage=1,
                                               has_conflict=False)
            ApplicationMessage.objects.create(application=application, author=staff, from_staff=True,
                                              body=f"안내문-{i}")
            StatusChange.objects.create(subject=application, name="request_information",
                                         from_status="stage1", to_status="stage1", actor=staff,
                                         reason=f"보완요청-{i}")

    add(1)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(4)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert page.count("안내문-") == 5 and page.count("보완요청-") == 5
    assert len(few) == len(many)


@pytest.mark.django_db
@pytest.mark.parametrize("term", ["123-45-67890", "1234567890", "45-678", "알파테크", "Alpha", "R-0042"])
def test_search_by_company_registration_number_with_or_without_hyphens_and_receipt(client, term):
    client.force_login(StaffFactory())
    wanted = SubmittedApplicationFactory(business_registration_number="1234567890", company_name_ko="알파테크 주식회사",
                                company_name_en="AlphaTech", receipt_number="R-0042")
    other = SubmittedApplicationFactory(business_registration_number="9876543210", company_name_ko="베타랩스",
                               company_name_en="Beta Labs", receipt_number="R-0043")
    result = client.get(LIST, {"q": term}).context["cl"].result_list
    assert [a.pk for a in result] == [wanted.pk]
    assert other.pk not in [a.pk for a in result]


@pytest.mark.django_db
def test_filters_by_headcount_range_status_and_call(client):
    client.force_login(StaffFactory())
    call = ClosedCallFactory()
    small = SubmittedApplicationFactory(call=call, headcount=12)
    mid = SubmittedApplicationFactory(call=call, headcount=33)
    big = SubmittedApplicationFactory(headcount=50, status=Status.STAGE1)

    def ids(**params):
        return {a.pk for a in client.get(LIST, params).context["cl"].result_list}

    assert ids(headcount="lt20") == {small.pk}
    assert ids(headcount="30-42") == {mid.pk}
    assert ids(headcount="gt42") == {big.pk}
    assert ids(status__exact=Status.STAGE1) == {big.pk}
    assert ids(call__id__exact=call.pk) == {small.pk, mid.pk}


@pytest.mark.django_db
def test_documents_download_for_staff_only(client):
    document = ApplicationDocumentFactory()
    url = f"/admin/applications/application/{document.application_id}/documents/{document.pk}/download/"
    client.force_login(StaffFactory())
    remember_reason(client)  # the reason page is tested in tests/privacy
    page = client.get(f"/admin/applications/application/{document.application_id}/change/").content.decode()
    assert url in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == b"%PDF-1.7 business plan"
    # a document of another application is not reachable through this one
    other = SubmittedApplicationFactory()
    foreign_url = f"/admin/applications/application/{other.pk}/documents/{document.pk}/download/"
    assert client.get(foreign_url).status_code == 404
    client.force_login(document.application.applicant)
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.django_db
def test_staff_reply_goes_to_the_thread_and_notifies_the_applicant(client, django_capture_on_commit_callbacks):
    application = SubmittedApplicationFactory()
    staff = StaffFactory()
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/applications/application/{application.pk}/reply/",
                               {"body": "발표 자료는 PDF로 준비해 주십시오."})
    assert response.status_code == 302
    message = ApplicationMessage.objects.get(application=application)
    assert message.from_staff and message.author == staff
    notice = application.applicant.notifications.get()
    assert application.receipt_number in notice.title
    page = client.get(f"/admin/applications/application/{application.pk}/change/").content.decode()
    assert "발표 자료는 PDF로 준비해 주십시오." in page
    # an empty reply is refused with a message, nothing recorded
    client.post(f"/admin/applications/application/{application.pk}/reply/", {"body": "  "})
    assert ApplicationMessage.objects.filter(application=application).count() == 1


@pytest.mark.django_db
def test_transition_log_and_recusals_are_on_the_change_page(client):
    from evaluations.models import ConflictDeclaration

    staff = StaffFactory(name="김서초")
    application = SubmittedApplicationFactory(status=Status.SUBMITTED)
    client.force_login(staff)
    client.post(f"/admin/applications/application/{application.pk}/workflow/mark_ineligible/",
                {"reason": "납세증명서 누락"})
    assignment = AssignmentFactory(call=application.call)
    ConflictDeclaration.objects.create(evaluator=assignment.evaluator, application=application, stage=1,
                                       has_conflict=True, note="전 직장 동료")
    page = client.get(f"/admin/applications/application/{application.pk}/change/").content.decode()
    assert "납세증명서 누락" in page and "김서초" in page
    assert "전 직장 동료" in page


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_of_a_calls_applications_and_ranking(client, fmt):
    call = ClosedCallFactory(code="2026-9")
    first = SubmittedApplicationFactory(call=call, status=Status.STAGE2, company_name_ko="일등")
    second = SubmittedApplicationFactory(call=call, status=Status.STAGE2, company_name_ko="이등")
    SubmittedApplicationFactory(call=call, status=Status.INELIGIBLE, company_name_ko="부적격")
    SubmittedApplicationFactory(call=call, status=Status.DRAFT, company_name_ko="임시저장")
    ScorecardFactory(application=first, stage=2, total=88)
    ScorecardFactory(application=second, stage=2, total=64)
    client.force_login(StaffFactory())
    remember_reason(client)  # the reason page is tested in tests/privacy
    response = client.get(f"/admin/applications/application/calls/{call.pk}/export.{fmt}")
    assert response.status_code == 200
    assert f"applications-2026-9.{fmt}" in response["Content-Disposition"]
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [[("" if v is None else str(v)) for v in row] for row in sheet.iter_rows(values_only=True)]
    header, body = rows[0], rows[1:]
    assert header[0] == "순위"
    assert [r[2] for r in body] == ["일등", "이등", "부적격"]  # the draft is not an application yet
    assert [r[0] for r in body] == ["1", "2", ""]
    assert body[0][12] in ("88.0", "88")


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_keeps_formula_like_text_as_text(client, fmt):
    call = ClosedCallFactory()
    SubmittedApplicationFactory(call=call, status=Status.STAGE1, company_name_ko='=HYPERLINK("http://x","y")')
    client.force_login(StaffFactory())
    remember_reason(client)  # the reason page is tested in tests/privacy
    response = client.get(f"/admin/applications/application/calls/{call.pk}/export.{fmt}")
    if fmt == "csv":
        assert "'=HYPERLINK" in response.content.decode("utf-8-sig")
    else:
        cell = load_workbook(io.BytesIO(response.content)).active["C2"]
        assert cell.data_type == "s" and cell.value.startswith("'=")


@pytest.mark.django_db
def test_dashboard_counts_outstanding_and_chart(client):
    call = ClosedCallFactory(code="2026-D")
    applications = SubmittedApplicationFactory.create_batch(3, call=call, status=Status.STAGE1)
    SubmittedApplicationFactory(call=call, status=Status.SUBMITTED)
    done = AssignmentFactory(call=call, stage=1, evaluator__name="이평가")
    AssignmentFactory(call=call, stage=1, evaluator__name="박심사")
    for application, total in zip(applications, (45, 72, 91), strict=True):
        ScorecardFactory(application=application, evaluator=done.evaluator, stage=1, total=total)
    client.force_login(StaffFactory())
    html = client.get("/admin/").content.decode()
    assert "evaluations-dashboard" in html and "2026-D" in html
    assert '<svg role="img"' in html and "<script" not in html.split("evaluations-dashboard")[1].split("</svg>")[0]
    assert html.count("<rect") == 10
    # 이평가 scored all three, 박심사 none
    section = html.split("이평가")[1]
    assert 'data-outstanding="0"' in section.split("</tr>")[0]
    assert 'data-outstanding="3"' in html.split("박심사")[1].split("</tr>")[0]


@pytest.mark.django_db
def test_call_pages_are_for_district_staff_only(client):
    from tests.factories import UserFactory

    call = ClosedCallFactory()
    SubmittedApplicationFactory(call=call, status=Status.SELECTED)
    urls = [f"/admin/applications/application/calls/{call.pk}/{tail}"
            for tail in ("ranking/", "export.csv", "export.xlsx", "decisions/", "release/")]
    other_staff = UserFactory(is_staff=True)  # admin access, but not the district-staff role
    client.force_login(other_staff)
    for url in urls:
        assert client.get(url).status_code in (403, 404), url
    assert client.post(f"/admin/applications/application/calls/{call.pk}/release/").status_code in (403, 404)
    call.refresh_from_db()
    assert call.results_released_at is None
    client.force_login(StaffFactory())
    remember_reason(client)  # the reason page is tested in tests/privacy
    for url in urls:
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_staff_cannot_delete_what_evaluators_declared_or_scored(client):
    from evaluations.models import ConflictDeclaration, Scorecard

    client.force_login(StaffFactory())
    card = ScorecardFactory(application=SubmittedApplicationFactory(call=ClosedCallFactory()), stage=1, total=80)
    declaration = ConflictDeclaration.objects.create(application=card.application, evaluator=card.evaluator, stage=1,
                                                     has_conflict=False)
    listing = client.get("/admin/evaluations/scorecard/").content.decode()
    assert "delete_selected" not in listing  # no bulk delete offered
    client.post("/admin/evaluations/scorecard/", {"action": "delete_selected", "_selected_action": [card.pk],
                                                  "post": "yes"})
    assert client.get(f"/admin/evaluations/scorecard/{card.pk}/delete/").status_code == 403
    assert client.post(f"/admin/evaluations/scorecard/{card.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(f"/admin/evaluations/conflictdeclaration/{declaration.pk}/delete/",
                       {"post": "yes"}).status_code == 403
    assert Scorecard.objects.filter(pk=card.pk).exists()
    assert ConflictDeclaration.objects.filter(pk=declaration.pk).exists()


@pytest.mark.django_db
def test_the_application_page_shows_revenue_and_investment_with_thousands_separators(client):
    from django.conf import settings

    client.force_login(StaffFactory())
    application = SubmittedApplicationFactory(status=Status.STAGE1, revenue_last_year=1_150_000_000,
                                              total_investment=3_500_000_000)
    url = f"/admin/applications/application/{application.pk}/change/"
    for language in ["ko", "en"]:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        page = client.get(url).content.decode()
        assert "1,150,000,000" in page and "3,500,000,000" in page, language
        assert "1150000000" not in page and "3500000000" not in page, language
