"""What GPU support tells whom: the grantees (the applicant and the managers of the tenant company with the
application's registration number) when their allocation starts, when a month is nearly used up, and when
months go by unused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.urls import reverse

from notifications.services import notification_create
from portal.formatting import format_hours
from tenants.selectors import user_list_company_managers


def grantee_recipients(*, allocation) -> list:
    """The applicant (while the account is active) and the company's managers, each once."""
    users = [allocation.application.applicant] if allocation.application.applicant.is_active else []
    if allocation.company_id:
        users += user_list_company_managers(company_id=allocation.company_id)
    return list({user.pk: user for user in users}.values())


def _context(allocation) -> dict:
    """What every allocation notice names (JSON-serialisable)."""
    application = allocation.application
    return {
        "number": allocation.number, "company_ko": application.company_name_ko,
        "company_en": application.company_name_en or application.company_name_ko,
        "gpu_type": allocation.pool.gpu_type, "hours": format_hours(allocation.hours_per_month),
        "starts_on": allocation.starts_on.isoformat(), "ends_on": allocation.ends_on.isoformat(),
    }


def _to_grantees(*, allocation, template: str, context: dict) -> None:
    link = reverse("compute:allocation", args=[allocation.pk])
    for user in grantee_recipients(allocation=allocation):
        notification_create(recipient=user, template=template, link=link,
                            context={**_context(allocation), **context, "link": link})


def allocation_activated(*, allocation) -> None:
    _to_grantees(allocation=allocation, template="compute/allocation_activated", context={})


def allocation_nearly_used(*, allocation, month: dt.date, used: Decimal) -> None:
    _to_grantees(allocation=allocation, template="compute/nearly_used", context={
        "month": f"{month:%Y-%m}", "used": format_hours(used),
        "remaining": format_hours(max(allocation.hours_per_month - used, 0)),
        "percent": settings.COMPUTE_NEARLY_USED_PERCENT,
    })


def allocation_unused(*, allocation, first: dt.date, last: dt.date) -> None:
    period = f"{last:%Y-%m}" if first == last else f"{first:%Y-%m} – {last:%Y-%m}"
    _to_grantees(allocation=allocation, template="compute/unused", context={"period": period})
