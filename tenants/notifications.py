"""Who hears about what in tenants: the applicant about offers, the company's managers and members about
their leases, renewals and invitations, and district staff about the steps that wait on them."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from accounts.selectors import user_list_district_staff
from notifications.services import notification_create


def staff_recipients():
    """The district's officers (superusers only when they hold the role): who takes tenancy's next steps."""
    return user_list_district_staff(with_superusers=False)


def company_recipients(*, company_id: int):
    """The company's managers: who hears about its lease's deadlines."""
    from .selectors import user_list_company_managers  # the selectors import the services, which import this

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


def offer_context(offer) -> dict:
    """What every offer notice names (JSON-serialisable)."""
    application = offer.application
    link = reverse("tenants:offer", args=[offer.pk])
    return {
        "company_ko": application.company_name_ko, "company_en": application.company_name_en
        or application.company_name_ko, "unit": offer.unit.code,
        "pyeong": f"{offer.unit.unit_type.area_pyeong.normalize():f}", "seats": offer.unit.seats,
        "lease_start": offer.lease_start.isoformat(),
        "respond_by": timezone.localtime(offer.respond_by).strftime("%Y-%m-%d %H:%M"), "link": link,
    }


def _to_applicant(offer, *, template: str, context: dict) -> None:
    notification_create(recipient=offer.application.applicant, template=template, link=context["link"],
                        context=context)


def offer_made(*, offer) -> None:
    _to_applicant(offer, template="tenants/offer_made", context=offer_context(offer))


def offer_accepted(*, offer, actor, company, lease) -> None:
    """Welcome the new tenant to its company's pages; tell staff the draft lease waits for them."""
    context = {**offer_context(offer), "company_link": reverse("tenants:company", args=[company.pk])}
    notification_create(recipient=actor, template="tenants/offer_welcome", link=context["company_link"],
                        context=context)
    notify_staff(template="tenants/offer_accepted", admin_url_name="admin:tenants_lease_change", object_id=lease.pk,
                 context=context)


def offer_declined(*, offer, next_company: str) -> None:
    notify_staff(template="tenants/offer_declined", admin_url_name="admin:tenants_offer_change", object_id=offer.pk,
                 context={**offer_context(offer), "next_company": next_company})


def offer_withdrawn(*, offer, reason: str) -> None:
    _to_applicant(offer, template="tenants/offer_withdrawn", context={**offer_context(offer), "reason": reason})


def offer_lapsed(*, offer, next_company: str) -> None:
    context = {**offer_context(offer), "next_company": next_company}
    _to_applicant(offer, template="tenants/offer_lapsed", context=context)
    notify_staff(template="tenants/offer_lapsed", admin_url_name="admin:tenants_offer_change", object_id=offer.pk,
                 context=context)


def waitlist_promoted(*, application) -> None:
    link = reverse("applications:detail", args=[application.pk])
    notification_create(
        recipient=application.applicant, template="tenants/waitlist_promoted", link=link,
        context={"company_ko": application.company_name_ko,
                 "company_en": application.company_name_en or application.company_name_ko,
                 "call": application.call.code, "link": link},
    )


def renewal_requested(*, renewal, lease) -> None:
    notify_staff(
        template="tenants/renewal_requested", admin_url_name="admin:tenants_leaserenewal_change",
        object_id=renewal.pk,
        context={"company": lease.company.name_ko, "unit": lease.unit.code, "end": lease.end_date.isoformat()},
    )


def renewal_decided(*, renewal, approved: bool) -> None:
    """Tell the member who asked for the renewal what staff decided."""
    if renewal.requested_by_id is None:
        return
    lease = renewal.lease
    link = reverse("tenants:lease", args=[lease.company_id, lease.pk])
    notification_create(
        recipient=renewal.requested_by, template="tenants/renewal_decided", link=link,
        context={"unit": lease.unit.code, "link": link, "approved": approved,
                 "reason": renewal.decision_reason,
                 "start": renewal.new_lease.start_date.isoformat() if renewal.new_lease else "",
                 "end": renewal.new_lease.end_date.isoformat() if renewal.new_lease else ""},
    )


def relocation_proof_submitted(*, lease, company_name: str, unit_code: str) -> None:
    notify_staff(template="tenants/relocation_proof_submitted", admin_url_name="admin:tenants_lease_change",
                 object_id=lease.pk, context={"company": company_name, "unit": unit_code})


def invitation_sent(*, invitation, recipient, language: str, actor) -> None:
    """The invitation link, to the invitee's account if the address has one (in its language), else
    to the bare address in `language`."""
    company = invitation.company
    link = reverse("tenants:invitation", args=[invitation.token])
    notification_create(
        recipient=recipient, email=invitation.email,
        language=recipient.preferred_language if recipient else language,
        template="tenants/invitation", link=link,
        context={
            "company_ko": company.name_ko, "company_en": company.name_en or company.name_ko,
            "inviter": actor.get_full_name(), "role": invitation.role, "link": link,
            "expires": timezone.localtime(invitation.expires_at).strftime("%Y-%m-%d %H:%M"),
        },
    )


def invitation_accepted(*, invitation, user) -> None:
    """Tell whoever invited the new member that the invitation was accepted."""
    if not invitation.invited_by_id:
        return
    notification_create(
        recipient=invitation.invited_by, template="tenants/invitation_accepted",
        link=reverse("tenants:team", args=[invitation.company_id]),
        context={"member": user.get_full_name(), "email": user.email,
                 "company_ko": invitation.company.name_ko,
                 "company_en": invitation.company.name_en or invitation.company.name_ko},
    )
