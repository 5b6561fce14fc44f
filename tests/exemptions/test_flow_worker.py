"""The whole flow of both types with a real worker: the tenant files through its pages, staff decide
in the admin, the worker issues the PDF, the tenant is told by e-mail and downloads it, and the QR
link printed on it verifies the document."""

import re

import pytest
from django.urls import reverse

from exemptions.models import ExemptionRequest, IssuedDocument
from tests.exemptions.conftest import contract_file, employee_consent, make_tenant, pdf_text
from tests.factories import StaffFactory, exemption_types_seed, immigration_answers, patent_answers
from tests.services import wait_for

CODE_RE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


def _run_flow(client, smtp, *, tenant, staff, type_code, answers, files=None):
    client.force_login(tenant.owner)
    response = client.post(reverse("exemptions:create", args=[tenant.company.pk, type_code]),
                           {**answers, **(files or {})})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    req = ExemptionRequest.objects.get(company=tenant.company, exemption_type__code=type_code)
    if req.status == "awaiting_consent":
        assert employee_consent(client, req).status_code == 200

    client.force_login(staff)
    assert client.get(reverse("admin:exemptions_exemptionrequest_change", args=[req.pk])).status_code == 200
    response = client.post(reverse("admin:exemptions_exemptionrequest_workflow", args=[req.pk, "approve"]),
                           {"reason": ""})
    assert response.status_code == 302

    document = wait_for(lambda: IssuedDocument.objects.filter(request=req).exclude(pdf_path="").first(), timeout=60)
    wait_for(lambda: any(document.number in str(m["subject"]) for m in smtp.messages), timeout=60)

    client.force_login(tenant.member)
    download = client.get(reverse("exemptions:document", args=[tenant.company.pk, document.pk]))
    assert download.status_code == 200
    text = pdf_text(b"".join(download.streaming_content))
    assert document.number in text
    code = CODE_RE.search(text).group(0)
    client.logout()
    verified = client.get(reverse("exemptions:verify_link", args=[document.number, code]))
    assert verified.context["status"] == "valid"
    return document


@pytest.mark.worker
def test_both_types_from_request_to_verified_document(client, celery_worker, smtp):
    exemption_types_seed()
    tenant = make_tenant()
    staff = StaffFactory(is_staff=True)

    imm = _run_flow(client, smtp, tenant=tenant, staff=staff, type_code="IMM", answers=immigration_answers(),
                    files={"doc_employment_contract": contract_file()})
    assert re.fullmatch(r"제\d{4}-0001호", imm.number) and imm.pdf_en_path and imm.hwpx_en_path
    client.force_login(tenant.owner)
    english = client.get(reverse("exemptions:document_en", args=[tenant.company.pk, imm.pk]))
    assert imm.number in pdf_text(b"".join(english.streaming_content))

    pat = _run_flow(client, smtp, tenant=tenant, staff=staff, type_code="PAT",
                    answers=patent_answers(tenant.company))
    assert re.fullmatch(r"제\d{4}-0002호", pat.number) and not pat.pdf_en_path and pat.hwpx_path
    for message in smtp.messages:
        assert "M12345678" not in str(message) and "900501-5123456" not in str(message)
