"""Fixtures of the exemption tests: the seeded types, a tenant with an active lease and its team."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    CompanyFactory,
    LeaseFactory,
    MembershipFactory,
    StaffFactory,
    exemption_types_seed,
    immigration_answers,
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
    company = CompanyFactory(name_ko=name_ko, name_en=name_en)
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


def file_immigration(client, tenant, **overrides):
    """The owner files an immigration request through the page; returns the response."""
    data = {**immigration_answers(**overrides), "doc_employment_contract": contract_file()}
    return client.post(reverse("exemptions:create", args=[tenant.company.pk, "IMM"]), data)
