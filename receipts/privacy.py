"""Personal-data file of collections: depositors' names on the lessor's bank transactions, refund accounts,
and the staff who loaded, matched, approved and closed (privacy/registry.py)."""

from django.utils.translation import gettext_lazy as _

from privacy.registry import DESTROY_ELECTRONIC, Basis, Erasure, PersonalDataFile, Retention, Subject, Table, register

_COMPANY = "company__memberships__user"


def _staff(model: str, field: str) -> Table:
    return Table(model=model, fields=(field,), owner=field, erasure=Erasure.KEEP)


register(PersonalDataFile(
    key="receipts", name=_("Bank deposits, matches and refunds"),
    subjects=(Subject.ACCOUNT_HOLDER, Subject.STAFF),
    purpose=_("Recognising rent payments on the lessor's bank account and returning overpayments and deposits"),
    items=_("depositor's name as the bank prints it; the name, bank and number of the account a refund goes to; "
            "who matched, approved and closed"),
    basis=Basis.STATUTE,
    basis_detail=_("Public Property and Commodity Management Act (collecting and returning charges); Framework "
                   "Act on National Taxes §85-3 (keeping the records of transactions)"),
    retention=Retention("PRIVACY_RECEIPTS_RETENTION_DAYS", 5 * 365, after=_("the end of the lease")),
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
