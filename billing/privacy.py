"""Personal-data file of billing: invoices and the staff who recorded payments (privacy/registry.py)."""

from django.utils.translation import gettext_lazy as _

from privacy.registry import DESTROY_ELECTRONIC, Basis, Erasure, PersonalDataFile, Retention, Subject, Table, register

register(PersonalDataFile(
    key="billing", name=_("Invoices and payments"),
    subjects=(Subject.ACCOUNT_HOLDER, Subject.STAFF),
    purpose=_("Billing rent and management fees, recording payments and deposits"),
    items=_("recipient's name and business registration number (a sole proprietor's is personal data); "
            "who recorded a payment"),
    basis=Basis.STATUTE,
    basis_detail=_("Value-Added Tax Act §32 and Framework Act on National Taxes §85-3 (keeping tax records)"),
    retention=Retention("PRIVACY_BILLING_RETENTION_DAYS", 5 * 365, after=_("the filing deadline of the tax period")),
    destruction=DESTROY_ELECTRONIC,
    recipients=("email", "storage"),
    tables=(
        Table(model="billing.Invoice", fields=("company_name", "business_registration_number"),
              owner="company__memberships__user", erasure=Erasure.KEEP),
        Table(model="billing.BillingRun", fields=("started_by",), owner="started_by", erasure=Erasure.KEEP),
        Table(model="billing.Payment", fields=("recorded_by",), owner="recorded_by", erasure=Erasure.KEEP),
        Table(model="billing.AccountCredit", fields=("created_by",), owner="created_by", erasure=Erasure.KEEP),
        Table(model="billing.DepositLedgerEntry", fields=("recorded_by",), owner="recorded_by",
              erasure=Erasure.KEEP),
    ),
))
