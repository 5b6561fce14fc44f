"""What outreach tells whom: a group message to each recipient in their language, and the reminders
(a draft before the call closes, an evaluator's assignment and scoring deadline, a tenant's indicator report)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from notifications.services import notification_create, notification_create_many, notification_preview
from tenants.selectors import user_list_company_managers

GROUP_MESSAGE = "outreach/group_message"


def _message_context(message) -> dict:
    """Both languages travel with the notice, so it reads in whichever language its reader uses."""
    return {"subject_ko": message.subject_ko, "subject_en": message.subject_en,
            "body_ko": message.body_ko, "body_en": message.body_en, "advertising": message.advertising}


def _message_link(message) -> str:
    return reverse("outreach:message", args=[message.pk])


def group_message(*, recipients: list, message) -> list:
    """Each recipient's copy (in-portal notice and e-mail, in their language), their e-mails sent together;
    returns the notifications in the order of `recipients`."""
    return notification_create_many(recipients=recipients, template=GROUP_MESSAGE,
                                    context=_message_context(message), link=_message_link(message))


def group_message_preview(*, message) -> dict[str, dict[str, str]]:
    """The subject and e-mail text in each language, as recipients will read them."""
    return {code: notification_preview(template=GROUP_MESSAGE, context=_message_context(message),
                                       language=code, link=_message_link(message))
            for code, _name in settings.LANGUAGES}


def draft_reminder(*, application, days_left: int) -> None:
    closes = timezone.localtime(application.call.closes_at)
    path = reverse("applications:review", args=[application.pk])
    notification_create(recipient=application.applicant, template="outreach/draft_reminder", link=path, context={
        "call_code": application.call.code, "closes_at": f"{closes:%Y-%m-%d %H:%M}", "days_left": days_left,
    })


def evaluator_assigned(*, assignment, due_on) -> None:
    path = reverse("evaluations:home")
    notification_create(recipient=assignment.evaluator, template="outreach/evaluator_assigned", link=path, context={
        "call_code": assignment.call.code, "stage": assignment.stage,
        "due_on": due_on.isoformat() if due_on else "",
    })


def scoring_reminder(*, assignment, due_on, days_left: int, outstanding: int) -> None:
    path = reverse("evaluations:home")
    notification_create(recipient=assignment.evaluator, template="outreach/scoring_reminder", link=path, context={
        "call_code": assignment.call.code, "stage": assignment.stage, "due_on": due_on.isoformat(),
        "days_left": days_left, "outstanding": outstanding,
    })


def indicator_reminder(*, company, period, overdue: bool) -> None:
    path = reverse("tenants:indicators", args=[company.pk])
    context = {"company": company.name_ko, "year": period.year, "half": period.half,
               "due_on": period.due_on.isoformat(), "overdue": overdue}
    for user in user_list_company_managers(company_id=company.pk):
        notification_create(recipient=user, template="outreach/indicator_reminder", link=path, context=context)
