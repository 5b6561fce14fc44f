"""Writes of exemptions: filing and resubmitting requests, every status change through one service,
the employee's consent to unique identifiers, issuing and revoking documents, reminders of a stay's
end, the deletion of unique identifiers, and the files kept from a refused form; re-exported here so
callers import `exemptions.services`."""

from .consents import (
    employee_consent_find,
    employee_consent_find_for_withdrawal,
    employee_consent_form_pdf,
    employee_consent_form_upload,
    employee_consent_give,
    employee_consent_link_problem,
    employee_consent_link_resend,
    employee_consent_link_send,
    employee_consent_withdraw,
)
from .documents import (
    document_issue,
    document_render_data,
    document_revoke,
    documents_revoke_for_ended_leases,
)
from .processing import request_due_reminders_send, request_extend
from .requests import (
    request_approve,
    request_ask_info,
    request_reject,
    request_resubmit,
    request_submit,
    request_transition,
)
from .retention import sensitive_data_purge, stay_reminders_send
from .uploads import (
    kept_upload_file,
    kept_upload_store,
    kept_uploads_discard,
    kept_uploads_for,
)

__all__ = [
    "request_due_reminders_send", "request_extend",
    "employee_consent_find", "employee_consent_find_for_withdrawal", "employee_consent_give",
    "employee_consent_link_problem", "employee_consent_link_resend", "employee_consent_link_send",
    "employee_consent_withdraw", "employee_consent_form_pdf", "employee_consent_form_upload",
    "document_issue", "document_render_data", "document_revoke",
    "documents_revoke_for_ended_leases",
    "request_approve", "request_ask_info", "request_reject", "request_resubmit", "request_submit",
    "request_transition",
    "sensitive_data_purge", "stay_reminders_send",
    "kept_upload_file", "kept_upload_store", "kept_uploads_discard", "kept_uploads_for",
]
