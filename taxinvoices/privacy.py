"""Personal-data file of tax invoices: the recipient's name, representative, address, e-mail (privacy/registry.py)."""

from django.utils.translation import gettext_lazy as _

from billing.privacy import RETENTION, last_filed_supply_date
from privacy.registry import DESTROY_ELECTRONIC, Basis, Erasure, PersonalDataFile, Subject, Table, register
from privacy.retention import field_rule, register_rule

RECIPIENT_FIELDS = ("recipient_name", "recipient_brn", "recipient_representative", "recipient_address",
                    "recipient_email")


register(PersonalDataFile(
    key="taxinvoices", name=_("Tax invoices"),
    subjects=(Subject.ACCOUNT_HOLDER,),
    purpose=_("Issuing electronic tax invoices for rent and management fees and sending them to the NTS"),
    items=_("recipient's name, registration number, representative, address and tax-invoice e-mail (a sole "
            "proprietor's are personal data)"),
    basis=Basis.STATUTE,
    basis_detail=_("Value-Added Tax Act §32 (tax invoices) and Framework Act on National Taxes §85-3 (keeping "
                   "tax records)"),
    retention=RETENTION,
    destruction=DESTROY_ELECTRONIC,
    recipients=("storage",),
    tables=(
        Table(model="taxinvoices.TaxInvoice", fields=RECIPIENT_FIELDS,
              owner="company__memberships__user", erasure=Erasure.KEEP),
    ),
))

register_rule(field_rule(key="taxinvoices.recipients", file="taxinvoices",
                         what=_("the recipient's name, registration number, representative, address and e-mail"),
                         retention=RETENTION, model="taxinvoices.TaxInvoice", counted_from="write_date",
                         last_due=last_filed_supply_date, fields=RECIPIENT_FIELDS))
