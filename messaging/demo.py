"""Demo data of messaging: the demo tenant verified a mobile number, chose KakaoTalk with the SMS fallback and
consented to advertising; the answer to their inquiry is recorded as delivered by text message (as Popbill
reports a KakaoTalk that could not be delivered). Nothing is sent. Safe to run again."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .models import (
    Channel,
    Delivery,
    DeliveryStatus,
    MessageTemplate,
    MessagingProfile,
    PhoneVerification,
    template_fill,
)

PHONE = "01055550101"


def _templates_ensure() -> None:
    """The template rows the data migrations add, added again to a database emptied since (a flushed test or
    benchmark database)."""
    from importlib import import_module

    from django.apps import apps

    if MessageTemplate.objects.exists():
        return
    for name in ("0002_templates", "0003_reminder_templates"):
        import_module(f"messaging.migrations.{name}").seed(apps, None)


def seed_messaging(*, users: dict, building=None, stdout=None) -> None:
    _templates_ensure()
    tenant = users.get("tenant@demo.yangjae-ai.kr")
    if tenant is None or MessagingProfile.objects.filter(user=tenant).exists():
        return
    now = timezone.now()
    verified = now - dt.timedelta(days=3)
    PhoneVerification.objects.create(user=tenant, phone=PHONE, code_hash="0" * 64, sent_at=verified,
                                     expires_at=verified + dt.timedelta(minutes=5), attempts=1,
                                     verified_at=verified)
    MessagingProfile.objects.create(user=tenant, channel=Channel.KAKAO_SMS, phone=PHONE, phone_verified_at=verified,
                                    ads_consent=True, ads_consent_at=verified)
    template = MessageTemplate.objects.get(key="inquiry_answered")
    notification = tenant.notifications.filter(template="helpdesk/inquiry_answered").first()
    variables = {"접수번호": (notification.context.get("number") if notification else "") or "Q-2026-0001",
                 "제목": "관리비 산정 기준 문의", "링크": "/inquiries/"}
    Delivery.objects.create(
        user=tenant, template=template, notification=notification, template_code=template.provider_code,
        phone=PHONE, variables=variables, text=template_fill(template.text, variables),
        sms_text=template_fill(template.sms_text, variables), status=DeliveryStatus.FELL_BACK,
        submitted_at=now, result_at=now, receipt_number="026120500000000001", result_code="3018",
        fallback_code="100", attempts=1)
