"""Signals other apps connect to: contribute to a user's data export, react to a deleted account."""

from django.dispatch import Signal

# Receivers return a dict of JSON-serialisable sections ({"applications": [...]}) for `user`.
user_data_export = Signal()
# Sent after an account was anonymised at its owner's request, with `email` the address it had;
# receivers erase what they may.
user_anonymised = Signal()
