"""The pool of virtual accounts: loaded from a file, assigned to each live lease, released when the
lease has ended and everything is settled."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.exceptions import DomainError
from portal.imports import TableError, table_rows

from ..models import VirtualAccount, VirtualAccountAssignment
from ..statements import digits

BANK_HEADERS = {"은행", "bank", "은행명"}
NUMBER_HEADERS = {"가상계좌", "가상계좌번호", "계좌번호", "number", "account", "virtualaccount"}
HOLDER_HEADERS = {"예금주", "holder", "accountholder", "예금주명"}


@dataclass
class LoadReport:
    created: int = 0
    rejected: list[tuple[int, str, str]] = field(default_factory=list)  # (row, number as written, reason)


def _norm(value) -> str:
    return str(value or "").strip().replace(" ", "").lower()


def virtual_accounts_load(*, data: bytes, actor=None) -> LoadReport:
    """Add the accounts of a CSV or XLSX list (columns bank, number, holder) to the pool. Valid rows
    are added; each other row is reported with its reason. A file that cannot be read adds nothing."""
    rows = table_rows(data)
    header = next(((i, [_norm(c) for c in row]) for i, row in enumerate(rows[:10])
                   if any(_norm(c) in NUMBER_HEADERS for c in row)), None)
    if header is None:
        raise TableError(_("No header row with the columns bank (은행), virtual account number (가상계좌번호) and "
                           "holder (예금주) in the first 10 rows."), code="columns")
    index, cells = header
    try:
        bank_at = next(i for i, c in enumerate(cells) if c in BANK_HEADERS)
        number_at = next(i for i, c in enumerate(cells) if c in NUMBER_HEADERS)
        holder_at = next(i for i, c in enumerate(cells) if c in HOLDER_HEADERS)
    except StopIteration:
        raise TableError(_("Row %(row)s (the header) needs the columns bank (은행), virtual account number "
                           "(가상계좌번호) and holder (예금주).") % {"row": index + 1}, row=index + 1,
                         code="columns") from None
    report = LoadReport()
    known = set(VirtualAccount.objects.values_list("number", flat=True))
    for line, row in enumerate(rows[index + 1:], start=index + 2):
        def cell(position, row=row):
            return str(row[position]).strip() if position < len(row) and row[position] is not None else ""

        bank, written, holder = cell(bank_at), cell(number_at), cell(holder_at)
        if not (bank or written or holder):
            continue
        number = digits(written)
        if not bank or not holder:
            report.rejected.append((line, written, _("The bank or the holder is missing.")))
        elif not written or any(c not in "0123456789- " for c in written) or not 10 <= len(number) <= 16:
            report.rejected.append((line, written, _("A virtual account number has 10 to 16 digits (hyphens "
                                                     "allowed).")))
        elif number in known:
            report.rejected.append((line, written, _("Already in the pool (or earlier in this file).")))
        else:
            try:
                with transaction.atomic():
                    VirtualAccount.objects.create(bank=bank[:40], number=number, holder=holder[:100],
                                                  loaded_by=actor)
            except IntegrityError:
                report.rejected.append((line, written, _("Already in the pool (or earlier in this file).")))
            else:
                report.created += 1
            known.add(number)
    return report


def _live_statuses():
    from tenants.models import LEASE_LIVE_STATUSES

    return LEASE_LIVE_STATUSES


@transaction.atomic
def virtual_account_assign(*, lease_id: int, actor=None) -> VirtualAccountAssignment:
    """The lease's open assignment, or a new one from the pool (the first free account)."""
    from tenants.models import Lease

    lease = Lease.objects.select_for_update(of=("self",)).get(pk=lease_id)
    current = VirtualAccountAssignment.objects.filter(lease=lease, released_at__isnull=True).first()
    if current is not None:
        return current
    if lease.status not in _live_statuses():
        raise DomainError(_("Only a signed or running lease gets a virtual account."), code="lease_status")
    taken = VirtualAccountAssignment.objects.filter(account=OuterRef("pk"), released_at__isnull=True)
    account = (VirtualAccount.objects.select_for_update(skip_locked=True)
               .filter(retired=False).exclude(Exists(taken)).order_by("id").first())
    if account is None:
        raise DomainError(_("The pool has no free virtual account. Load more accounts from the bank's list."),
                          code="pool_empty")
    return VirtualAccountAssignment.objects.create(account=account, lease=lease, assigned_by=actor)


def virtual_accounts_assign_live(*, actor=None) -> tuple[int, list[str]]:
    """Give every live lease without a virtual account one. Returns (assigned, refusals)."""
    from tenants.models import Lease

    holding = VirtualAccountAssignment.objects.filter(lease=OuterRef("pk"), released_at__isnull=True)
    lease_ids = list(Lease.objects.filter(status__in=_live_statuses()).exclude(Exists(holding))
                     .order_by("start_date", "pk").values_list("pk", flat=True))
    assigned, refusals = 0, []
    for lease_id in lease_ids:
        try:
            virtual_account_assign(lease_id=lease_id, actor=actor)
            assigned += 1
        except DomainError as error:
            refusals.append(str(error))
            if error.code == "pool_empty":
                break
    return assigned, refusals


def lease_unsettled_reason(*, lease) -> str | None:
    """Why the lease is not settled yet, or None: it has ended, nothing is outstanding on its invoices, no
    deposit is held, no refund is under way; and when the company has no other live lease, its account
    credit has been refunded (credit stays with a company only while a lease of it runs)."""
    from billing import selectors as billing_selectors
    from billing.models import OPEN_STATUSES, InvoiceKind
    from billing.services import company_credit_balance, deposit_balance
    from tenants.models import Lease, LeaseStatus

    from ..models import Refund, RefundSource
    from ..workflow import RefundStatus

    if lease.status not in (LeaseStatus.ENDED, LeaseStatus.TERMINATED):
        return _("The lease has not ended.")
    open_invoices = billing_selectors.invoice_list_for_company(company_id=lease.company_id).filter(
        lease_id=lease.pk, kind=InvoiceKind.INVOICE, status__in=OPEN_STATUSES)
    if any(i.outstanding_amount > 0 for i in open_invoices):
        return _("Invoices of the lease are still outstanding.")
    if deposit_balance(lease_id=lease.pk) > 0:
        return _("The deposit is still held.")
    under_way = Refund.objects.filter(status__in=[RefundStatus.REQUESTED, RefundStatus.APPROVED])
    if under_way.filter(lease=lease).exists():
        return _("A refund of the deposit is under way.")
    if Lease.objects.filter(company_id=lease.company_id, status__in=_live_statuses()).exclude(pk=lease.pk).exists():
        return None  # the company's credit stays with its running lease
    if under_way.filter(company_id=lease.company_id, source=RefundSource.ACCOUNT_CREDIT).exists():
        return _("A refund of the company's account credit is under way.")
    credit = company_credit_balance(company_id=lease.company_id)
    if credit > 0:
        return _("The company still holds %(amount)s won of account credit: refund it first.") % {
            "amount": f"{credit:,}"}
    return None


def lease_settled(*, lease) -> bool:
    """Ended and settled (`lease_unsettled_reason` gives none)."""
    return lease_unsettled_reason(lease=lease) is None


@transaction.atomic
def virtual_account_release(*, assignment_id: int, actor=None, now: dt.datetime | None = None
                            ) -> VirtualAccountAssignment:
    assignment = VirtualAccountAssignment.objects.select_for_update().select_related("lease").get(pk=assignment_id)
    if assignment.released_at is not None:
        return assignment
    reason = lease_unsettled_reason(lease=assignment.lease)
    if reason is not None:
        raise DomainError(_("The virtual account is kept: %(reason)s") % {"reason": reason}, code="not_settled")
    assignment.released_at = now or timezone.now()
    assignment.released_by = actor
    assignment.save(update_fields=["released_at", "released_by"])
    return assignment


def virtual_accounts_release_settled(*, actor=None) -> int:
    ids = list(VirtualAccountAssignment.objects.filter(released_at__isnull=True).values_list("pk", flat=True))
    released = 0
    for pk in ids:
        try:
            virtual_account_release(assignment_id=pk, actor=actor)
            released += 1
        except DomainError:
            continue
    return released

