"""GPU support: capacity pools per period, allocations of GPU-hours to selected applications with their
adjustments, and monthly usage (reported by the grantee or imported from the compute operator's file); status
changes are portal.StatusChange, the reminders sent outreach.SentReminder (compute/reminders.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Outcome
from portal.models import TimeStampedModel

from .workflow import ALLOCATION_OPEN_STATUSES, AllocationStatus

HOURS = {"max_digits": 9, "decimal_places": 2}


def month_first(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_next(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def month_range(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first days of the months from `first`'s month to `last`'s month, both included."""
    months, month = [], month_first(first)
    while month <= last:
        months.append(month)
        month = month_next(month)
    return months


class CapacityPool(TimeStampedModel):
    """GPUs of one type that a GPU programme offers over a period, as GPU-hours each month."""

    programme = models.ForeignKey(
        "applications.Programme", verbose_name=_("programme"), on_delete=models.PROTECT, related_name="gpu_pools",
        limit_choices_to={"outcome": Outcome.GPU_ALLOCATION},
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("For example 2026 H100 pool."))
    gpu_type = models.CharField(_("GPU type"), max_length=100, help_text=_("For example NVIDIA H100 80GB."))
    gpu_count = models.PositiveSmallIntegerField(_("number of GPUs"), validators=[MinValueValidator(1)])
    hours_per_month = models.PositiveIntegerField(
        _("GPU-hours per month"), validators=[MinValueValidator(1)],
        help_text=_("What the pool offers each month, e.g. 8 GPUs × 720 hours = 5,760."),
    )
    starts_on = models.DateField(_("period starts on"), help_text=_("Its month is the pool's first month."))
    ends_on = models.DateField(_("period ends on"), help_text=_("Its month is the pool's last month."))

    class Meta:
        verbose_name = _("GPU capacity pool")
        verbose_name_plural = _("GPU capacity pools")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="capacitypool_period"),
            models.CheckConstraint(condition=Q(hours_per_month__gt=0), name="capacitypool_hours"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.gpu_type} × {self.gpu_count})"

    @property
    def months(self) -> list[dt.date]:
        return month_range(self.starts_on, self.ends_on)


class Allocation(TimeStampedModel):
    """GPU-hours per month for a term, given from a pool to a selected application of a GPU programme.
    Written only by compute.services; the grantee (the applicant, and the members of the tenant company
    with the application's registration number) sees it and reports usage."""

    number = models.CharField(_("number"), max_length=20, unique=True, editable=False)
    pool = models.ForeignKey(CapacityPool, verbose_name=_("pool"), on_delete=models.PROTECT,
                             related_name="allocations")
    application = models.ForeignKey("applications.Application", verbose_name=_("application"),
                                    on_delete=models.PROTECT, related_name="gpu_allocations")
    company = models.ForeignKey(
        "tenants.Company", verbose_name=_("tenant company"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="gpu_allocations", editable=False,
        help_text=_("The tenant company with the application's registration number; its members see the "
                    "allocation."),
    )
    hours_per_month = models.PositiveIntegerField(_("GPU-hours per month"), validators=[MinValueValidator(1)])
    starts_on = models.DateField(_("term starts on"))
    ends_on = models.DateField(_("term ends on"))
    status = models.CharField(_("status"), max_length=12, choices=AllocationStatus.choices,
                              default=AllocationStatus.PROPOSED, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+", editable=False)
    transitions = GenericRelation("portal.StatusChange", related_query_name="gpu_allocation")

    class Meta:
        verbose_name = _("GPU allocation")
        verbose_name_plural = _("GPU allocations")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="allocation_term"),
            models.CheckConstraint(condition=Q(hours_per_month__gt=0), name="allocation_hours"),
            models.UniqueConstraint(fields=["application"], condition=Q(status__in=ALLOCATION_OPEN_STATUSES),
                                    name="allocation_one_open_per_application"),
        ]
        indexes = [models.Index(fields=["status", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.number} {self.application.company_name_ko}"

    @property
    def months(self) -> list[dt.date]:
        return month_range(self.starts_on, self.ends_on)

    @property
    def total_hours(self) -> int:
        return self.hours_per_month * len(self.months)


class Adjustment(models.Model):
    """A change staff made to an allocation's hours or term: who, when, from, to and why."""

    allocation = models.ForeignKey(Allocation, verbose_name=_("GPU allocation"), on_delete=models.CASCADE,
                                   related_name="adjustments")
    hours_from = models.PositiveIntegerField(_("GPU-hours per month before"))
    hours_to = models.PositiveIntegerField(_("GPU-hours per month after"))
    ends_from = models.DateField(_("term ended on before"))
    ends_to = models.DateField(_("term ends on after"))
    reason = models.TextField(_("reason"), max_length=2000)
    adjusted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("adjusted by"),
                                    on_delete=models.SET_NULL, null=True, related_name="+")
    adjusted_at = models.DateTimeField(_("adjusted at"), default=timezone.now)

    class Meta:
        verbose_name = _("adjustment")
        verbose_name_plural = _("adjustments (who, when, from, to, why)")
        ordering = ["allocation", "adjusted_at", "id"]

    def __str__(self) -> str:
        return f"{self.allocation_id}: {self.hours_from} → {self.hours_to}"


class UsageSource(models.TextChoices):
    GRANTEE = "grantee", _("Reported by the grantee")
    IMPORT = "import", _("Imported from the operator's file")


class UsageImport(models.Model):
    """A usage file of the compute operator, imported whole (every row valid) or not at all; the same file
    (by its SHA-256) is never imported twice."""

    filename = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    rows = models.PositiveIntegerField(_("rows"))
    hours = models.DecimalField(_("GPU-hours"), **HOURS)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("imported by"),
                                    on_delete=models.SET_NULL, null=True, related_name="+")
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)

    class Meta:
        verbose_name = _("usage import")
        verbose_name_plural = _("usage imports")
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return self.filename


class UsageReport(models.Model):
    """GPU-hours used in one month of an allocation; a month's reports add up and never exceed its hours."""

    allocation = models.ForeignKey(Allocation, verbose_name=_("GPU allocation"), on_delete=models.PROTECT,
                                   related_name="usage_reports")
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    hours = models.DecimalField(_("GPU-hours"), validators=[MinValueValidator(Decimal("0.01"))], **HOURS)
    source = models.CharField(_("source"), max_length=10, choices=UsageSource.choices)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reported by"),
                                    on_delete=models.SET_NULL, null=True, related_name="+")
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    usage_import = models.ForeignKey(UsageImport, verbose_name=_("usage import"), on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="reports")

    class Meta:
        verbose_name = _("usage report")
        verbose_name_plural = _("usage reports")
        ordering = ["-month", "-reported_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="usagereport_hours"),
            models.CheckConstraint(condition=Q(month__day=1), name="usagereport_month_first_day"),
        ]
        indexes = [models.Index(fields=["allocation", "month"])]

    def __str__(self) -> str:
        return f"{self.allocation_id} {self.month:%Y-%m}: {self.hours}"
