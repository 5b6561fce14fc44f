"""Writes of billing, re-exported here so callers import `billing.services`."""

from .invoices import (
    billing_run_record,
    billing_run_resume,
    billing_run_start,
    credit_note_issue,
    invoice_due_date,
    invoice_email,
    invoice_issue_for_lease,
    invoice_number_next,
    invoice_pdf_render,
    invoice_status_set,
    lease_ids_billed_in,
)
from .late_charges import (
    late_charge_accrue,
    late_charge_amounts,
    late_charge_policy_for,
    late_charge_waive,
    late_charges_accrue,
)
from .payments import (
    company_credit_balance,
    deposit_balance,
    deposit_entry_check,
    deposit_entry_record,
    invoice_amounts,
    invoice_reminders_send,
    invoice_settle,
    invoices_mark_overdue,
    payment_period_check,
    payment_record,
)
from .payments_bulk import PaymentEntry, payments_record_bulk
from .receipts import account_credit_add, account_credits_add_bulk, payment_reverse

__all__ = [
    "account_credit_add", "account_credits_add_bulk", "payment_reverse", "PaymentEntry", "payments_record_bulk",
    "billing_run_record", "billing_run_resume", "billing_run_start", "company_credit_balance",
    "credit_note_issue", "deposit_balance", "deposit_entry_check", "deposit_entry_record", "invoice_amounts",
    "invoice_due_date",
    "invoice_email", "invoice_issue_for_lease", "invoice_number_next", "invoice_pdf_render", "invoice_reminders_send",
    "invoice_settle", "invoice_status_set", "invoices_mark_overdue", "lease_ids_billed_in", "payment_record",
    "payment_period_check",
    "late_charge_accrue", "late_charge_amounts", "late_charge_policy_for", "late_charge_waive", "late_charges_accrue",
]
