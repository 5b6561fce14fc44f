"""Writes of exemptions: filing and resubmitting requests, every status change through one service,
issuing and revoking documents, reminders of a stay's end and the deletion of sensitive data;
re-exported here so callers import `exemptions.services`."""

from .documents import (
    document_issue,
    document_issue_pending,
    document_render_data,
    document_revoke,
    documents_revoke_for_ended_leases,
)
from .requests import (
    request_approve,
    request_ask_info,
    request_reject,
    request_resubmit,
    request_submit,
    request_transition,
)
from .retention import sensitive_data_purge, stay_reminders_send

__all__ = [
    "document_issue", "document_issue_pending", "document_render_data", "document_revoke",
    "documents_revoke_for_ended_leases",
    "request_approve", "request_ask_info", "request_reject", "request_resubmit", "request_submit",
    "request_transition",
    "sensitive_data_purge", "stay_reminders_send",
]
