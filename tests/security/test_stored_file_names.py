"""Uploads are stored under generated names (32 random hex digits and the extension), nothing of the name the
user gave; the original name is kept for display and download."""

import io
import re
from urllib.parse import quote

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from exemptions.models import ExemptionRequest
from tests.applications.conftest import make_call
from tests.exemptions.conftest import make_tenant
from tests.factories import (
    ApplicationFactory,
    LeaseFactory,
    MembershipFactory,
    UserFactory,
    exemption_types_seed,
    immigration_answers,
)
from tests.samples import pdf_bytes

ORIGINAL = "사업계획서 (최종) v2.pdf"


def _generated(path: str, extension: str) -> bool:
    return re.fullmatch(r"[0-9a-f]{32}\." + extension, path.rsplit("/", 1)[-1]) is not None


def _no_trace(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return not any(part in name for part in ("사업계획서", "최종", "v2", "계약서", "사업자등록증", "로고"))


def _disposition_names(response, original: str) -> bool:
    return f"filename*=UTF-8''{quote(original, safe='')}" in response["Content-Disposition"]


def test_an_application_document_is_stored_under_a_generated_name(client, db):
    applicant = UserFactory()
    client.force_login(applicant)
    application = ApplicationFactory(applicant=applicant, call=make_call())
    plan = application.call.document_types.get(name_en="Business plan")
    response = client.post(reverse("applications:documents", args=[application.pk]), {
        "document_type": plan.pk, f"doc{plan.pk}-file": SimpleUploadedFile(ORIGINAL, pdf_bytes()),
    })
    assert response.status_code == 302
    document = application.documents.get()
    path = document.file.name
    assert path.startswith(f"applications/{application.call_id}/{application.pk}/")
    assert _generated(path, "pdf") and _no_trace(path)
    assert document.original_name == ORIGINAL
    download = client.get(reverse("applications:document_download", args=[application.pk, document.pk]))
    assert download.status_code == 200 and _disposition_names(download, ORIGINAL)
    assert ORIGINAL in client.get(reverse("applications:documents", args=[application.pk])).content.decode()


def test_a_relocation_certificate_is_stored_under_a_generated_name(client, db):
    owner = MembershipFactory(role="owner")
    lease = LeaseFactory(company=owner.company, status="active", start_date=timezone.localdate(),
                         relocation_deadline=timezone.localdate())
    client.force_login(owner.user)
    url = reverse("tenants:lease", args=[lease.company_id, lease.pk])
    certificate = SimpleUploadedFile("사업자등록증-본점이전.pdf", pdf_bytes())
    assert client.post(url, {"certificate": certificate}).status_code == 302
    lease.refresh_from_db()
    assert lease.relocation_proof_path.startswith(f"tenants/leases/{lease.pk}/relocation/")
    assert _generated(lease.relocation_proof_path, "pdf") and _no_trace(lease.relocation_proof_path)
    assert lease.relocation_proof_name == "사업자등록증-본점이전.pdf"
    download = client.get(reverse("tenants:lease_relocation_proof", args=[lease.company_id, lease.pk]))
    assert _disposition_names(download, "사업자등록증-본점이전.pdf")


def test_a_logo_is_stored_under_a_generated_name_and_the_form_names_the_original(client, db):
    owner = MembershipFactory(role="owner")
    company = owner.company
    client.force_login(owner.user)
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (30, 90, 160)).save(buffer, format="PNG")
    url = reverse("tenants:company_edit", args=[company.pk])
    tax = {"representative": "김대표", "tax_invoice_email": "tax@example.kr"}
    response = client.post(url, {"name_ko": company.name_ko, "ai_field": "vision", **tax,
                                 "logo": SimpleUploadedFile("우리 로고.png", buffer.getvalue())})
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.logo.name.startswith("tenants/logos/")
    assert _generated(company.logo.name, "png") and _no_trace(company.logo.name)
    assert company.logo_name == "우리 로고.png"
    edit = client.get(url).content.decode()
    assert "우리 로고.png" in edit and company.logo.name.rsplit("/", 1)[-1] not in edit
    # Clearing the logo forgets its name.
    client.post(url, {"name_ko": company.name_ko, "ai_field": "vision", "logo-clear": "on", **tax})
    company.refresh_from_db()
    assert not company.logo and company.logo_name == ""


def test_an_exemption_attachment_is_stored_under_a_generated_name(client, db):
    exemption_types_seed()
    tenant = make_tenant()
    client.force_login(tenant.owner)
    data = {**immigration_answers(), "doc_employment_contract": SimpleUploadedFile("근로계약서 최종.pdf", pdf_bytes())}
    assert client.post(reverse("exemptions:create", args=[tenant.company.pk, "IMM"]), data).status_code == 302
    request = ExemptionRequest.objects.get()
    stored = request.uploads["employment_contract"]
    assert _generated(stored["path"], "pdf") and "계약서" not in stored["path"] and "최종" not in stored["path"]
    assert stored["name"] == "근로계약서 최종.pdf"
    download = client.get(reverse("exemptions:request_upload",
                                  args=[tenant.company.pk, request.pk, "employment_contract"]))
    assert _disposition_names(download, "근로계약서 최종.pdf")
