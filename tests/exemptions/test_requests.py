"""The tenant's requests: filing both types, validation messages, the staff workflow and its audit,
resubmitting after a request for information."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from exemptions import services
from exemptions.models import ExemptionRequest, RequestStatus
from portal.exceptions import DomainError, TransitionNotAllowed
from portal.models import StatusChange
from tests.exemptions.conftest import file_immigration
from tests.factories import immigration_answers, patent_answers


def test_an_owner_files_an_immigration_request_with_the_contract(client, tenant):
    client.force_login(tenant.owner)
    response = file_immigration(client, tenant)
    req = ExemptionRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exemptions:request", args=[tenant.company.pk, req.pk])
    assert req.status == RequestStatus.SUBMITTED and req.subject == "John Smith"
    assert req.deadline == timezone.localdate() + timezone.timedelta(days=200)
    assert req.data["passport_number_masked"] == "M1234****"
    assert set(req.uploads) == {"employment_contract"}
    page = client.get(response["Location"]).content.decode()
    assert "M1234****" in page and "M12345678" not in page
    assert "contract.pdf" in page and "근로계약서" in page
    download = client.get(reverse("exemptions:request_upload", args=[tenant.company.pk, req.pk,
                                                                     "employment_contract"]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_an_administrator_files_a_patent_request(client, tenant):
    client.force_login(tenant.admin)
    response = client.post(reverse("exemptions:create", args=[tenant.company.pk, "PAT"]),
                           patent_answers(tenant.company))
    assert response.status_code == 302
    req = ExemptionRequest.objects.get()
    assert req.exemption_type.code == "PAT"
    assert req.subject == f"10-{timezone.localdate().year}-0123456"


@pytest.mark.parametrize("number", ["10-2025-012345", "20-2025-0123456", "10-25-0123456", "10-2999-0123456", "abc"])
def test_a_malformed_patent_number_is_refused_beside_the_field(client, tenant, number):
    client.force_login(tenant.owner)
    data = patent_answers(tenant.company, application_number=number)
    response = client.post(reverse("exemptions:create", args=[tenant.company.pk, "PAT"]), data)
    assert response.status_code == 200
    assert "application_number" in response.context["form"].errors
    assert data["title"] in response.content.decode()  # nothing typed is lost
    assert not ExemptionRequest.objects.exists()


def test_a_patent_number_without_dashes_is_normalised(client, tenant):
    client.force_login(tenant.owner)
    year = timezone.localdate().year
    client.post(reverse("exemptions:create", args=[tenant.company.pk, "PAT"]),
                patent_answers(tenant.company, application_number=f"10{year}0123456"))
    assert ExemptionRequest.objects.get().data["application_number"] == f"10-{year}-0123456"


def test_immigration_form_refuses_bad_identifiers_and_a_missing_contract(client, tenant):
    client.force_login(tenant.owner)
    data = immigration_answers(passport_number="x", alien_registration_number="900501-1234567")
    response = client.post(reverse("exemptions:create", args=[tenant.company.pk, "IMM"]), data)
    errors = response.context["form"].errors
    assert set(errors) >= {"passport_number", "alien_registration_number", "doc_employment_contract"}
    assert not ExemptionRequest.objects.exists()


def test_a_contract_that_is_not_a_document_is_refused(client, tenant):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(tenant.owner)
    data = {**immigration_answers(), "doc_employment_contract": SimpleUploadedFile("c.pdf", b"MZ\x90\x00 not a pdf")}
    response = client.post(reverse("exemptions:create", args=[tenant.company.pk, "IMM"]), data)
    assert "doc_employment_contract" in response.context["form"].errors


def _filed(client, tenant) -> ExemptionRequest:
    client.force_login(tenant.owner)
    file_immigration(client, tenant)
    return ExemptionRequest.objects.get()


def test_every_transition_goes_through_the_workflow_and_is_recorded(
    client, tenant, staff, django_capture_on_commit_callbacks
):
    req = _filed(client, tenant)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_ask_info(request=req, actor=staff, reason="여권 사본의 만료일을 확인해 주세요.")
    req.refresh_from_db()
    assert req.status == RequestStatus.INFO_REQUESTED and req.waiting_since is None
    assert mail.outbox and "여권 사본" in mail.outbox[-1].body
    with pytest.raises(TransitionNotAllowed):
        services.request_approve(request=req, actor=staff)
    # The tenant corrects the request; the passport number is kept when left empty.
    response = client.get(reverse("exemptions:request_edit", args=[tenant.company.pk, req.pk]))
    assert "M12345678" not in response.content.decode() and "M1234****" in response.content.decode()
    data = immigration_answers(job_title="Lead ML engineer", passport_number="")
    response = client.post(reverse("exemptions:request_edit", args=[tenant.company.pk, req.pk]),
                           {**data, "note": "수정했습니다"})
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == RequestStatus.SUBMITTED and req.data["job_title"] == "Lead ML engineer"
    assert req.sensitive["passport_number"] == "M12345678" and req.waiting_since is not None
    services.request_reject(request=req, actor=staff, reason="재직 확인이 되지 않습니다.")
    log = list(StatusChange.objects.filter(exemption_request=req).values_list("from_status", "to_status", "reason"))
    assert log == [
        ("", "awaiting_consent", ""),
        ("awaiting_consent", "submitted", ""),  # the employee's consent, through the link
        ("submitted", "info_requested", "여권 사본의 만료일을 확인해 주세요."),
        ("info_requested", "submitted", "수정했습니다"), ("submitted", "rejected", "재직 확인이 되지 않습니다."),
    ]
    assert StatusChange.objects.filter(exemption_request=req, to_status="rejected", actor=staff).exists()


def test_reject_and_ask_info_need_a_reason(client, tenant, staff):
    req = _filed(client, tenant)
    with pytest.raises(DomainError):
        services.request_reject(request=req, actor=staff, reason=" ")
    req.refresh_from_db()
    assert req.status == RequestStatus.SUBMITTED


def test_approval_is_refused_without_an_active_lease(client, tenant, staff):
    req = _filed(client, tenant)
    tenant.lease.status = "ended"
    tenant.lease.save(update_fields=["status"])
    with pytest.raises(DomainError) as refused:
        services.request_approve(request=req, actor=staff)
    assert refused.value.code == "lease"


def test_approval_queues_the_document_after_commit(client, tenant, staff, django_capture_on_commit_callbacks,
                                                   monkeypatch):
    from exemptions import tasks

    req = _filed(client, tenant)
    sent = []
    monkeypatch.setattr(tasks.document_issue_task, "apply_async", lambda kwargs, **options: sent.append(kwargs))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.request_approve(request=req, actor=staff)
    assert sent == []
    for callback in callbacks:
        callback()
    assert sent == [{"request_id": req.pk}]
