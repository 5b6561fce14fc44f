"""Writes on calls for applications that the call itself owns: receipt numbers."""

from django.db import transaction

from portal.numbering import number_take

from .models import Call


@transaction.atomic
def call_take_receipt_number(*, call: Call) -> str:
    """The next receipt number of the call (2026-1-0001, 2026-1-0002 ...), never given twice.

    The call's counter (`portal.numbering`) is locked until the submission commits, so concurrent
    submissions get consecutive numbers and a refused one leaves no gap. The counter is bookkeeping,
    not a change of the call: it leaves no entry in the call's history (each submitted application's
    own history holds its number) and keeps the public pages' cache.
    """
    sequence = number_take(series=call.receipt_series)
    return f"{call.code}-{sequence:04d}"
