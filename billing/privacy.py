"""Personal-data file of billing: invoices and the staff who recorded payments (privacy/registry.py)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacy.registry import DESTROY_ELECTRONIC, Basis, Erasure, PersonalDataFile, Retention, Subject, Table, register
from privacy.retention import field_rule, register_rule

RETENTION = Retention("PRIVACY_BILLING_RETENTION_DAYS", 5 * 365, after=_("the filing deadline of the tax period"))
INVOICE_FIELDS = ("company_name", "business_registration_number")


def last_filed_supply_date(cutoff: datetime.datetime) -> datetime.date:
    """The last day of the latest VAT half-year (January–June, July–December) whose filing deadline, the
    25th of the following month, is before `cutoff`: what was supplied up to then is past its period."""
    day = timezone.localtime(cutoff).date()
    for end in (datetime.date(day.year, 6, 30), datetime.date(day.year - 1, 12, 31)):
        if end + datetime.timedelta(days=25) < day:
            return end
    return datetime.date(day.year - 1, 6, 30)


register(PersonalDataFile(
    key="billing", name=_("Invoices and payments"),
    subjects=(Subject.ACCOUNT_HOLDER, Subject.STAFF),
    purpose=_("Billing rent and management fees, recording payments and deposits"),
    items=_("recipient's name and business registration number (a sole proprietor's is personal data); "
            "who recorded a payment"),
    basis=Basis.STATUTE,
    basis_detail=_("Value-Added Tax Act §32 and Framework Act on National Taxes §85-3 (keeping tax records)"),
    retention=RETENTION,
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

# The invoice's date of supply (작성일자) is its due date: the recipient's name and number are blanked once the
# tax period it falls in has been filed for longer than the period.
register_rule(field_rule(key="billing.invoices", file="billing", what=_("the recipient's name and registration number"),
                         retention=RETENTION, model="billing.Invoice", counted_from="due_on",
                         last_due=last_filed_supply_date, fields=INVOICE_FIELDS))
