"""App configuration of receipts (수납): virtual accounts, bank transactions, matching, refunds, month close."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReceiptsConfig(AppConfig):
    name = "receipts"
    verbose_name = _("Collections")

    def ready(self) -> None:
        from billing import hooks

        from .hooks import closed_period, company_page_section, payment_account_for_lease, payment_adjustment_record

        hooks.PAYMENT_ACCOUNT_PROVIDERS.append(payment_account_for_lease)
        hooks.COMPANY_PAGE_SECTIONS.append(company_page_section)
        hooks.CLOSED_PERIODS.append(closed_period)
        hooks.PAYMENT_ADJUSTED.append(payment_adjustment_record)
