"""The workflows of collections declared as data (portal.workflow): bank deposits and refunds.

A deposit is matched by the portal (virtual account, amount and name) or assigned by staff; a match is
undone by staff with a reason; an unmatched deposit may be marked to be returned. A refund is requested
by one staff member, approved by another, then recorded as paid (or rejected, or cancelled).
"""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal import workflow
from portal.exceptions import PermissionRefused
from portal.workflow import State, Transition


class Actor(models.TextChoices):
    STAFF = "staff", _("District staff")
    SECOND_STAFF = "second_staff", _("Another staff member")


class TransactionStatus(models.TextChoices):
    UNMATCHED = "unmatched", _("Unmatched")
    MATCHED = "matched", _("Matched")
    REFUND = "refund", _("To be returned")
    WITHDRAWAL = "withdrawal", _("Withdrawal (not collected)")


class RefundStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


def check_transaction_actor(instance, user, role: str) -> None:
    workflow.require_district_staff(user)


def check_refund_actor(refund, user, role: str) -> None:
    workflow.require_district_staff(user)
    if role == Actor.SECOND_STAFF and user.pk == refund.requested_by_id:
        raise PermissionRefused(gettext("A refund is approved by a staff member other than the one who requested it."),
                                code="same_staff")


TRANSACTION_WORKFLOW = workflow.Workflow(
    model="receipts.BankTransaction",
    states=[
        State(TransactionStatus.UNMATCHED), State(TransactionStatus.MATCHED), State(TransactionStatus.REFUND),
        State(TransactionStatus.WITHDRAWAL, final=True),
    ],
    transitions=[
        Transition("match", (TransactionStatus.UNMATCHED,), TransactionStatus.MATCHED, workflow.SYSTEM,
                   _("Matched by the portal")),
        Transition("assign", (TransactionStatus.UNMATCHED,), TransactionStatus.MATCHED, Actor.STAFF,
                   _("Assign")),
        Transition("undo", (TransactionStatus.MATCHED,), TransactionStatus.UNMATCHED, Actor.STAFF,
                   _("Undo the match"), needs_reason=True),
        Transition("mark_refund", (TransactionStatus.UNMATCHED,), TransactionStatus.REFUND, Actor.STAFF,
                   _("Mark to be returned"), needs_reason=True),
        Transition("unmark_refund", (TransactionStatus.REFUND,), TransactionStatus.UNMATCHED, Actor.STAFF,
                   _("Back to the unmatched queue"), needs_reason=True),
    ],
    check_actor=check_transaction_actor,
    refused=_("A deposit cannot go from “%(status)s” to “%(to)s”."),
)

REFUND_WORKFLOW = workflow.Workflow(
    model="receipts.Refund",
    states=[
        State(RefundStatus.REQUESTED, public_label=_("Being reviewed")),
        State(RefundStatus.APPROVED, public_label=_("Approved, to be transferred")),
        State(RefundStatus.PAID, public_label=_("Transferred"), final=True),
        State(RefundStatus.REJECTED, public_label=_("Not refunded"), final=True),
        State(RefundStatus.CANCELLED, public_label=_("Cancelled"), final=True),
    ],
    transitions=[
        Transition("approve", (RefundStatus.REQUESTED,), RefundStatus.APPROVED, Actor.SECOND_STAFF, _("Approve")),
        Transition("reject", (RefundStatus.REQUESTED,), RefundStatus.REJECTED, Actor.SECOND_STAFF, _("Reject"),
                   needs_reason=True),
        Transition("pay", (RefundStatus.APPROVED,), RefundStatus.PAID, Actor.STAFF, _("Record as transferred")),
        Transition("cancel", (RefundStatus.REQUESTED, RefundStatus.APPROVED), RefundStatus.CANCELLED, Actor.STAFF,
                   _("Cancel"), needs_reason=True),
    ],
    check_actor=check_refund_actor,
    refused=_("A refund cannot go from “%(status)s” to “%(to)s”."),
)
