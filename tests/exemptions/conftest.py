"""Fixtures of the exemption tests: the seeded types, a tenant with an active lease and its team."""

import datetime as dt
import io
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from exemptions import services
from exemptions.models import ExemptionRequest, ExemptionType
from tests.factories import (
    CompanyFactory,
    LeaseFactory,
    MembershipFactory,
    StaffFactory,
    designated_project,
    exemption_types_seed,
    immigration_answers,
    patent_answers,
)
from tests.samples import pdf_bytes


@dataclass
class Tenant:
    company: object
    owner: object
    admin: object
    member: object
    lease: object


def make_tenant(*, name_ko: str = "주식회사 양재비전", name_en: str = "Yangjae Vision Inc.") -> Tenant:
    company = CompanyFactory(name_ko=name_ko, name_en=name_en, designated_project=designated_project())
    owner = MembershipFactory(company=company, role="owner").user
    admin = MembershipFactory(company=company, role="admin").user
    member = MembershipFactory(company=company, role="member").user
    MembershipFactory(company=company, role="member", user__name="JOHN SMITH")  # the foreign employee
    today = timezone.localdate()
    lease = LeaseFactory(company=company, start_date=today - dt.timedelta(days=30),
                         end_date=today + dt.timedelta(days=700))
    return Tenant(company=company, owner=owner, admin=admin, member=member, lease=lease)


@pytest.fixture
def types(db):
    return exemption_types_seed()


@pytest.fixture
def tenant(types):
    return make_tenant()


@pytest.fixture
def other_tenant(types):
    return make_tenant(name_ko="주식회사 말결", name_en="Malgyeol Inc.")


@pytest.fixture
def staff(db):
    return StaffFactory(is_staff=True)


def contract_file(name: str = "contract.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes("employment contract"), content_type="application/pdf")


def file_immigration(client, tenant, *, employee_consents: bool = True, **overrides):
    """The owner files an immigration request through the page and, unless told otherwise, the employee
    consents through a consent link; returns the response to the filing."""
    data = {**immigration_answers(**overrides), "doc_employment_contract": contract_file()}
    response = client.post(reverse("exemptions:create", args=[tenant.company.pk, "IMM"]), data)
    if employee_consents and response.status_code == 302:
        employee_consent(client, ExemptionRequest.objects.filter(company=tenant.company).latest("pk"))
    return response


def employee_consent(client, request: ExemptionRequest):
    """The employee opens a fresh consent link and ticks the box (an anonymous page: any client works)."""
    token = services.employee_consent_link_send(request=request)
    return client.post(reverse("exemptions:employee_consent", args=[request.pk, token]), {"consent": "on"})


CODE = "ABCD-EFGH-JKLM-NPQR"


@pytest.fixture
def fixed_code(monkeypatch):
    monkeypatch.setattr("exemptions.services.documents._verification_code", lambda: CODE)
    return CODE


def approved_immigration(client, tenant, staff) -> ExemptionRequest:
    client.force_login(tenant.owner)
    file_immigration(client, tenant)
    req = ExemptionRequest.objects.filter(company=tenant.company).latest("pk")
    services.request_approve(request=req, actor=staff)
    return req


def approved_patent(tenant, staff, **overrides) -> ExemptionRequest:
    data = patent_answers(tenant.company, **overrides)
    data["filing_date"] = dt.date.fromisoformat(data["filing_date"]).isoformat()
    req = services.request_submit(company=tenant.company, exemption_type=_type("PAT"), actor=tenant.owner,
                                  data=data, sensitive={}, files={})
    return services.request_approve(request=req, actor=staff)


def _type(code):
    return ExemptionType.objects.get(code=code)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


