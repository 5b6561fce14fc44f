"""Writes on calls for applications that the call itself owns: receipt numbers."""

from django.db import transaction

from .models import Call


@transaction.atomic
def call_take_receipt_number(*, call: Call) -> str:
    """The next receipt number of the call (2026-1-0001, 2026-1-0002 ...), never given twice.

    The call's row is locked, so concurrent submissions get consecutive numbers. The counter is
    bookkeeping, not a change of the call: it leaves no entry in the call's history (each submitted
    application's own history holds its number) and keeps the public pages' cache.
    """
    locked = Call.objects.select_for_update().only("code", "last_receipt_sequence").get(pk=call.pk)
    locked.last_receipt_sequence += 1
    locked.save_without_historical_record(update_fields=["last_receipt_sequence"])
    call.last_receipt_sequence = locked.last_receipt_sequence
    return f"{locked.code}-{locked.last_receipt_sequence:04d}"
