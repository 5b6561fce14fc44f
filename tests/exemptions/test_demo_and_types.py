"""Demo data of exemptions, and a third exemption type added as data plus a form, with no change to
the flow."""

import io

from django import forms
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from exemptions import registry, services
from exemptions.forms import ExemptionForm
from exemptions.models import ExemptionRequest, ExemptionType, IssuedDocument, RequestStatus
from tenants.models import TeamMembership


def test_demo_data_holds_one_approved_immigration_case_and_can_run_twice(client, types):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    membership = TeamMembership.objects.get(user__email="tenant@demo.yangjae-ai.kr")
    req = ExemptionRequest.objects.get(company=membership.company)
    assert req.status == RequestStatus.APPROVED and req.exemption_type.code == "IMM"
    document = IssuedDocument.objects.get(request=req)
    assert document.current_status() == "valid"
    client.force_login(membership.user)
    page = client.get(reverse("exemptions:list", args=[membership.company_id]))
    assert document.number in page.content.decode()


class TradeForm(ExemptionForm):
    product = forms.CharField(label="Product", max_length=100)


def test_a_third_type_needs_only_a_form_a_spec_and_a_row(client, tenant, staff, monkeypatch):
    monkeypatch.setitem(registry.REGISTRY, "trade", registry.TypeSpec(
        label="Trade", form_class=TradeForm, subject=lambda data: data.get("product", ""), certified=("product",),
    ))
    ExemptionType.objects.create(
        code="TRD", form_key="trade", name_ko="수출 특례", name_en="Export exemption",
        document_title_ko="수출 특례 확인서", document_title_en="Export exemption certificate",
        statement_ko="확인합니다.", statement_en="Certified.", number_prefix="YAI-TRD",
        required_documents=[{"code": "catalogue", "label_ko": "제품 설명서", "label_en": "Catalogue"}],
    )
    from tests.exemptions.conftest import contract_file

    client.force_login(tenant.owner)
    assert "TRD" in client.get(reverse("exemptions:list", args=[tenant.company.pk])).content.decode()
    response = client.post(reverse("exemptions:create", args=[tenant.company.pk, "TRD"]),
                           {"product": "Edge AI camera", "doc_catalogue": contract_file("catalogue.pdf")})
    assert response.status_code == 302
    req = ExemptionRequest.objects.get(exemption_type__code="TRD")
    services.request_approve(request=req, actor=staff)
    document = services.document_issue(request_id=req.pk)
    assert document.number == f"YAI-TRD 제{timezone.localdate().year}-0001호"
    assert document.facts["subject"] == {"product": "Edge AI camera"}
