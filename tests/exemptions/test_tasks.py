"""Celery tasks of exemptions: scheduled in CELERY_BEAT_SCHEDULE, each running its service; the issue
task retries a transient database error."""

import datetime as dt

import pytest
from django.db import OperationalError
from django.utils import timezone

from exemptions import services, tasks
from exemptions.models import DocumentStatus, ExemptionRequest, IssuedDocument
from tests.exemptions.conftest import approved_immigration


def test_every_periodic_task_is_scheduled(settings):
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    for task in (tasks.document_revoke_ended_leases_task,
                 tasks.stay_reminders_send_task):
        assert task.name in scheduled


def test_the_issue_task_issues_once(client, tenant, staff):
    req = approved_immigration(client, tenant, staff)
    number = tasks.document_issue_task.delay(request_id=req.pk).get()
    assert number == IssuedDocument.objects.get(request=req).number
    assert tasks.document_issue_task.delay(request_id=req.pk).get() == number


def test_the_issue_task_retries_a_transient_error(client, tenant, staff, monkeypatch):
    req = approved_immigration(client, tenant, staff)
    calls = []

    def flaky(*, request_id):
        calls.append(request_id)
        if len(calls) == 1:
            raise OperationalError("connection reset")
        return None

    monkeypatch.setattr(services, "document_issue", flaky)
    result = tasks.document_issue_task.apply(kwargs={"request_id": req.pk}, throw=False)
    assert calls == [req.pk, req.pk] and result.successful()


def test_the_daily_tasks_run_their_services(client, tenant, staff, settings):
    settings.EXEMPTIONS_SENSITIVE_RETENTION_DAYS = 1
    req = approved_immigration(client, tenant, staff)
    document = services.document_issue(request_id=req.pk)
    ExemptionRequest.objects.filter(pk=req.pk).update(
        decided_at=timezone.now() - dt.timedelta(days=2),
        deadline=timezone.localdate() + dt.timedelta(days=30),
    )
    tenant.lease.status = "terminated"
    tenant.lease.save(update_fields=["status"])
    assert tasks.stay_reminders_send_task() == 1
    assert tasks.document_revoke_ended_leases_task() == 1
    assert services.sensitive_data_purge() == 1
    document.refresh_from_db()
    assert document.status == DocumentStatus.REVOKED


@pytest.mark.parametrize("status", ["submitted", "rejected"])
def test_the_issue_task_does_nothing_for_a_request_not_approved(client, tenant, staff, status):
    from tests.exemptions.conftest import file_immigration

    client.force_login(tenant.owner)
    file_immigration(client, tenant)
    req = ExemptionRequest.objects.get()
    if status == "rejected":
        services.request_reject(request=req, actor=staff, reason="x")
    assert tasks.document_issue_task(request_id=req.pk) is None
    assert not IssuedDocument.objects.exists()
