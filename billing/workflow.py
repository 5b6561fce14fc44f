"""The invoice workflow declared as data (portal.workflow): the status follows the money.

A payment or a credit note (recorded by staff, or by the portal itself when no one is named) settles the
invoice into partly paid, paid or cancelled; falling overdue is the portal's own change, derived from
the due date.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal import workflow
from portal.workflow import State, Transition


class InvoiceStatus(models.TextChoices):
    ISSUED = "issued", _("Issued")
    PARTLY_PAID = "partly_paid", _("Partly paid")
    PAID = "paid", _("Paid")
    OVERDUE = "overdue", _("Overdue")
    CANCELLED = "cancelled", _("Cancelled by credit note")


class Actor(models.TextChoices):
    SETTLEMENT = "settlement", _("Payment or credit note")


def check_actor(invoice, user, role: str) -> None:
    if role == Actor.SETTLEMENT and user is not None:  # no one named: recorded by the portal itself
        workflow.require_district_staff(user)


INVOICE_WORKFLOW = workflow.Workflow(
    model="billing.Invoice",
    states=[
        State(InvoiceStatus.ISSUED), State(InvoiceStatus.PARTLY_PAID), State(InvoiceStatus.PAID),
        State(InvoiceStatus.OVERDUE), State(InvoiceStatus.CANCELLED, final=True),
    ],
    transitions=[
        Transition("pay_in_part", (InvoiceStatus.ISSUED,), InvoiceStatus.PARTLY_PAID, Actor.SETTLEMENT,
                   _("Paid in part")),
        Transition("pay_in_full", (InvoiceStatus.ISSUED, InvoiceStatus.PARTLY_PAID, InvoiceStatus.OVERDUE),
                   InvoiceStatus.PAID, Actor.SETTLEMENT, _("Paid in full")),
        Transition("cancel", (InvoiceStatus.ISSUED, InvoiceStatus.PARTLY_PAID, InvoiceStatus.OVERDUE,
                              InvoiceStatus.PAID), InvoiceStatus.CANCELLED, Actor.SETTLEMENT,
                   _("Cancelled by credit note"), kind=workflow.Kind.REFUSAL),
        # A payment taken back (a bank match undone, receipts.services): the status follows what is left.
        Transition("reopen", (InvoiceStatus.PARTLY_PAID, InvoiceStatus.PAID), InvoiceStatus.ISSUED,
                   Actor.SETTLEMENT, _("Payment taken back"), kind=workflow.Kind.ASIDE),
        Transition("reopen_in_part", (InvoiceStatus.PAID,), InvoiceStatus.PARTLY_PAID, Actor.SETTLEMENT,
                   _("Payment taken back in part"), kind=workflow.Kind.ASIDE),
        Transition("reopen_overdue", (InvoiceStatus.PAID,), InvoiceStatus.OVERDUE, workflow.SYSTEM,
                   _("Payment taken back after the due date"), kind=workflow.Kind.ASIDE),
        Transition("fall_overdue", (InvoiceStatus.ISSUED, InvoiceStatus.PARTLY_PAID), InvoiceStatus.OVERDUE,
                   workflow.SYSTEM, _("The due date has passed.")),
    ],
    check_actor=check_actor,
    refused=_("An invoice cannot go from “%(status)s” to “%(to)s”."),
)
