"""The NTS business-status check of submitted applications, against the local fake of the public data API
(tests/fakes/nts.py): queued after the submission commits, a closed business flagged to staff, a timeout
leaving the application unchecked with a retry, and no check without a service key."""

import pytest
from django.urls import reverse

from applications import services
from applications.models import Application
from applications.tasks import application_business_check_task
from portal.models import PendingTask
from portal.providers.nts import BusinessStatus, NtsUnavailable
from tests.applications.conftest import make_complete_draft
from tests.factories import DECLARATION, StaffFactory


def _admin_page(client, application, **params):
    client.force_login(StaffFactory(is_staff=True))
    return client.get(reverse("admin:applications_application_change", args=[application.pk])).content.decode()


def test_a_submission_queues_the_check_and_a_closed_business_is_flagged_to_staff(
        applicant_client, applicant, call, complete_draft, nts_fake, client, django_capture_on_commit_callbacks):
    number = complete_draft.business_registration_number
    nts_fake.business(number, code="03", closed="20261101", representative=complete_draft.ceo_name,
                      opened=complete_draft.founded_on.strftime("%Y%m%d"))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = applicant_client.post(reverse("applications:submit", args=[complete_draft.pk]), DECLARATION)
    assert response.status_code == 302 and nts_fake.requests == []  # nothing asked during the submission
    assert callbacks and PendingTask.objects.filter(
        name="applications.tasks.application_business_check_task", kwargs={"application_id": complete_draft.pk}
    ).exists()
    assert application_business_check_task(application_id=complete_draft.pk) == BusinessStatus.CLOSED
    application = Application.objects.get(pk=complete_draft.pk)
    assert (application.business_status, application.business_status_label) == ("closed", "폐업자")
    assert application.business_identity_valid is True
    assert [path.rsplit("/", 1)[1] for path, _body in nts_fake.requests] == ["status", "validate"]
    assert nts_fake.requests[0][1] == {"b_no": [number]}
    client.force_login(StaffFactory(is_staff=True))
    listing = client.get(reverse("admin:applications_application_changelist"), {"business_status": "closed"})
    assert 'data-business-flag="closed"' in listing.content.decode()
    assert "폐업자" in client.get(reverse("admin:applications_application_change", args=[application.pk])
                               ).content.decode()


def test_a_timeout_leaves_the_application_unchecked_and_the_task_retries(
        applicant, call, nts_fake, django_capture_on_commit_callbacks):
    nts_fake.delay = 1.5  # longer than NTS_TIMEOUT (0.5 s)
    draft = make_complete_draft(applicant=applicant, call=call)
    with django_capture_on_commit_callbacks(execute=False):
        submitted = services.application_submit(application=draft, actor=applicant, declared_true=True)
    assert submitted.status == "submitted"
    with pytest.raises(NtsUnavailable):  # called directly, the retry raises the error the worker retries on
        application_business_check_task(application_id=draft.pk)
    assert NtsUnavailable in application_business_check_task.autoretry_for
    application = Application.objects.get(pk=draft.pk)
    assert application.business_status == "" and application.business_checked_at is None


def test_the_identity_mismatch_and_an_unregistered_number_are_recorded(applicant, call, nts_fake):
    draft = make_complete_draft(applicant=applicant, call=call)
    services.application_submit(application=draft, actor=applicant, declared_true=True)
    assert application_business_check_task(application_id=draft.pk) == BusinessStatus.UNREGISTERED
    application = Application.objects.get(pk=draft.pk)
    assert application.business_identity_valid is False
    assert application.business_status_label == "국세청에 등록되지 않은 사업자등록번호입니다."


def test_without_a_service_key_the_check_is_skipped_and_the_admin_says_so(
        applicant, call, settings, client, django_capture_on_commit_callbacks):
    settings.NTS_SERVICE_KEY = ""
    draft = make_complete_draft(applicant=applicant, call=call)
    with django_capture_on_commit_callbacks(execute=False):
        services.application_submit(application=draft, actor=applicant, declared_true=True)
    assert not PendingTask.objects.filter(name="applications.tasks.application_business_check_task").exists()
    assert application_business_check_task(application_id=draft.pk) is None
    assert "NTS_SERVICE_KEY" in _admin_page(client, draft)
