"""Personal-data file of tax invoices: the recipient's name, representative, address, e-mail (privacy/registry.py)."""

from django.utils.translation import gettext_lazy as _

from privacy.registry import DESTROY_ELECTRONIC, Basis, Erasure, PersonalDataFile, Retention, Subject, Table, register

register(PersonalDataFile(
    key="taxinvoices", name=_("Tax invoices"),
    subjects=(Subject.ACCOUNT_HOLDER,),
    purpose=_("Issuing electronic tax invoices for rent and management fees and sending them to the NTS"),
    items=_("recipient's name, registration number, representative, address and tax-invoice e-mail (a sole "
            "proprietor's are personal data)"),
    basis=Basis.STATUTE,
    basis_detail=_("Value-Added Tax Act §32 (tax invoices) and Framework Act on National Taxes §85-3 (keeping "
                   "tax records)"),
    retention=Retention("PRIVACY_BILLING_RETENTION_DAYS", 5 * 365, after=_("the filing deadline of the tax period")),
    destruction=DESTROY_ELECTRONIC,
    recipients=("storage",),
    tables=(
        Table(model="taxinvoices.TaxInvoice",
              fields=("recipient_name", "recipient_brn", "recipient_representative", "recipient_address",
                      "recipient_email"),
              owner="company__memberships__user", erasure=Erasure.KEEP),
    ),
))
