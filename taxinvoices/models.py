"""Electronic tax invoices (전자세금계산서): one per issued invoice, a modified one (수정세금계산서) per credit
note on an invoice whose tax invoice was issued; the Hometax bulk file's column map.

A tax invoice is a snapshot of what the VAT Act §32 requires (both parties' registration data, the date
of writing, supply value and VAT, items) taken when the invoice is issued; only its status, approval
number and the issuer's answers change afterwards, through taxinvoices.services.
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import TimeStampedModel
from portal.templatetags.portal_tags import format_won

from .workflow import TaxInvoiceStatus


class ModifyReason(models.IntegerChoices):
    """수정사유 of a modified tax invoice (부가가치세법 시행령 §70; the NTS codes 1–6)."""

    ENTRY_ERROR = 1, _("1 Error in an entry (기재사항 착오·정정)")
    SUPPLY_CHANGED = 2, _("2 Change of the supply value (공급가액 변동)")
    RETURNED = 3, _("3 Goods returned (환입)")
    CONTRACT_CANCELLED = 4, _("4 Contract cancelled (계약의 해제)")
    LOCAL_LC = 5, _("5 Local letter of credit opened later (내국신용장 사후개설)")
    DUPLICATE = 6, _("6 Issued twice by mistake (착오에 의한 이중발급)")


def approval_number_format(text) -> str:
    """The NTS's approval number as 8-8-8 digits with hyphens, however it was written; other text as it is."""
    text = str(text or "").strip()
    digits = "".join(ch for ch in text if ch.isdigit())
    return f"{digits[:8]}-{digits[8:16]}-{digits[16:]}" if len(digits) == 24 else text


class TaxInvoiceKind(models.TextChoices):
    NORMAL = "normal", _("Tax invoice")
    MODIFIED = "modified", _("Modified tax invoice")


class Issuer(models.TextChoices):
    HOMETAX = "hometax", _("Hometax bulk file")
    POPBILL = "popbill", _("Popbill")


class TaxInvoice(TimeStampedModel):
    invoice = models.ForeignKey("billing.Invoice", verbose_name=_("invoice or credit note"),
                                on_delete=models.PROTECT, related_name="tax_invoices")
    company = models.ForeignKey("tenants.Company", verbose_name=_("company"), on_delete=models.PROTECT,
                                related_name="tax_invoices")
    lessor = models.ForeignKey("premises.Lessor", verbose_name=_("lessor"), on_delete=models.PROTECT,
                               related_name="tax_invoices")
    kind = models.CharField(_("kind"), max_length=10, choices=TaxInvoiceKind.choices, default=TaxInvoiceKind.NORMAL)
    original = models.ForeignKey("self", verbose_name=_("modifies"), on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="modifications")
    modify_code = models.PositiveSmallIntegerField(_("reason code (수정사유)"), choices=ModifyReason.choices,
                                                   null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year billed"))
    month = models.PositiveSmallIntegerField(_("month billed"))
    write_date = models.DateField(_("date of writing (작성일자)"),
                                  help_text=_("The date of supply: the payment's due date for continuous rental."))
    # Supplier (공급자): the lessor as it was on the day of issue.
    supplier_brn = models.CharField(_("supplier's registration number"), max_length=12)
    supplier_name = models.CharField(_("supplier's name"), max_length=200)
    supplier_representative = models.CharField(_("supplier's representative"), max_length=100)
    supplier_address = models.CharField(_("supplier's address"), max_length=300)
    supplier_business_type = models.CharField(_("supplier's business type"), max_length=100, blank=True)
    supplier_business_item = models.CharField(_("supplier's business item"), max_length=100, blank=True)
    supplier_email = models.CharField(_("supplier's e-mail"), max_length=254, blank=True)
    # Recipient (공급받는자): the company as it was on the day of issue.
    recipient_brn = models.CharField(_("recipient's registration number"), max_length=12)
    recipient_name = models.CharField(_("recipient's name"), max_length=200)
    recipient_representative = models.CharField(_("recipient's representative"), max_length=100, blank=True)
    recipient_address = models.CharField(_("recipient's address"), max_length=300, blank=True)
    recipient_business_type = models.CharField(_("recipient's business type"), max_length=100, blank=True)
    recipient_business_item = models.CharField(_("recipient's business item"), max_length=100, blank=True)
    recipient_email = models.CharField(_("recipient's tax-invoice e-mail"), max_length=254, blank=True)
    supply = models.BigIntegerField(_("supply value (won)"))
    vat = models.BigIntegerField(_("VAT (won)"))
    total = models.BigIntegerField(_("total (won)"))
    remark = models.CharField(_("remark"), max_length=150, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=TaxInvoiceStatus.choices,
                              default=TaxInvoiceStatus.DRAFT, editable=False)
    issuer = models.CharField(_("issued through"), max_length=10, choices=Issuer.choices, blank=True)
    mgt_key = models.CharField(_("document key"), max_length=24, unique=True,
                               help_text=_("Our number of the document at the issuer (문서번호)."))
    approval_number = models.CharField(_("approval number (승인번호)"), max_length=30, blank=True,
                                       help_text=_("24 digits, shown as YYYYMMDD-XXXXXXXX-XXXXXXXX."))
    nts_result = models.CharField(_("the NTS's answer"), max_length=300, blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    checked_at = models.DateTimeField(_("last checked at the issuer"), null=True, blank=True)
    transitions = GenericRelation("portal.StatusChange", related_query_name="tax_invoice")

    class Meta:
        verbose_name = _("tax invoice")
        verbose_name_plural = _("tax invoices")
        ordering = ["-year", "-month", "mgt_key"]
        constraints = [
            # One live tax invoice per invoice or credit note; a cancelled draft is replaced by a new one.
            models.UniqueConstraint(fields=["invoice"], condition=~models.Q(status="cancelled"),
                                    name="taxinvoice_one_live_per_invoice"),
            models.UniqueConstraint(fields=["approval_number"], condition=~models.Q(approval_number=""),
                                    name="taxinvoice_approval_number_unique"),
            models.CheckConstraint(
                condition=models.Q(kind="normal", original__isnull=True, modify_code__isnull=True)
                | models.Q(kind="modified", original__isnull=False, modify_code__isnull=False),
                name="taxinvoice_modified_refers_to_original",
            ),
        ]
        indexes = [models.Index(fields=["lessor", "year", "month"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.mgt_key

    @property
    def period(self) -> str:
        return f"{self.year}-{self.month:02d}"


class TaxInvoiceItem(models.Model):
    tax_invoice = models.ForeignKey(TaxInvoice, verbose_name=_("tax invoice"), on_delete=models.CASCADE,
                                    related_name="items")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    supplied_on = models.DateField(_("date"))
    name = models.CharField(_("item"), max_length=100)
    spec = models.CharField(_("specification"), max_length=100, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=9, decimal_places=2, null=True, blank=True)
    unit_price = models.BigIntegerField(_("unit price (won)"), null=True, blank=True)
    supply = models.BigIntegerField(_("supply value (won)"))
    vat = models.BigIntegerField(_("VAT (won)"))
    remark = models.CharField(_("remark"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("tax-invoice item")
        verbose_name_plural = _("tax-invoice items")
        ordering = ["tax_invoice", "position"]

    def __str__(self) -> str:
        return f"{self.name} {format_won(self.supply)}"


class HometaxFile(models.TextChoices):
    ISSUE = "issue", _("Bulk-issue file (we write it)")
    RESULT = "result", _("Result file (Hometax writes it)")


class HometaxColumn(models.Model):
    """One column of a Hometax Excel file: where it is and what fills it (or, in the result file, what we read
    from it). Staff correct the map here when Hometax changes its form (docs/billing.md)."""

    file = models.CharField(_("file"), max_length=10, choices=HometaxFile.choices)
    position = models.PositiveSmallIntegerField(_("column (1 = A)"))
    header = models.CharField(_("header as Hometax prints it"), max_length=100)
    source = models.CharField(
        _("value"), max_length=40, blank=True,
        help_text=_("The field written in this column (see the list in docs/billing.md); empty leaves it blank. "
                    "In the result file: the field read from it."),
    )
    required = models.BooleanField(_("required"), default=False)
    verified = models.BooleanField(_("verified against an official source"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Hometax column")
        verbose_name_plural = _("Hometax columns")
        ordering = ["file", "position"]
        constraints = [
            models.UniqueConstraint(fields=["file", "position"], name="hometaxcolumn_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.get_file_display()} {self.position}: {self.header}"
