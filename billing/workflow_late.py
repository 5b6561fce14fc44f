"""The late-charge workflow declared as data (portal.workflow): accruing until the invoice is settled or the cap is
reached (the portal's own change), or waived by district staff with a reason."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal import workflow
from portal.workflow import State, Transition


class LateChargeStatus(models.TextChoices):
    ACCRUING = "accruing", _("Accruing")
    CLOSED = "closed", _("Accrual ended")
    WAIVED = "waived", _("Waived")


def check_actor(charge, user, role: str) -> None:
    if role == "staff":
        workflow.require_district_staff(user)


LATE_CHARGE_WORKFLOW = workflow.Workflow(
    model="billing.LateCharge",
    states=[
        State(LateChargeStatus.ACCRUING, _("Late charge accruing"),
              _("A late charge is added every day until the invoice is paid.")),
        State(LateChargeStatus.CLOSED, _("Late charge settled"),
              _("The invoice is paid or the late charge has reached its cap; nothing more is added.")),
        State(LateChargeStatus.WAIVED, _("Late charge waived"),
              _("The district waived the late charge not yet billed."), final=True),
    ],
    transitions=[
        Transition("close", (LateChargeStatus.ACCRUING,), LateChargeStatus.CLOSED, workflow.SYSTEM,
                   _("Accrual ended")),
        Transition("waive", (LateChargeStatus.ACCRUING, LateChargeStatus.CLOSED), LateChargeStatus.WAIVED, "staff",
                   _("Waive the late charge"), needs_reason=True),
    ],
    check_actor=check_actor,
    refused=_("A late charge cannot go from “%(status)s” to “%(to)s”."),
)
