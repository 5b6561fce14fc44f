"""Writes of tenants: one function per important change (companies and teams, unit offers, leases,
bookings, indicators), re-exported here so callers import `tenants.services`."""

from .bookings import booking_cancel, booking_create
from .business import companies_business_check
from .companies import (
    company_create,
    company_update,
    invitation_accept,
    invitation_accept_with_signup,
    invitation_create,
    invitation_revoke,
    membership_add,
    membership_change_role,
    membership_leave,
    membership_remove,
)
from .indicators import performance_report_submit
from .leases import (
    lease_activate,
    lease_begin_ending,
    lease_create,
    lease_end,
    lease_relocation_confirm,
    lease_relocation_proof_upload,
    lease_relocation_reminders_send,
    lease_sign,
    lease_terminate,
    lease_transition,
)
from .offers import (
    offer_accept,
    offer_create,
    offer_decline,
    offer_lapse,
    offer_lapse_overdue,
    offer_withdraw,
    waitlist_next,
    waitlist_promote_next,
)
from .renewals import lease_renewal_approve, lease_renewal_decline, lease_renewal_request

__all__ = [
    "companies_business_check",
    "booking_cancel", "booking_create",
    "company_create", "company_update", "invitation_accept", "invitation_accept_with_signup", "invitation_create",
    "invitation_revoke",
    "membership_add", "membership_change_role", "membership_leave", "membership_remove",
    "performance_report_submit",
    "lease_activate", "lease_begin_ending", "lease_create", "lease_end", "lease_relocation_confirm",
    "lease_relocation_proof_upload", "lease_relocation_reminders_send", "lease_sign", "lease_terminate",
    "lease_transition", "lease_renewal_approve", "lease_renewal_decline", "lease_renewal_request",
    "offer_accept", "offer_create", "offer_decline", "offer_lapse", "offer_lapse_overdue", "offer_withdraw",
    "waitlist_next", "waitlist_promote_next",
]
