"""Late charges (연체료) and deemed rent (간주임대료): the lessor's late-charge policy with its rate bands, the
late charge of an overdue invoice with one row per day of delay, and the NTS interest rate for deemed rent.

Invariants the database holds: one policy per lessor, one band per starting month, one late charge per
invoice, one row per late charge and day (so a rerun of the daily accrual adds nothing), one NTS rate per
starting date. See docs/billing.md, "Late charges" and "Deemed rent".
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import TimeStampedModel

from .workflow_late import LateChargeStatus

# Annual rates by months of delay, as the national-property rules set them (국유재산법 시행령 §72;
# 공유재산법 시행령 §80 follows them): under 1 month 7%, 1–3 months 8%, 3–6 months 9%, 6 months or more 10%.
DEFAULT_BANDS = ((0, Decimal("7")), (1, Decimal("8")), (3, Decimal("9")), (6, Decimal("10")))
DEFAULT_CAP_MONTHS = 60
PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class LateChargePolicy(TimeStampedModel):
    """How a lessor charges late payment: rate bands by length of delay, a cap, the day basis and VAT."""

    lessor = models.OneToOneField("premises.Lessor", verbose_name=_("lessor"), on_delete=models.CASCADE,
                                  related_name="late_charge_policy")
    active = models.BooleanField(_("charge late payment"), default=True,
                                 help_text=_("Unticked, no late charge accrues on this lessor's invoices."))
    cap_months = models.PositiveSmallIntegerField(
        _("cap (months of delay)"), default=DEFAULT_CAP_MONTHS, validators=[MinValueValidator(1)],
        help_text=_("No late charge accrues for days beyond this many months after the due date."))
    day_basis = models.PositiveSmallIntegerField(
        _("days in a year"), default=365, validators=[MinValueValidator(360), MaxValueValidator(366)],
        help_text=_("The annual rate is divided by this number for each day."))
    vatable = models.BooleanField(
        _("VAT on the late charge"), default=False,
        help_text=_("Late charges are damages, outside VAT, unless the district decides otherwise."))

    class Meta:
        verbose_name = _("late-charge policy")
        verbose_name_plural = _("late-charge policies")

    def __str__(self) -> str:
        return str(self.lessor)


class LateChargeBand(models.Model):
    policy = models.ForeignKey(LateChargePolicy, verbose_name=_("policy"), on_delete=models.CASCADE,
                               related_name="bands")
    from_month = models.PositiveSmallIntegerField(
        _("from month of delay"), help_text=_("0 for the first day after the due date, 1 from one month late, …"))
    annual_rate = models.DecimalField(_("rate (% a year)"), max_digits=6, decimal_places=3, validators=PERCENT)

    class Meta:
        verbose_name = _("rate band")
        verbose_name_plural = _("rate bands")
        ordering = ["policy", "from_month"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "from_month"], name="latechargeband_once_per_month"),
            models.CheckConstraint(condition=models.Q(annual_rate__gte=0, annual_rate__lte=100),
                                   name="latechargeband_rate_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.from_month}+ {self.annual_rate}%"


class LateCharge(TimeStampedModel):
    """The late charge of one overdue invoice: its days (LateChargeDay) and its status (workflow_late.py)."""

    invoice = models.OneToOneField("billing.Invoice", verbose_name=_("invoice"), on_delete=models.PROTECT,
                                   related_name="late_charge")
    status = models.CharField(_("status"), max_length=10, choices=LateChargeStatus.choices,
                              default=LateChargeStatus.ACCRUING)
    accrued_through = models.DateField(_("accrued through"), null=True, blank=True)
    status_changes = GenericRelation("portal.StatusChange", related_query_name="late_charge")

    class Meta:
        verbose_name = _("late charge")
        verbose_name_plural = _("late charges")
        ordering = ["-invoice__due_on", "invoice__number"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.invoice} · {self.get_status_display()}"


class LateChargeDay(models.Model):
    """One day of delay: the unpaid amount that day and the band's rate. The won amount of a set of days is
    Σ(base × rate) ÷ (100 × day basis), rounded once by the lessor's rule when billed."""

    charge = models.ForeignKey(LateCharge, verbose_name=_("late charge"), on_delete=models.CASCADE,
                               related_name="days")
    day = models.DateField(_("day"))
    base = models.BigIntegerField(_("unpaid amount (won)"))
    annual_rate = models.DecimalField(_("rate (% a year)"), max_digits=6, decimal_places=3)
    billed_in = models.ForeignKey("billing.Invoice", verbose_name=_("billed in"), on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="late_charge_days_billed")
    waived = models.BooleanField(_("waived"), default=False)

    class Meta:
        verbose_name = _("day of late charge")
        verbose_name_plural = _("days of late charge")
        ordering = ["charge", "day"]
        constraints = [
            models.UniqueConstraint(fields=["charge", "day"], name="latechargeday_once_per_day"),
            models.CheckConstraint(condition=models.Q(base__gt=0), name="latechargeday_base_positive"),
        ]
        indexes = [models.Index(fields=["billed_in", "waived"])]

    def __str__(self) -> str:
        return f"{self.charge_id} {self.day} {self.base} × {self.annual_rate}%"


class DeemedRentRate(models.Model):
    """The interest rate the NTS publishes for deemed rent on deposits (부가가치세법 시행규칙 §47), from a date."""

    valid_from = models.DateField(_("applies from"), unique=True)
    annual_rate = models.DecimalField(_("rate (% a year)"), max_digits=6, decimal_places=3, validators=PERCENT)
    note = models.CharField(_("source"), max_length=200, blank=True,
                            help_text=_("The rule or notice that sets the rate."))

    class Meta:
        verbose_name = _("deemed-rent interest rate")
        verbose_name_plural = _("deemed-rent interest rates")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.valid_from}: {self.annual_rate}%"
