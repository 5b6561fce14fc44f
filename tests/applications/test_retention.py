"""Documents of unsuccessful applications are destroyed by the retention schedule after their period; each
destruction is logged with the application as well as in the destruction register."""

import datetime

from django.core.files.storage import storages
from django.utils import timezone

from applications import services
from applications.models import ApplicationDocument, DocumentDestruction
from portal.models import StatusChange
from privacy.models import DestructionRecord
from privacy.tasks import retention_run_task
from tests.applications.conftest import make_call, make_complete_draft
from tests.factories import UserFactory


def _application(status: str, *, decided_days_ago: int):
    applicant = UserFactory()
    application = make_complete_draft(applicant=applicant, call=make_call())
    services.application_submit(application=application, actor=applicant, declared_true=True)
    if status == "withdrawn":
        services.application_withdraw(application=application, actor=applicant)
    elif status == "ineligible":
        services.application_transition(application=application, name="mark_ineligible",
                                        actor=UserFactory(role="district_staff"), reason="서류 미비")
    StatusChange.objects.filter(application=application).update(
        at=timezone.now() - datetime.timedelta(days=decided_days_ago))
    application.refresh_from_db()
    return application


def test_documents_are_destroyed_after_the_retention_period_and_logged(db, settings,
                                                                       django_capture_on_commit_callbacks):
    settings.APPLICATIONS_DOCUMENT_RETENTION_DAYS = 365
    old = _application("ineligible", decided_days_ago=400)
    paths = [d.file.name for d in old.documents.all()]
    assert paths and all(storages["private"].exists(p) for p in paths)

    with django_capture_on_commit_callbacks(execute=True):
        destroyed = retention_run_task()

    assert destroyed == len(paths)
    assert not ApplicationDocument.objects.filter(application=old).exists()
    assert not any(storages["private"].exists(p) for p in paths)
    log = DocumentDestruction.objects.filter(application=old)
    assert log.count() == len(paths)
    assert {entry.application_status for entry in log} == {"ineligible"}
    assert {entry.retention_days for entry in log} == {365}
    register = DestructionRecord.objects.get(rule="applications.unsuccessful_documents")
    assert (register.count, register.period_days) == (len(paths), 365)


def test_recent_decisions_and_live_applications_keep_their_documents(db, settings):
    settings.APPLICATIONS_DOCUMENT_RETENTION_DAYS = 365
    recent = _application("withdrawn", decided_days_ago=30)
    live = _application("submitted", decided_days_ago=800)  # still under review: never destroyed
    before = ApplicationDocument.objects.filter(application__in=[recent, live]).count()

    assert retention_run_task() == 0
    assert ApplicationDocument.objects.filter(application__in=[recent, live]).count() == before
    assert not DocumentDestruction.objects.exists()


def test_running_twice_destroys_nothing_more(db, settings, django_capture_on_commit_callbacks):
    settings.APPLICATIONS_DOCUMENT_RETENTION_DAYS = 30
    _application("withdrawn", decided_days_ago=31)
    with django_capture_on_commit_callbacks(execute=True):
        first = retention_run_task()
    assert first > 0
    assert retention_run_task() == 0
    assert DocumentDestruction.objects.count() == first


def test_staff_read_the_destruction_log_in_the_admin(client, db, settings, django_capture_on_commit_callbacks):
    settings.APPLICATIONS_DOCUMENT_RETENTION_DAYS = 30
    application = _application("withdrawn", decided_days_ago=31)
    with django_capture_on_commit_callbacks(execute=True):
        retention_run_task()
    client.force_login(UserFactory(role="district_staff"))
    html = client.get("/admin/applications/documentdestruction/").content.decode()
    assert application.receipt_number in html
    assert "doc-0.pdf" in html


def test_the_log_records_the_period_staff_set_in_the_schedule(db, settings, django_capture_on_commit_callbacks):
    from privacy.models import RetentionSchedule
    from privacy.retention import retention_schedule_sync

    settings.APPLICATIONS_DOCUMENT_RETENTION_DAYS = 365
    retention_schedule_sync()
    RetentionSchedule.objects.filter(rule="applications.unsuccessful_documents").update(days=200)
    application = _application("withdrawn", decided_days_ago=201)
    with django_capture_on_commit_callbacks(execute=True):
        assert retention_run_task() > 0
    assert set(DocumentDestruction.objects.filter(application=application)
               .values_list("retention_days", flat=True)) == {200}
