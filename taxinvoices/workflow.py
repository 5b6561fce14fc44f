"""The tax-invoice workflow declared as data (portal.workflow).

draft → issued → sent to the NTS → accepted / failed; a failed one is sent again; a draft or an
issued one not yet sent is cancelled. The issuer moves it (the portal itself for Popbill; staff who
record Hometax's result file); staff cancel drafts.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal import workflow
from portal.workflow import State, Transition


class TaxInvoiceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (not issued yet)")
    ISSUED = "issued", _("Issued")
    SENT = "sent", _("Sent to the NTS")
    ACCEPTED = "accepted", _("Accepted by the NTS")
    FAILED = "failed", _("Refused by the NTS")
    CANCELLED = "cancelled", _("Cancelled")


class Actor(models.TextChoices):
    STAFF = "staff", _("District staff")
    # Staff recording Hometax's result file (an approval number per tax invoice): not a button of the admin.
    HOMETAX = "hometax", _("District staff, from Hometax's result file")


def check_actor(instance, user, role: str) -> None:
    workflow.require_district_staff(user)


S = TaxInvoiceStatus

TAX_INVOICE_WORKFLOW = workflow.Workflow(
    model="taxinvoices.TaxInvoice",
    states=[
        State(S.DRAFT, _("Being prepared"), _("The district issues it by the 10th of the following month.")),
        State(S.ISSUED, _("Issued"), _("Issued to your tax-invoice e-mail; being sent to the NTS.")),
        State(S.SENT, _("Sent to the NTS"), _("Waiting for the NTS to accept it.")),
        State(S.ACCEPTED, _("Accepted by the NTS"), _("You can deduct its VAT; it is on Hometax."), final=True),
        State(S.FAILED, _("Being corrected"), _("The NTS did not accept it; the district sends it again.")),
        State(S.CANCELLED, _("Cancelled"), _("Replaced or withdrawn; no VAT to deduct."), final=True),
    ],
    transitions=[
        Transition("issue", (S.DRAFT,), S.ISSUED, workflow.SYSTEM, _("Issued")),
        Transition("send", (S.ISSUED,), S.SENT, workflow.SYSTEM, _("Sent to the NTS")),
        Transition("accept", (S.ISSUED, S.SENT), S.ACCEPTED, workflow.SYSTEM, _("Accepted by the NTS")),
        Transition("fail", (S.ISSUED, S.SENT), S.FAILED, workflow.SYSTEM, _("Refused by the NTS")),
        Transition("resend", (S.FAILED,), S.SENT, Actor.STAFF, _("Send to the NTS again")),
        Transition("record_hometax_result", (S.DRAFT, S.ISSUED, S.SENT, S.FAILED), S.ACCEPTED, Actor.HOMETAX,
                   _("Issued on Hometax (result file)")),
        # Before the NTS has it; after, a correction is a modified tax invoice (a credit note).
        Transition("cancel", (S.DRAFT, S.ISSUED, S.FAILED), S.CANCELLED, Actor.STAFF, _("Cancel"),
                   needs_reason=True),
        Transition("replace", (S.DRAFT,), S.CANCELLED, workflow.SYSTEM, _("Replaced after a credit note")),
    ],
    check_actor=check_actor,
    refused=_("A tax invoice cannot go from “%(status)s” to “%(to)s”."),
)
