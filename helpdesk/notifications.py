"""Who hears about what in helpdesk: the category's staff about a new or reopened inquiry, the asker about
the answer. The asker's notices carry the answer only, never the staff's internal notes."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from notifications.services import notification_create

from .models import Inquiry, InquiryRoute


def inquiry_staff_recipients(*, inquiry: Inquiry):
    """The assigned officer; else the staff routed the category; else every district staff member."""
    if inquiry.assigned_to_id:
        return User.objects.filter(pk=inquiry.assigned_to_id, is_active=True)
    route = InquiryRoute.objects.filter(category=inquiry.category).first()
    if route is not None and route.staff.filter(is_active=True).exists():
        return route.staff.filter(is_active=True)
    return User.objects.filter(is_active=True, is_staff=True, groups__name=Role.DISTRICT_STAFF.value).distinct()


def notify_staff_of_inquiry(*, inquiry: Inquiry, template: str) -> None:
    link = reverse("admin:helpdesk_inquiry_change", args=[inquiry.pk])
    context = {"number": inquiry.number, "subject": inquiry.subject, "category": inquiry.category,
               "due_on": inquiry.due_on.isoformat(), "link": link}
    for user in inquiry_staff_recipients(inquiry=inquiry):
        notification_create(recipient=user, template=template, link=link, context=context)


def notify_asker_of_answer(*, inquiry: Inquiry) -> None:
    """The answer e-mailed to the asker in their language (notification_create picks it)."""
    link = reverse("helpdesk:inquiry_detail", args=[inquiry.pk])
    notification_create(recipient=inquiry.asker, template="helpdesk/inquiry_answered", link=link, context={
        "number": inquiry.number, "subject": inquiry.subject, "answer": inquiry.answer,
    })
