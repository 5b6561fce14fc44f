"""Personal-data file of collections: depositors' names on the lessor's bank transactions, refund accounts,
and the staff who loaded, matched, approved and closed (privacy/registry.py)."""

from django.utils.translation import gettext_lazy as _

from privacy.registry import DESTROY_ELECTRONIC, Basis, Erasure, PersonalDataFile, Retention, Subject, Table, register
from privacy.retention import Method, Rule, delete_rows, field_rule, register_rule

_COMPANY = "company__memberships__user"


def _staff(model: str, field: str) -> Table:
    return Table(model=model, fields=(field,), owner=field, erasure=Erasure.KEEP)


TRANSACTION_RETENTION = Retention("PRIVACY_RECEIPTS_RETENTION_DAYS", 5 * 365, after=_("the transaction"))
REFUND_RETENTION = Retention("PRIVACY_RECEIPTS_RETENTION_DAYS", 5 * 365, after=_("the refund is requested"),
                             what=_("the account a refund goes to"))
ALIAS_RETENTION = Retention("PRIVACY_RECEIPTS_RETENTION_DAYS", 5 * 365, after=_("the tenancy ends"),
                            what=_("the depositor names recognised as the company's"))


def _aliases_due(cutoff):
    from tenants.retention import companies_ended_before

    from .models import DepositorAlias

    return DepositorAlias.objects.filter(company__in=companies_ended_before(cutoff).values("pk"))


register(PersonalDataFile(
    key="receipts", name=_("Bank deposits, matches and refunds"),
    subjects=(Subject.ACCOUNT_HOLDER, Subject.STAFF),
    purpose=_("Recognising rent payments on the lessor's bank account and returning overpayments and deposits"),
    items=_("depositor's name as the bank prints it; the name, bank and number of the account a refund goes to; "
            "who matched, approved and closed"),
    basis=Basis.STATUTE,
    basis_detail=_("Public Property and Commodity Management Act (collecting and returning charges); Framework "
                   "Act on National Taxes §85-3 (keeping the records of transactions)"),
    retention=Retention(TRANSACTION_RETENTION.setting, TRANSACTION_RETENTION.default,
                        after=TRANSACTION_RETENTION.after, also=(REFUND_RETENTION, ALIAS_RETENTION)),
    destruction=DESTROY_ELECTRONIC,
    recipients=("storage",),
    tables=(
        Table(model="receipts.BankTransaction", fields=("depositor_name",), owner=_COMPANY, erasure=Erasure.KEEP),
        Table(model="receipts.DepositorAlias", fields=("name",), owner=_COMPANY, erasure=Erasure.KEEP),
        Table(model="receipts.Refund", fields=("account_holder_name", "account_number"), owner=_COMPANY,
              erasure=Erasure.KEEP),
        _staff("receipts.VirtualAccount", "loaded_by"),
        _staff("receipts.VirtualAccountAssignment", "assigned_by"),
        _staff("receipts.VirtualAccountAssignment", "released_by"),
        _staff("receipts.StatementImport", "imported_by"),
        _staff("receipts.Allocation", "confirmed_by"),
        _staff("receipts.Allocation", "undone_by"),
        _staff("receipts.DepositorAlias", "created_by"),
        _staff("receipts.Refund", "requested_by"),
        _staff("receipts.Refund", "approved_by"),
        _staff("receipts.CollectionMonth", "closed_by"),
        _staff("receipts.Adjustment", "created_by"),
    ),
))

register_rule(field_rule(key="receipts.transactions", file="receipts", what=_("depositors' names on bank transactions"),
                         retention=TRANSACTION_RETENTION, model="receipts.BankTransaction",
                         counted_from="occurred_at", fields=("depositor_name",)))
register_rule(field_rule(key="receipts.refunds", file="receipts", what=REFUND_RETENTION.what,
                         retention=REFUND_RETENTION, model="receipts.Refund", counted_from="created_at",
                         fields=("account_holder_name", "account_number")))
register_rule(Rule(key="receipts.aliases", file="receipts", what=ALIAS_RETENTION.what, retention=ALIAS_RETENTION,
                   method=Method.DELETE, due=_aliases_due, destroy=delete_rows("receipts.DepositorAlias"),
                   covers=(("receipts.DepositorAlias", ()),)))
