"""Demo data of exemptions: one approved immigration case, with its issued document, for the demo
tenant's company (when that company exists). Safe to run again."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from accounts.services import user_create
from tenants import services as tenant_services
from tenants.models import DesignatedProject, TeamMembership, TeamRole

from . import services
from .models import ExemptionRequest, ExemptionType, RequestStatus

EMPLOYEE_EMAIL = "employee@demo.yangjae-ai.kr"
EMPLOYEE_NAME = "NGUYEN VAN AN"
CONTRACT = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)


def seed_exemptions(*, users: dict, building=None, stdout=None) -> None:
    owner = users.get("tenant@demo.yangjae-ai.kr")
    staff = users.get("staff@demo.yangjae-ai.kr")
    membership = TeamMembership.objects.filter(user=owner, role=TeamRole.OWNER).select_related("company").first()
    exemption_type = ExemptionType.objects.filter(code="IMM").first()
    if membership is None or exemption_type is None or staff is None:
        return
    company = membership.company
    if company.designated_project_id is None:  # staff record the project the company carries out
        company.designated_project = DesignatedProject.objects.filter(is_active=True).order_by("pk").first()
        company.save(update_fields=["designated_project", "updated_at"])
    employee = User.objects.filter(email=EMPLOYEE_EMAIL).first()
    if employee is None:
        employee = user_create(email=EMPLOYEE_EMAIL, password=None, name=EMPLOYEE_NAME, preferred_language="en",
                               role=Role.TENANT_MEMBER, email_verified_at=timezone.now())
    if not TeamMembership.objects.filter(company=company, user=employee).exists():
        tenant_services.membership_add(company=company, user=employee, role=TeamRole.MEMBER)
    if ExemptionRequest.objects.filter(company=company, exemption_type=exemption_type).exists():
        return
    today = timezone.localdate()
    request = services.request_submit(
        company=company, exemption_type=exemption_type, actor=owner,
        data={
            "full_name": EMPLOYEE_NAME, "sex": "F", "nationality": "VN", "date_of_birth": "1994-08-17",
            "passport_expiry": (today + dt.timedelta(days=5 * 365)).isoformat(),
            "residence_address": "서울특별시 서초구 강남대로 27", "visa_status": "E-7", "e7_subcode": "E-7-1",
            "permitted_stay_until": (today + dt.timedelta(days=75)).isoformat(),
            "designated_project": company.designated_project_id,
            "job_title": "Computer vision engineer", "duties": "Vision models for the zone's AI demonstration project",
            "employment_start": "2023-09-01", "contract_end": (today + dt.timedelta(days=3 * 365)).isoformat(),
            "requested_stay_until": (today + dt.timedelta(days=2 * 365)).isoformat(),
            "employee_email": EMPLOYEE_EMAIL,
        },
        sensitive={"passport_number": "C7654321", "alien_registration_number": "940817-5000000"},
        files={"employment_contract": ContentFile(CONTRACT, name="employment-contract.pdf")},
        identifier_consent=True,
    )
    token = services.employee_consent_link_send(request=request)  # the employee consents through the link
    services.employee_consent_give(request_id=request.pk, token=token, ip=None, language="en")
    services.request_approve(request=request, actor=staff, reason=_("All checks pass."))
    document = services.document_issue(request_id=request.pk)
    if stdout is not None and document is not None:
        request.refresh_from_db()
        stdout.write(_("Exemption document %(number)s (%(status)s)") % {
            "number": document.number, "status": RequestStatus(request.status).label})
