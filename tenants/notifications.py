"""Who hears about what in tenants: notices to district staff for the steps that wait on them."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from notifications.services import notification_create


def staff_recipients():
    return User.objects.filter(is_active=True, is_staff=True, groups__name=Role.DISTRICT_STAFF.value).distinct()


def notify_staff(*, template: str, context: dict, admin_url_name: str, object_id: int) -> None:
    link = reverse(admin_url_name, args=[object_id])
    for user in staff_recipients():
        notification_create(recipient=user, template=template, link=link, context={**context, "link": link})
