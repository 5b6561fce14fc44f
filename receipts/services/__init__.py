"""Writes of collections, re-exported here so callers import `receipts.services`."""

from .accounts import (
    LoadReport,
    lease_settled,
    lease_unsettled_reason,
    virtual_account_assign,
    virtual_account_release,
    virtual_accounts_assign_live,
    virtual_accounts_load,
    virtual_accounts_release_settled,
)
from .months import month_close, month_report
from .refunds import (
    refund_approve,
    refund_cancel,
    refund_check,
    refund_pay,
    refund_reject,
    refund_request,
    transaction_mark_refund,
)
from .transactions import (
    MatchIndex,
    normal_name,
    statement_import,
    statement_ingest,
    statement_pending_prune,
    statement_preview,
    transaction_assign,
    transaction_match,
    transaction_undo,
    transactions_match,
)

__all__ = [
    "LoadReport", "MatchIndex", "lease_settled", "lease_unsettled_reason",
    "month_close", "month_report", "normal_name", "refund_approve",
    "refund_cancel", "refund_check", "refund_pay", "refund_reject", "refund_request", "statement_import",
    "statement_ingest", "statement_pending_prune", "statement_preview", "transaction_assign",
    "transaction_mark_refund", "transaction_match", "transaction_undo", "transactions_match",
    "virtual_account_assign", "virtual_account_release", "virtual_accounts_assign_live", "virtual_accounts_load",
    "virtual_accounts_release_settled",
]
