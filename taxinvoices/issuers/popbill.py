"""Popbill (an ASP of the NTS e-tax-invoice system) through its SDK: issue (registIssue), send to the NTS,
check the NTS's answer (getInfo), cancel an issue. The SDK comes from portal.providers.popbill."""

from __future__ import annotations

import http.client
import socket

from django.conf import settings
from django.utils.translation import gettext as _

from portal.providers.popbill import popbill_configured, popbill_service

from ..models import Issuer, TaxInvoice, TaxInvoiceKind, approval_number_format
from . import IssuerRefused, IssuerUnavailable, NtsAnswer

MGT_KEY_TYPE = "SELL"  # the supplier's document (매출)
# Popbill's state codes of an issued tax invoice (stateCode, TaxinvoiceInfo): 3xx issued, the last two
# digits the NTS transmission; 6xx cancelled.
STATE_ACCEPTED = {304}
STATE_FAILED = {305}
STATE_CANCELLED = {600}
NETWORK_ERRORS = (OSError, socket.timeout, http.client.HTTPException)


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _call(function, *args):
    from popbill import PopbillException

    try:
        return function(*args)
    except PopbillException as exc:  # an answer of Popbill's: the same request would be refused again
        raise IssuerRefused(_("Popbill refused: %(message)s (%(code)s)") % {"message": exc.message, "code": exc.code},
                            code="popbill") from exc
    except NETWORK_ERRORS as exc:
        raise IssuerUnavailable(f"Popbill unreachable: {exc}") from exc


def taxinvoice_document(tax_invoice: TaxInvoice, *, original_approval: str = ""):
    """The SDK's Taxinvoice object: the NTS standard's fields, from our snapshot."""
    from popbill import Taxinvoice, TaxinvoiceDetail

    items = list(tax_invoice.items.all())
    document = Taxinvoice(
        writeDate=tax_invoice.write_date.strftime("%Y%m%d"), chargeDirection="정과금", issueType="정발행",
        purposeType="청구", taxType="과세",
        invoicerCorpNum=_digits(tax_invoice.supplier_brn), invoicerMgtKey=tax_invoice.mgt_key,
        invoicerCorpName=tax_invoice.supplier_name, invoicerCEOName=tax_invoice.supplier_representative,
        invoicerAddr=tax_invoice.supplier_address, invoicerBizType=tax_invoice.supplier_business_type,
        invoicerBizClass=tax_invoice.supplier_business_item, invoicerEmail=tax_invoice.supplier_email,
        invoiceeType="사업자", invoiceeCorpNum=_digits(tax_invoice.recipient_brn),
        invoiceeCorpName=tax_invoice.recipient_name, invoiceeCEOName=tax_invoice.recipient_representative,
        invoiceeAddr=tax_invoice.recipient_address, invoiceeBizType=tax_invoice.recipient_business_type,
        invoiceeBizClass=tax_invoice.recipient_business_item, invoiceeEmail1=tax_invoice.recipient_email,
        supplyCostTotal=str(tax_invoice.supply), taxTotal=str(tax_invoice.vat), totalAmount=str(tax_invoice.total),
        remark1=tax_invoice.remark,
        detailList=[TaxinvoiceDetail(
            serialNum=n, purchaseDT=item.supplied_on.strftime("%Y%m%d"), itemName=item.name, spec=item.spec,
            qty="" if item.quantity is None else f"{item.quantity.normalize():f}",
            unitCost="" if item.unit_price is None else str(item.unit_price),
            supplyCost=str(item.supply), tax=str(item.vat), remark=item.remark,
        ) for n, item in enumerate(items, start=1)],
    )
    if tax_invoice.kind == TaxInvoiceKind.MODIFIED:
        document.modifyCode = int(tax_invoice.modify_code)
        document.orgNTSConfirmNum = original_approval.replace("-", "")
    return document


class PopbillIssuer:
    name = Issuer.POPBILL
    automatic = True

    def available(self) -> str:
        if not popbill_configured():
            return _("Popbill is off: POPBILL_LINK_ID, POPBILL_SECRET_KEY and POPBILL_CORP_NUM are not set.")
        return ""

    def _service(self):
        from popbill import TaxinvoiceService

        if self.available():
            raise IssuerRefused(self.available(), code="popbill_off")
        return popbill_service(TaxinvoiceService)

    def _corp_num(self, tax_invoice: TaxInvoice) -> str:
        corp_num = _digits(settings.POPBILL_CORP_NUM)
        if _digits(tax_invoice.supplier_brn) != corp_num:
            raise IssuerRefused(
                _("Popbill acts for the registration number %(popbill)s, not for this lessor's %(lessor)s.")
                % {"popbill": corp_num, "lessor": tax_invoice.supplier_brn}, code="popbill_corp")
        return corp_num

    def issue(self, tax_invoice: TaxInvoice) -> str:
        original = tax_invoice.original.approval_number if tax_invoice.original_id else ""
        response = _call(self._service().registIssue, self._corp_num(tax_invoice),
                         taxinvoice_document(tax_invoice, original_approval=original))
        return approval_number_format(getattr(response, "ntsConfirmNum", "") or "")

    def send(self, tax_invoice: TaxInvoice) -> None:
        _call(self._service().sendToNTS, self._corp_num(tax_invoice), MGT_KEY_TYPE, tax_invoice.mgt_key)

    def check(self, tax_invoice: TaxInvoice) -> NtsAnswer:
        info = _call(self._service().getInfo, self._corp_num(tax_invoice), MGT_KEY_TYPE, tax_invoice.mgt_key)
        code = int(getattr(info, "stateCode", 0) or 0)
        approval = approval_number_format(getattr(info, "ntsconfirmNum", "") or "")
        if code in STATE_ACCEPTED:
            return NtsAnswer("accepted", approval)
        if code in STATE_FAILED:
            return NtsAnswer("failed", approval, str(getattr(info, "ntssendErrCode", "") or code))
        if code in STATE_CANCELLED:
            return NtsAnswer("cancelled", approval)
        return NtsAnswer("pending", approval)

    def cancel(self, tax_invoice: TaxInvoice, reason: str) -> None:
        _call(self._service().cancelIssue, self._corp_num(tax_invoice), MGT_KEY_TYPE, tax_invoice.mgt_key, reason)
