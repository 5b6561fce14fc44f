"""App configuration of tax invoices."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxInvoicesConfig(AppConfig):
    name = "taxinvoices"
    verbose_name = _("Tax invoices")

    def ready(self) -> None:
        from billing import hooks

        from . import sections, services

        # An issued invoice gets its tax invoice in the same transaction; the tenant's billing page and the
        # run's page show them.
        for hook_list, function in ((hooks.INVOICE_ISSUED, services.tax_invoice_for_invoice),
                                    (hooks.COMPANY_PAGE_SECTIONS, sections.company_section),
                                    (hooks.RUN_PAGE_SECTIONS, sections.run_section)):
            if function not in hook_list:
                hook_list.append(function)
