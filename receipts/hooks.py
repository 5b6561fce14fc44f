"""What collections adds to billing's pages (registered in ReceiptsConfig.ready through billing.hooks):
the lease's virtual account on the bill and the billing page, and the company's refunds."""

from __future__ import annotations

from . import selectors
from .workflow import REFUND_WORKFLOW


def payment_account_for_lease(lease_id: int) -> dict | None:
    assignment = selectors.virtual_account_for_lease(lease_id=lease_id)
    if assignment is None:
        return None
    account = assignment.account
    return {"bank": account.bank, "account": account.number, "holder": account.holder}


def company_page_section(request, company) -> dict | None:
    accounts = selectors.virtual_accounts_for_company(company_id=company.pk)
    refunds = selectors.refunds_for_company(company_id=company.pk)
    if not accounts and not refunds:
        return None
    for refund in refunds:
        refund.public_status = REFUND_WORKFLOW.state(refund.status).public_label
    return {"template": "receipts/_billing_section.html", "virtual_accounts": accounts, "refunds": refunds}
