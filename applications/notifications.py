"""What each event of an application tells whom (in-portal notice and e-mail in the recipient's language)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.selectors import user_list_district_staff
from notifications.services import notification_create


def _context(application) -> dict:
    call = application.call
    return {
        "application_id": application.pk,
        "receipt_number": application.receipt_number,
        "company_name": application.company_name_ko,
        "call_code": call.code,
        "call_title_ko": call.title_ko,
        "call_title_en": call.title_en,
    }


def _link(application) -> str:
    return reverse("applications:detail", args=[application.pk])


def _staff_link(application) -> str:
    return f"/{settings.ADMIN_URL}applications/application/{application.pk}/change/"


def application_submitted(*, application) -> None:
    notification_create(
        recipient=application.applicant, template="applications/submitted", context=_context(application),
        link=_link(application),
    )


def application_information_requested(*, application) -> None:
    notification_create(
        recipient=application.applicant, template="applications/info_requested",
        context={**_context(application), "message": application.info_request_message},
        link=_link(application),
    )


def application_resubmitted(*, application) -> None:
    notification_create(
        recipient=application.applicant, template="applications/resubmitted", context=_context(application),
        link=_link(application),
    )


def application_withdrawn(*, application) -> None:
    notification_create(
        recipient=application.applicant, template="applications/withdrawn", context=_context(application),
        link=_link(application),
    )


def message_staff_recipients():
    """Who answers an applicant's message: the district staff and every superuser."""
    return user_list_district_staff(with_superusers=True)


def application_message_posted(*, message) -> None:
    """A staff message goes to the applicant; an applicant's message to the district staff."""
    application = message.application
    context = {**_context(application), "message": message.body[:1000], "from_staff": message.from_staff}
    if message.from_staff:
        link = _link(application) + "#messages"
        notification_create(
            recipient=application.applicant, template="applications/message", context={**context, "path": link},
            link=link,
        )
        return
    link = _staff_link(application)
    for staff in message_staff_recipients():
        notification_create(
            recipient=staff, template="applications/message", context={**context, "path": link}, link=link,
        )


def collaborator_invited(*, invitation, recipient, language: str, actor) -> None:
    """The invitation's link, to the invitee's account if the address has one (in its language), else to the
    bare address in `language`."""
    application = invitation.application
    link = reverse("applications:invitation", args=[invitation.token])
    notification_create(
        recipient=recipient, email=invitation.email, language=recipient.preferred_language if recipient else language,
        template="applications/collaborator_invited", link=link,
        context={**_context(application), "inviter": actor.get_full_name(), "role": invitation.role, "link": link,
                 "expires": timezone.localtime(invitation.expires_at).strftime("%Y-%m-%d %H:%M")},
    )


def collaborator_joined(*, collaborator) -> None:
    """Tell the applicant that a colleague accepted the invitation."""
    application = collaborator.application
    notification_create(
        recipient=application.applicant, template="applications/collaborator_joined", link=_link(application),
        context={**_context(application), "member": collaborator.user.get_full_name(),
                 "email": collaborator.user.email, "role": collaborator.role},
    )
