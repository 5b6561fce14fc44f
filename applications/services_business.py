"""The NTS business-status check of a submitted application (portal/providers/nts.py): queued after the
submission commits, never blocking it; a timeout leaves the application unchecked and the task retries."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from portal.providers.nts import (
    BusinessStatus,
    NtsRefused,
    business_status_lookup,
    business_validate,
    nts_configured,
)

from .models import Application

logger = logging.getLogger(__name__)


def application_business_check(*, application_id: int) -> str | None:
    """Ask the NTS for the applicant company's status (and, with the CEO and founding date, whether they
    match the register) and record it. None when skipped (no service key, no number); raises
    `NtsUnavailable` when the service did not answer, so the task tries again."""
    if not nts_configured():
        return None
    application = Application.objects.only(
        "business_registration_number", "ceo_name", "founded_on").filter(pk=application_id).first()
    if application is None or not application.business_registration_number:
        return None
    number = application.business_registration_number
    answer = business_status_lookup([number]).get(number)
    valid = None
    if application.ceo_name and application.founded_on:
        try:
            valid = business_validate(number=number, representative=application.ceo_name,
                                      opened_on=application.founded_on).valid
        except NtsRefused:
            logger.warning("NTS refused the validation of application %s", application_id)
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application_id)
        locked.business_status = answer.status if answer else BusinessStatus.UNREGISTERED
        locked.business_status_label = (answer.label if answer else "")[:200]
        locked.business_identity_valid = valid
        locked.business_checked_at = timezone.now()
        locked._change_reason = "NTS business status"
        locked.save(update_fields=["business_status", "business_status_label", "business_identity_valid",
                                   "business_checked_at", "updated_at"])
    return locked.business_status
