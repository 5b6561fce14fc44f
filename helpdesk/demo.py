"""Demo data of helpdesk: notices (one pinned, one with the call's notice as PDF), site-wide questions, the
routing of billing inquiries, and the demo tenant's answered inquiry about an invoice. Safe to run again."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from . import services
from .models import FAQ, Inquiry, InquiryRoute, Notice, NoticeAttachment

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)

NOTICES = [
    # (days ago, pinned, category, title_ko, title_en, body_ko, body_en)
    (20, True, "general", "서초AICT 우수기업센터 포털 이용 안내", "How to use the center's portal",
     "포털에서 **모집 신청**, **입주기업 관리**, **1:1 문의**를 이용할 수 있습니다.\n\n"
     "- 신청서는 마감 전까지 임시 저장할 수 있습니다.\n- 궁금한 점은 [자주 묻는 질문](/faq/)을 먼저 확인해 주십시오.",
     "On the portal you can **apply to calls**, **manage your company** and **ask us**.\n\n"
     "- Drafts are saved until the deadline.\n- Please read the [FAQ](/faq/) first."),
    (3, False, "calls", "2026년 제1차 입주기업 모집 공고", "First call for tenants, 2026",
     "## 모집 개요\n우수기업센터 입주기업을 모집합니다. 공고문(첨부)을 확인해 주십시오.",
     "## Overview\nThe center admits new tenants. Please read the attached notice."),
    (10, False, "facilities", "12월 회의실 정기 점검 안내", "Meeting-room maintenance in December",
     "12월 셋째 주 토요일에 회의실 정기 점검이 있습니다. 해당 일에는 예약할 수 없습니다.", ""),
]

FAQS = [
    ("billing", "임대료는 언제까지 납부해야 합니까?", "When is the rent due?",
     "청구서에 적힌 납부기한까지 지정 계좌로 납부해 주십시오.",
     "Pay by the due date on the invoice into the account shown."),
    ("rooms", "회의실 예약은 언제까지 취소할 수 있습니까?", "Until when can I cancel a meeting-room booking?",
     "이용 시작 전까지 포털에서 취소할 수 있습니다.", "On the portal, until the booking starts."),
    ("application", "신청서를 제출한 뒤 고칠 수 있습니까?", "Can I change my application after submitting it?",
     "제출 후에는 수정할 수 없습니다. 담당자가 보완을 요청하면 해당 항목만 고칠 수 있습니다.",
     "No. If staff ask for more information, you can change the fields they reopen."),
    ("exemptions", "체류기간 연장 확인서는 얼마나 걸립니까?", "How long does a stay-extension certificate take?",
     "직원의 동의 후 보통 5 근무일 이내에 발급됩니다.", "Usually within 5 working days of the employee's consent."),
]


def seed_helpdesk(*, users: dict, building=None, stdout=None) -> None:
    staff = users.get("staff@demo.yangjae-ai.kr")
    now = timezone.now()
    if not Notice.objects.exists():
        for days, pinned, category, title_ko, title_en, body_ko, body_en in NOTICES:
            notice = Notice.objects.create(
                category=category, pinned=pinned, title_ko=title_ko, title_en=title_en, body_ko=body_ko,
                body_en=body_en, publish_at=now - dt.timedelta(days=days), created_by=staff)
            if category == "calls":
                NoticeAttachment.objects.create(notice=notice, file=ContentFile(PDF, name="notice.pdf"),
                                                name="2026-1 모집공고문.pdf", size=len(PDF))
    if not FAQ.objects.exists():
        for position, (category, question_ko, question_en, answer_ko, answer_en) in enumerate(FAQS):
            FAQ.objects.create(category=category, question_ko=question_ko, question_en=question_en,
                               answer_ko=answer_ko, answer_en=answer_en, position=position)
    if staff is not None:
        route, _created = InquiryRoute.objects.get_or_create(category="billing")
        route.staff.add(staff)
    tenant = users.get("tenant@demo.yangjae-ai.kr")
    if tenant is None or staff is None or Inquiry.objects.filter(asker=tenant).exists():
        return
    invoice = services.selectors.askable_invoices(user=tenant).first()
    inquiry = services.inquiry_submit(
        asker=tenant, category="billing", subject="관리비 산정 기준 문의", invoice=invoice,
        body="이번 달 청구서의 관리비가 지난달보다 많습니다. 산정 기준을 알려 주십시오.",
        files=[ContentFile(PDF, name="청구서 사본.pdf")])
    services.inquiry_note_add(inquiry=inquiry, author=staff, body="11월 공용 전기료 인상분 반영 여부 확인함.")
    inquiry = services.inquiry_assign(inquiry=inquiry, officer=staff, actor=staff)
    services.inquiry_answer(inquiry=inquiry, actor=staff, answer=(
        "관리비는 전용면적(평)당 단가로 산정합니다. 이번 달에는 공용 전기료 인상분이 반영되었습니다."))
