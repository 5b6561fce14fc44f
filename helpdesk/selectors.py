"""Reads of helpdesk: the visible notices and questions, a user's inquiries and the objects they may ask about,
the staff's queue."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import FAQ, Inquiry, Notice


def notice_is_new(notice: Notice, *, at=None) -> bool:
    at = at or timezone.now()
    return notice.publish_at is not None and at < notice.publish_at + dt.timedelta(
        days=settings.HELPDESK_NOTICE_NEW_DAYS)


def notice_list_visible(*, query: str = "", category: str = "") -> QuerySet[Notice]:
    """What visitors see now, pinned first, newest first; `query` searches titles and bodies in both languages."""
    notices = Notice.objects.visible()
    if category:
        notices = notices.filter(category=category)
    for word in query.split()[:5]:
        notices = notices.filter(Q(title_ko__icontains=word) | Q(title_en__icontains=word)
                                 | Q(body_ko__icontains=word) | Q(body_en__icontains=word))
    return notices.prefetch_related("attachments").order_by("-pinned", "-publish_at", "-id")


def notice_list_latest(*, count: int = 3) -> list[Notice]:
    return list(Notice.objects.visible().order_by("-publish_at", "-id")[:count])


def notice_get_visible(*, pk: int) -> Notice:
    return get_object_or_404(Notice.objects.visible().prefetch_related("attachments"), pk=pk)


def faq_list_published(*, query: str = "", category: str = "") -> QuerySet[FAQ]:
    faqs = FAQ.objects.filter(is_published=True)
    if category:
        faqs = faqs.filter(category=category)
    for word in query.split()[:5]:
        faqs = faqs.filter(Q(question_ko__icontains=word) | Q(question_en__icontains=word)
                           | Q(answer_ko__icontains=word) | Q(answer_en__icontains=word))
    return faqs.order_by("category", "position", "id")


def inquiry_list_for_asker(*, user) -> QuerySet[Inquiry]:
    return Inquiry.objects.filter(asker=user).order_by("-received_at", "-id")


def inquiry_get_for_asker(*, user, pk: int) -> Inquiry:
    """The user's own inquiry; anyone else's answers 404."""
    return get_object_or_404(
        Inquiry.objects.select_related("application__call", "invoice", "booking__room").prefetch_related(
            "attachments"), pk=pk, asker=user)


def inquiry_list_overdue(*, today: dt.date | None = None) -> QuerySet[Inquiry]:
    from .workflow import InquiryStatus

    today = today or timezone.localdate()
    return Inquiry.objects.filter(status__in=(InquiryStatus.RECEIVED, InquiryStatus.ASSIGNED), due_on__lt=today)


def askable_applications(*, user):
    from applications.models import Application

    return Application.objects.filter(applicant=user).select_related("call").order_by("-id")


def askable_invoices(*, user):
    from billing.models import Invoice

    return Invoice.objects.filter(company__memberships__user=user).distinct().order_by("-id")


def askable_bookings(*, user):
    from tenants.models import Booking

    return Booking.objects.filter(company__memberships__user=user).select_related("room").distinct().order_by(
        "-starts_at")
