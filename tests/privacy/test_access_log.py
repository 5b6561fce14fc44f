"""The access log (안전성 확보조치 기준 §8): what staff and evaluators read is logged, with a reason for files,
in a chain that shows tampering, kept for the retention period and reviewed monthly."""

import time

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from privacy.access_log import Subject, access_log_record, access_log_verify
from privacy.access_reason import SESSION_PREFIX
from privacy.models import AccessLog, AccessLogReview
from tests.factories import (
    ApplicationDocumentFactory,
    AssignmentFactory,
    ClosedCallFactory,
    CompanyFactory,
    StaffFactory,
    SubmittedApplicationFactory,
    UserFactory,
)
from tests.privacy.reasons import remember_reason

pytestmark = pytest.mark.django_db

REVIEW_URL = "/admin/privacy/accesslog/review/"


@pytest.fixture
def document():
    applicant = UserFactory(name="김지원", email="jiwon@example.kr")
    return ApplicationDocumentFactory(application=SubmittedApplicationFactory(
        applicant=applicant, company_name_ko="주식회사 지원랩", status="stage1"))


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory(email="officer@seocho.go.kr"))
    return client


def _download_with_reason(client, url, reason="선정 심사 서류 확인"):
    """The reason page, then the file: the path a staff member or evaluator takes in the browser."""
    page = client.get(url)
    assert page.status_code == 200 and b'name="access_reason"' in page.content
    sent = client.post(url, {"access_reason": reason, "access_reason_method": "GET"})
    assert sent.status_code == 302 and sent["Location"] == url
    return client.get(url)


def test_staff_opening_an_applications_documents_leaves_rows_naming_the_applicant(staff_client, document):
    application = document.application
    page = staff_client.get(reverse("admin:applications_application_change", args=[application.pk]))
    assert page.status_code == 200
    admin_url = reverse("admin:applications_application_document", args=[application.pk, document.pk])
    assert b"".join(_download_with_reason(staff_client, admin_url).streaming_content) == b"%PDF-1.7 business plan"
    site_url = reverse("applications:document_download", args=[application.pk, document.pk])
    assert staff_client.get(site_url).status_code == 200  # the reason is remembered for documents of this kind

    rows = list(AccessLog.objects.order_by("id"))
    assert [row.action for row in rows] == ["view", "download", "download"]
    for row in rows:
        assert (row.actor_label, row.actor_role, row.ip) == ("officer@seocho.go.kr", "district_staff", "127.0.0.1")
        assert (row.subject_kind, row.subject_id) == ("applicant", str(application.applicant_id))
        assert "김지원" in row.subject_label and "주식회사 지원랩" in row.subject_label
    assert rows[0].object_id == str(application.pk)
    assert rows[1].object_id == str(document.pk) and rows[1].object_label == "사업계획서.pdf"
    assert rows[1].reason == rows[2].reason == "선정 심사 서류 확인"
    assert access_log_verify().ok


def test_the_applicant_downloading_their_own_document_is_not_asked_or_logged(client, document):
    client.force_login(document.application.applicant)
    url = reverse("applications:document_download", args=[document.application.pk, document.pk])
    assert client.get(url)["Content-Disposition"].startswith("attachment")
    assert not AccessLog.objects.exists()


def test_an_evaluators_document_view_is_logged_with_its_reason(client, document):
    from evaluations.models import ConflictDeclaration

    application = document.application
    assignment = AssignmentFactory(call=application.call, stage=1, evaluator__email="judge@example.kr")
    ConflictDeclaration.objects.create(evaluator=assignment.evaluator, application=application, stage=1,
                                       has_conflict=False)
    client.force_login(assignment.evaluator)
    url = reverse("evaluations:document", args=[application.pk, document.pk])
    response = _download_with_reason(client, url, reason="1단계 서면 평가")
    assert response["Content-Disposition"].startswith("attachment")
    row = AccessLog.objects.get()
    assert (row.actor_label, row.actor_role, row.action, row.reason) == (
        "judge@example.kr", "evaluator", "download", "1단계 서면 평가")
    assert row.subject_id == str(application.applicant_id) and "김지원" in row.subject_label


def test_an_evaluators_application_page_leaves_a_row_naming_the_applicant(client, document):
    from evaluations.models import ConflictDeclaration

    application = document.application
    assignment = AssignmentFactory(call=application.call, stage=1, evaluator__email="judge@example.kr")
    ConflictDeclaration.objects.create(evaluator=assignment.evaluator, application=application, stage=1,
                                       has_conflict=False)
    client.force_login(assignment.evaluator)
    page = client.get(reverse("evaluations:application", args=[application.pk]))
    assert page.status_code == 200 and application.ceo_name in page.content.decode()
    row = AccessLog.objects.get()
    assert (row.actor_label, row.actor_role, row.action, row.object_id) == (
        "judge@example.kr", "evaluator", "view", str(application.pk))
    assert row.subject_id == str(application.applicant_id) and "김지원" in row.subject_label


def test_an_evaluator_with_a_conflict_leaves_no_row(client, document):
    from evaluations.models import ConflictDeclaration

    application = document.application
    assignment = AssignmentFactory(call=application.call, stage=1)
    ConflictDeclaration.objects.create(evaluator=assignment.evaluator, application=application, stage=1,
                                       has_conflict=True, note="공동 연구")
    client.force_login(assignment.evaluator)
    assert client.get(reverse("evaluations:application", args=[application.pk])).status_code == 404
    assert not AccessLog.objects.exists()


def test_every_admin_of_personal_data_is_logged_or_a_reviewed_exception():
    """The change page of every registered admin whose model is in a personal-data file logs who opened it."""
    from django.contrib import admin

    from privacy.access_log_admin import AccessLoggedAdminMixin
    from privacy.registry import ADMINS_NOT_ACCESS_LOGGED, tables

    personal = {table.model.lower() for _file, table in tables()}
    admins = {getattr(model, "instance_type", model)._meta.label_lower: model_admin
              for model, model_admin in admin.site._registry.items()}
    unlogged = sorted(label for label, model_admin in admins.items() if label in personal
                      and not isinstance(model_admin, AccessLoggedAdminMixin) and label not in ADMINS_NOT_ACCESS_LOGGED)
    assert not unlogged, f"Log these (AccessLoggedAdminMixin) or explain them in ADMINS_NOT_ACCESS_LOGGED: {unlogged}"
    for label in ADMINS_NOT_ACCESS_LOGGED:
        assert label in admins and label in personal and not isinstance(admins[label], AccessLoggedAdminMixin), label
    for label, model_admin in admins.items():
        if not isinstance(model_admin, AccessLoggedAdminMixin):
            continue
        declared = model_admin.access_log_company or model_admin.access_log_user
        overridden = type(model_admin).access_log_subject is not AccessLoggedAdminMixin.access_log_subject
        assert declared or overridden, f"{label}: say whose data its change page shows"
        if declared:
            assert model_admin.model._default_manager.filter(**{declared: None}).query is not None  # FieldError


@pytest.mark.parametrize(("language", "message"), [
    ("ko", "내려받기 또는 내보내기 사유를 입력해 주십시오."),
    ("en", "Type the reason for this download or export."),
])
def test_a_download_without_a_reason_is_refused_with_the_message_beside_the_field(client, document, language,
                                                                                message):
    staff_client = client
    staff_client.force_login(StaffFactory(preferred_language=language))
    url = reverse("admin:applications_application_document", args=[document.application.pk, document.pk])
    response = staff_client.post(url, {"access_reason": "   ", "access_reason_method": "GET"})
    assert response.status_code == 200
    assert "Content-Disposition" not in response
    html = response.content.decode()
    assert 'id="access-reason-error"' in html and message in html
    assert not AccessLog.objects.exists()
    # Nothing is remembered either: the next download asks again.
    assert b'name="access_reason"' in staff_client.get(url).content


def test_the_reason_is_asked_again_after_half_an_hour(staff_client, document):
    url = reverse("admin:applications_application_document", args=[document.application.pk, document.pk])
    _download_with_reason(staff_client, url)
    assert staff_client.get(url).status_code == 200 and AccessLog.objects.count() == 2  # remembered: the file
    session = staff_client.session
    session[SESSION_PREFIX + "applications.document"]["at"] = time.time() - 31 * 60
    session.save()
    assert b'name="access_reason"' in staff_client.get(url).content
    assert AccessLog.objects.count() == 2


def test_an_export_asks_its_reason_and_is_logged_with_it(staff_client):
    call = ClosedCallFactory(code="2026-9")
    SubmittedApplicationFactory(call=call, status="stage2")
    url = f"/admin/applications/application/calls/{call.pk}/export.csv"
    empty = staff_client.post(url, {"access_reason": "", "access_reason_method": "GET"})
    assert empty.status_code == 200 and "사유를 입력해 주십시오" in empty.content.decode()
    response = _download_with_reason(staff_client, url, reason="선정 결과 보고")
    assert response["Content-Type"].startswith("text/csv")
    row = AccessLog.objects.get()
    assert (row.action, row.reason, row.subject_kind) == ("export", "선정 결과 보고", "many")
    assert row.object_label.startswith("call-applications")


def test_an_export_admin_action_keeps_the_selection_through_the_reason_page(staff_client):
    staff_client.get(reverse("admin:tenants_company_change", args=[CompanyFactory().pk]))
    ids = list(AccessLog.objects.values_list("pk", flat=True))
    data = {"action": "export_csv", "_selected_action": ids}
    page = staff_client.post("/admin/privacy/accesslog/", data)
    assert b'name="_selected_action"' in page.content and b'name="access_reason"' in page.content
    response = staff_client.post("/admin/privacy/accesslog/", {**data, "access_reason": "월간 점검"})
    assert response["Content-Type"].startswith("text/csv")
    assert AccessLog.objects.filter(action="export", reason="월간 점검").count() == 1


def test_company_and_user_change_pages_are_logged(staff_client):
    company = CompanyFactory(name_ko="주식회사 양재")
    user = UserFactory(email="member@example.kr")
    assert staff_client.get(reverse("admin:tenants_company_change", args=[company.pk])).status_code == 200
    assert staff_client.get(reverse("admin:accounts_user_change", args=[user.pk])).status_code == 200
    assert list(AccessLog.objects.order_by("id").values_list("subject_kind", "subject_label", "action")) == [
        ("company", "주식회사 양재", "view"), ("user", "member@example.kr", "view")]


def test_lease_notification_and_consent_pages_are_logged_naming_whose_data(staff_client):
    from accounts.models import ConsentPurpose, ConsentRecord
    from notifications.models import Notification
    from tests.factories import LeaseFactory

    lease = LeaseFactory(company__name_ko="주식회사 양재")
    member = UserFactory(email="member@example.kr")
    notification = Notification.objects.create(recipient=member, title="안내", email=member.email)
    consent = ConsentRecord.objects.create(user=member, purpose=ConsentPurpose.PERSONAL_DATA, version="1")
    for url in (reverse("admin:tenants_lease_change", args=[lease.pk]),
                reverse("admin:notifications_notification_change", args=[notification.pk]),
                reverse("admin:accounts_consentrecord_change", args=[consent.pk])):
        assert staff_client.get(url).status_code == 200, url
    assert list(AccessLog.objects.order_by("id").values_list("subject_kind", "subject_label", "action")) == [
        ("company", "주식회사 양재", "view"), ("user", "member@example.kr", "view"),
        ("user", "member@example.kr", "view")]


def test_log_rows_cannot_be_changed_or_deleted_through_the_orm_or_the_admin(staff_client):
    staff_client.get(reverse("admin:tenants_company_change", args=[CompanyFactory().pk]))
    row = AccessLog.objects.get()
    row.reason = "고침"
    with pytest.raises(TypeError):
        row.save()
    with pytest.raises(TypeError):
        row.delete()
    with pytest.raises(TypeError):
        AccessLog.objects.update(reason="고침")
    with pytest.raises(TypeError):
        AccessLog.objects.all().delete()
    change = reverse("admin:privacy_accesslog_change", args=[row.pk])
    page = staff_client.get(change)
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert staff_client.post(change, {"reason": "고침"}).status_code == 403
    assert staff_client.post(reverse("admin:privacy_accesslog_delete", args=[row.pk]), {"post": "yes"}).status_code \
        == 403
    assert AccessLog.objects.get().reason == ""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_an_update_or_delete_outside_the_retention(staff_client):
    staff_client.get(reverse("admin:tenants_company_change", args=[CompanyFactory().pk]))
    for statement in ("UPDATE privacy_accesslog SET reason = 'x'", "DELETE FROM privacy_accesslog"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AccessLog.objects.count() == 1


def test_editing_a_row_in_the_database_breaks_the_chain_and_the_review_page_says_so(staff_client):
    for company in CompanyFactory.create_batch(3):
        staff_client.get(reverse("admin:tenants_company_change", args=[company.pk]))
    page = staff_client.get(REVIEW_URL).content.decode()
    assert "연결이 온전합니다" in page
    second = AccessLog.objects.order_by("id")[1]
    with connection.cursor() as cursor:  # as someone with the database's owner rights would
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE privacy_accesslog DISABLE TRIGGER privacy_accesslog_append_only")
        cursor.execute("UPDATE privacy_accesslog SET subject_label = %s WHERE id = %s", ["다른 회사", second.pk])
    assert access_log_verify().broken_at == second.pk
    page = staff_client.get(REVIEW_URL).content.decode()
    assert f"{second.pk}번 기록에서 연결이 끊어졌습니다" in page and 'class="errornote chain-broken"' in page


def test_the_monthly_review_flags_unusual_volume_and_records_the_review(staff_client, settings):
    settings.PRIVACY_ACCESS_LOG_DAILY_SUBJECTS_ALERT = 2
    for company in CompanyFactory.create_batch(3):
        staff_client.get(reverse("admin:tenants_company_change", args=[company.pk]))
    page = staff_client.get(REVIEW_URL)
    assert page.status_code == 200
    days = page.context["days"]
    assert [(d["actor_label"], d["subjects"], d["unusual"]) for d in days] == [("officer@seocho.go.kr", 3, True)]
    assert "많은 양의 열람" in page.content.decode()
    month = timezone.localdate().strftime("%Y-%m")
    response = staff_client.post(f"{REVIEW_URL}?month={month}", {"note": "대량 열람은 선정 심사 때문임을 확인"})
    assert response.status_code == 302
    review = AccessLogReview.objects.get()
    assert review.chain_ok and review.reviewed_by.email == "officer@seocho.go.kr"
    assert "대량 열람은 선정 심사 때문임을 확인" in staff_client.get(response["Location"]).content.decode()


def test_evaluators_and_applicants_cannot_open_the_log(client):
    client.force_login(UserFactory())
    assert client.get(REVIEW_URL).status_code == 302  # the admin's login page
    assert client.get("/admin/privacy/accesslog/").status_code == 302


def test_wrapped_admin_pages_and_the_review_keep_their_query_count(staff_client, document):
    application = document.application
    url = reverse("admin:applications_application_change", args=[application.pk])
    staff_client.get(url)  # warm the session and the content-type cache

    def count(page):
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(page).status_code == 200
        return len(queries)

    first, review = count(url), count(REVIEW_URL)
    for company in CompanyFactory.create_batch(5):
        staff_client.get(reverse("admin:tenants_company_change", args=[company.pk]))
    assert (count(url), count(REVIEW_URL)) == (first, review)


def test_one_row_costs_three_queries(staff_client, document, django_assert_num_queries):
    url = reverse("admin:applications_application_document", args=[document.application.pk, document.pk])
    remember_reason(staff_client, "applications.document")
    staff_client.get(url)
    with CaptureQueriesContext(connection) as queries:
        staff_client.get(url)
    logging = [q["sql"] for q in queries if "privacy_accesslog" in q["sql"] or "pg_advisory" in q["sql"]]
    assert len(logging) == (3 if connection.vendor == "postgresql" else 2)


def test_a_second_row_after_the_same_one_is_refused_by_the_database(rf):
    from django.db import IntegrityError

    request = rf.get("/admin/")
    request.user = StaffFactory()
    company = CompanyFactory()
    first = access_log_record(request=request, action="view", obj=company,
                              subject=Subject(kind="company", id=company.pk, label="A"))
    fork = AccessLog(actor_label="x", actor_role="x", action="view", subject_kind="company", prev_hash=first.prev_hash,
                     hash="f" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        fork.save()


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain():
    import threading

    from django.db import connections
    from django.test import RequestFactory

    company = CompanyFactory()
    users = StaffFactory.create_batch(4)
    errors = []

    def write(user):
        try:
            request = RequestFactory().get("/admin/")
            request.user = user
            for _ in range(10):
                access_log_record(request=request, action="view", obj=company,
                                  subject=Subject(kind="company", id=company.pk, label="주식회사 동시"))
        except Exception as error:  # noqa: BLE001 — reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert access_log_verify() == access_log_verify().__class__(ok=True, rows=40)
