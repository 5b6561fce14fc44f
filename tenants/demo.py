"""Demo data of tenants: the demo tenant's company with an active lease, a few published neighbours,
half-yearly indicators. Safe to run again."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from premises.models import Building, Unit

from . import services
from .models import Company, Lease, LeaseStatus, PerformanceReport, TeamMembership, TeamRole

# Representatives of the demo companies (made-up names), with the business type and item a tax invoice names.
REPRESENTATIVES = ["김양재", "이말결", "박숨결", "최길잡"]
BUSINESS_TYPE, BUSINESS_ITEM = "정보통신업", "응용 소프트웨어 개발 및 공급업"

COMPANIES = [
    # registration number, Korean name, English name, AI field, unit, description ko, description en
    ("214-86-12341", "주식회사 양재비전에이아이", "Yangjae Vision AI Inc.", "vision", "3F-02",
     "제조 현장의 불량을 실시간으로 찾아내는 비전 AI 검사 솔루션을 만듭니다.",
     "Vision AI inspection that finds defects on factory lines in real time."),
    ("120-87-13571", "주식회사 말결", "Malgyeol Inc.", "language", "4F-01",
     "한국어에 강한 기업용 대규모 언어모델과 검색 증강 생성 서비스를 제공합니다.",
     "Enterprise large language models and retrieval-augmented generation, strong in Korean."),
    ("220-88-56784", "주식회사 숨소리헬스", "Sumsori Health Inc.", "healthcare", "6F-03",
     "수면 중 호흡음을 분석해 수면무호흡을 선별하는 의료 AI를 개발합니다.",
     "Medical AI that screens for sleep apnoea from breathing sounds."),
    ("105-86-43216", "주식회사 길잡이모빌리티", "Giljabi Mobility Inc.", "mobility", "8F-05",
     "도심 자율주행 셔틀을 위한 인지·경로 계획 소프트웨어를 만듭니다.",
     "Perception and path planning for urban self-driving shuttles."),
]


def seed_tenants(*, users: dict, building: Building, stdout=None) -> None:
    today = timezone.localdate()
    start = today.replace(day=1)
    owner = users["tenant@demo.yangjae-ai.kr"]
    staff = users["staff@demo.yangjae-ai.kr"]
    for index, (brn, name_ko, name_en, field, unit_code, desc_ko, desc_en) in enumerate(COMPANIES):
        company = Company.objects.filter(business_registration_number=brn).first()
        if company is None:
            company = services.company_create(
                name_ko=name_ko, business_registration_number=brn, name_en=name_en, ai_field=field,
                description_ko=desc_ko, description_en=desc_en, is_published=True,
                website=f"https://www.{name_en.split()[0].lower()}.example.kr",
                address=f"{building.address_ko} {unit_code.replace('F-', '층 ')}호", phone=f"02-2155-{1100 + index}",
                representative=REPRESENTATIVES[index], business_type=BUSINESS_TYPE, business_item=BUSINESS_ITEM,
                tax_invoice_email=f"tax@{name_en.split()[0].lower()}.example.kr",
            )
        if index == 0 and not TeamMembership.objects.filter(company=company, user=owner).exists():
            services.membership_add(company=company, user=owner, role=TeamRole.OWNER)
            company.billing_contact_name, company.billing_contact_email = owner.name, owner.email
            company.save(update_fields=["billing_contact_name", "billing_contact_email", "updated_at"])
        unit = Unit.objects.filter(floor__building=building, code=unit_code).first()
        if unit is not None and not Lease.objects.filter(company=company).exists():
            lease_start = start if index == 0 else start - dt.timedelta(days=180)
            lease = services.lease_create(company=company, unit=unit, start_date=lease_start, actor=staff)
            services.lease_sign(lease=lease, actor=staff)
            services.lease_activate(lease=lease, actor=staff)
        if index == 0:
            _seed_reports(company=company, actor=owner, today=today)
    if stdout is not None:
        active = Lease.objects.filter(status=LeaseStatus.ACTIVE).count()
        stdout.write(_("Tenant companies: %(companies)s, active leases: %(active)s") % {
            "companies": Company.objects.count(), "active": active})


def _seed_reports(*, company: Company, actor, today: dt.date) -> None:
    """The last two half-years that have ended, oldest first."""
    if today.month > 6:
        periods = [(today.year - 1, 2), (today.year, 1)]
    else:
        periods = [(today.year - 1, 1), (today.year - 1, 2)]
    for step, (report_year, report_half) in enumerate(periods):
        if PerformanceReport.objects.filter(company=company, year=report_year, half=report_half).exists():
            continue
        services.performance_report_submit(
            company=company, actor=actor, year=report_year, half=report_half, employees=18 + 6 * step,
            foreign_employees=2 + step, revenue=420_000_000 + 310_000_000 * step, investment=1_500_000_000 * step,
            patents_filed=3 + step, patents_granted=step,
        )
