"""Who hears about what in tenants: notices to district staff for the steps that wait on them."""

from __future__ import annotations

from django.urls import reverse

from accounts.selectors import user_list_district_staff
from notifications.services import notification_create

from .selectors import user_list_company_managers


def staff_recipients():
    """The district's officers (superusers only when they hold the role): who takes tenancy's next steps."""
    return user_list_district_staff(with_superusers=False)


def company_recipients(*, company_id: int):
    """The company's managers: who hears about its lease's deadlines."""
    return user_list_company_managers(company_id=company_id)


def notify_staff(*, template: str, context: dict, admin_url_name: str, object_id: int) -> None:
    link = reverse(admin_url_name, args=[object_id])
    for user in staff_recipients():
        notification_create(recipient=user, template=template, link=link, context={**context, "link": link})


def relocation_reminder(*, lease, days_left: int) -> None:
    """Remind the company's managers to prove the relocation before its deadline."""
    link = reverse("tenants:lease", args=[lease.company_id, lease.pk])
    for user in company_recipients(company_id=lease.company_id):
        notification_create(
            recipient=user, template="tenants/relocation_reminder", link=link,
            context={
                "company_ko": lease.company.name_ko, "company_en": lease.company.name_en or lease.company.name_ko,
                "unit": lease.unit.code, "deadline": lease.relocation_deadline.isoformat(), "days_left": days_left,
                "link": link,
            },
        )
