"""Demo data of GPU support: a closed call of the GPU programme whose results are out, the demo tenant's
company selected in it, this year's H100 pool and the company's active allocation with an adjustment, the
last month's usage imported from the operator's file and this month's reported by the tenant. Safe to run again.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, Call, Programme
from applications.services import application_transition
from applications.services_calls import call_take_receipt_number
from portal.formatting import SEOUL

from . import services
from .imports import usage_import
from .models import Allocation, CapacityPool, month_first
from .workflow import AllocationStatus

GPU_PROGRAMME = "gpu"  # seeded by applications.demo.seed_programmes
GPU_CALL = "GPU-2026-1"
GRANTEE = ("tenant@demo.yangjae-ai.kr", "2148612341", "주식회사 양재비전에이아이", "Yangjae Vision AI Inc.")
STEPS = ["start_review", "mark_eligible", "move_to_stage2", "select"]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SEOUL)


def _call(*, programme: Programme, building) -> Call:
    today = timezone.localdate()
    opens = today.replace(day=1) - dt.timedelta(days=75)
    call, _created = Call.objects.get_or_create(code=GPU_CALL, defaults={
        "programme": programme, "building": building,
        "title_ko": "2026년 AI 스타트업 고성능 컴퓨팅(GPU) 지원 모집",
        "title_en": "GPU computing support for AI startups 2026",
        "summary_ko": "특구 AI 기업에 H100 GPU 사용 시간을 월 단위로 지원합니다.",
        "summary_en": "Monthly H100 GPU-hours for the AI companies of the zone.",
        "opens_at": _at(opens, 9), "closes_at": _at(opens + dt.timedelta(days=21), 18),
        "headcount_min": 1, "relocation_required": False, "places": 10,
        "results_released_at": _at(opens + dt.timedelta(days=40), 10),
        "notice_number": "서초구 공고 제2026-201호",
    })
    return call


def _application(*, call: Call, users: dict, staff) -> Application:
    email, number, name_ko, name_en = GRANTEE
    grantee = users[email]
    application = Application.objects.filter(call=call, applicant=grantee).first()
    if application is not None:
        return application
    submitted_at = call.opens_at + dt.timedelta(days=3)
    application = Application.objects.create(
        call=call, applicant=grantee, company_name_ko=name_ko, company_name_en=name_en,
        business_registration_number=number, ceo_name="김양재", ai_field="vision", headcount=24, wants_gpu=True,
        business_summary="제조 현장의 불량을 찾아내는 비전 AI 모델을 H100으로 학습합니다.",
        contact_name=grantee.name, contact_email=grantee.email, contact_phone="010-5500-1200",
        consent_collection_at=submitted_at, consent_committee_at=submitted_at,
    )
    application = application_transition(
        application=application, name="submit", actor=grantee, at=submitted_at,
        extra_fields={"submitted_at": submitted_at, "receipt_number": call_take_receipt_number(call=call),
                      "truth_declared_at": submitted_at})
    for step in STEPS:
        application = application_transition(application=application, name=step, actor=staff)
    return application


def _usage_file(allocation: Allocation, month: dt.date, hours: Decimal) -> bytes:
    return f"할당번호,사용월,사용시간\n{allocation.number},{month:%Y-%m},{hours}\n".encode()


def seed_compute(*, users: dict, building, stdout=None) -> None:
    programme = Programme.objects.filter(code=GPU_PROGRAMME).first()
    if programme is None:
        return
    staff = users["staff@demo.yangjae-ai.kr"]
    today = timezone.localdate()
    call = _call(programme=programme, building=building)
    application = _application(call=call, users=users, staff=staff)
    last_month = month_first(month_first(today) - dt.timedelta(days=1))
    pool, _created = CapacityPool.objects.get_or_create(programme=programme, gpu_type="NVIDIA H100 80GB", defaults={
        "name": "H100 8-GPU", "gpu_count": 8, "hours_per_month": 5_760, "starts_on": last_month,
        "ends_on": dt.date(today.year + 1, 12, 31)})
    allocation = Allocation.objects.filter(application=application).first()
    if allocation is None:
        start = max(last_month, pool.starts_on)
        allocation = services.allocation_create(
            application=application, pool=pool, hours_per_month=400, starts_on=start,
            ends_on=dt.date(start.year + 1, start.month, 1) - dt.timedelta(days=1), actor=staff)
        allocation = services.allocation_activate(allocation=allocation, actor=staff)
        allocation = services.allocation_adjust(allocation=allocation, actor=staff, hours_per_month=500,
                                                ends_on=allocation.ends_on,
                                                reason="모델 학습 일정에 맞춰 월 사용 시간을 늘립니다.")
        if start < month_first(today):
            usage_import(data=_usage_file(allocation, start, Decimal("412.5")), filename=f"operator-{start:%Y-%m}.csv",
                         actor=staff, programme_ids=None)
        services.usage_report_by_grantee(allocation=allocation, month=month_first(today), hours=Decimal("120"),
                                         actor=users[GRANTEE[0]])
    if stdout is not None:
        stdout.write(_("GPU allocations: %(active)s active") % {
            "active": Allocation.objects.filter(status=AllocationStatus.ACTIVE).count()})
