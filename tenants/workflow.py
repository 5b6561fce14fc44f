"""The tenancy workflows declared as data (portal.workflow): unit offers, leases and lease renewals."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal import workflow
from portal.exceptions import PermissionRefused
from portal.workflow import State, Transition


class Actor(models.TextChoices):
    STAFF = "staff", _("District staff")
    APPLICANT = "applicant", _("Applicant")


def check_actor(instance, user, role: str) -> None:
    if role == Actor.STAFF:
        workflow.require_district_staff(user)
    if role == Actor.APPLICANT and (user is None or user.pk != instance.application.applicant_id):
        raise PermissionRefused(gettext("Only the applicant can answer this offer."), code="not_applicant")


class OfferStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    LAPSED = "lapsed", _("Lapsed (no answer in time)")
    WITHDRAWN = "withdrawn", _("Withdrawn by staff")


OFFER_WORKFLOW = workflow.Workflow(
    model="tenants.Offer",
    states=[
        State(OfferStatus.PENDING), State(OfferStatus.ACCEPTED, final=True), State(OfferStatus.DECLINED, final=True),
        State(OfferStatus.LAPSED, final=True), State(OfferStatus.WITHDRAWN, final=True),
    ],
    transitions=[
        Transition("accept", (OfferStatus.PENDING,), OfferStatus.ACCEPTED, Actor.APPLICANT, _("Accept")),
        Transition("decline", (OfferStatus.PENDING,), OfferStatus.DECLINED, Actor.APPLICANT, _("Decline"),
                   kind=workflow.Kind.REFUSAL),
        Transition("withdraw", (OfferStatus.PENDING,), OfferStatus.WITHDRAWN, Actor.STAFF, _("Withdraw"),
                   needs_reason=True, kind=workflow.Kind.REFUSAL),
        Transition("lapse", (OfferStatus.PENDING,), OfferStatus.LAPSED, workflow.SYSTEM,
                   _("Lapse (no answer in time)"), kind=workflow.Kind.REFUSAL),
    ],
    check_actor=check_actor,
    refused=_("This offer is no longer open (%(status)s)."),
)


class LeaseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    ACTIVE = "active", _("Active")
    ENDING = "ending", _("Ending")
    ENDED = "ended", _("Ended")
    TERMINATED = "terminated", _("Terminated early")


_LEASE_OPEN = (LeaseStatus.DRAFT, LeaseStatus.SIGNED, LeaseStatus.ACTIVE, LeaseStatus.ENDING)

LEASE_WORKFLOW = workflow.Workflow(
    model="tenants.Lease",
    states=[
        State(LeaseStatus.DRAFT), State(LeaseStatus.SIGNED), State(LeaseStatus.ACTIVE), State(LeaseStatus.ENDING),
        State(LeaseStatus.ENDED, final=True), State(LeaseStatus.TERMINATED, final=True),
    ],
    transitions=[
        Transition("sign", (LeaseStatus.DRAFT,), LeaseStatus.SIGNED, Actor.STAFF, _("Sign")),
        Transition("activate", (LeaseStatus.SIGNED,), LeaseStatus.ACTIVE, Actor.STAFF, _("Activate")),
        Transition("begin_ending", (LeaseStatus.ACTIVE,), LeaseStatus.ENDING, Actor.STAFF, _("Begin ending")),
        Transition("end", (LeaseStatus.ENDING,), LeaseStatus.ENDED, Actor.STAFF, _("End")),
        Transition("terminate", _LEASE_OPEN, LeaseStatus.TERMINATED, Actor.STAFF, _("Terminate early"),
                   needs_reason=True, kind=workflow.Kind.REFUSAL),
    ],
    check_actor=check_actor,
    refused=_("A lease cannot go from “%(status)s” to “%(to)s”."),
)


class RenewalStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


RENEWAL_WORKFLOW = workflow.Workflow(
    model="tenants.LeaseRenewal",
    states=[State(RenewalStatus.REQUESTED), State(RenewalStatus.APPROVED, final=True),
            State(RenewalStatus.DECLINED, final=True)],
    transitions=[
        Transition("approve", (RenewalStatus.REQUESTED,), RenewalStatus.APPROVED, Actor.STAFF,
                   _("Approve the renewal"), needs_reason=True),
        Transition("decline", (RenewalStatus.REQUESTED,), RenewalStatus.DECLINED, Actor.STAFF,
                   _("Decline the renewal"), needs_reason=True, kind=workflow.Kind.REFUSAL),
    ],
    check_actor=check_actor,
    refused=_("This renewal request has already been decided."),
)
