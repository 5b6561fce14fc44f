"""Tenant companies, their teams and invitations, leases of units, room bookings and indicators.

Two rules the database holds itself (see migration 0002, PostgreSQL exclusion constraints):
a unit never has two leases with overlapping periods (terminated leases excepted), and a meeting
room never has two bookings that overlap in time (cancelled bookings excepted).
"""

import calendar
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.invitations import InvitationBase
from applications.models import AIField  # the same list as the application form
from portal.models import TimeStampedModel
from portal.providers.nts import BusinessStatus
from portal.validators import validate_business_registration_number, validate_phone
from premises.models import MeetingRoom, Unit
from premises.money import MoneyRule, MonthlyCharge, monthly_amount, monthly_charge

from .models_offers import OFFER_OPEN_STATUSES, Offer, OfferStatus  # noqa: F401 (one module of the app's models)
from .workflow import LEASE_WORKFLOW, LeaseStatus, RenewalStatus


def company_logo_path(instance: "Company", filename: str) -> str:
    """A generated name for the uploaded logo; its own (sanitized) name is kept in `logo_name`."""
    from portal.uploads import sanitize_filename, stored_name

    instance.logo_name = sanitize_filename(filename)[:255]
    return f"tenants/logos/{stored_name(filename)}"


class DesignatedProject(TimeStampedModel):
    """One of the special zone's designated projects (특화사업) in its plan (지역특화발전특구계획): the
    zone's special cases apply to work on them, and certificates name the project. Staff keep the list
    (the seeded names are placeholders the district confirms)."""

    name_ko = models.CharField(_("name (Korean)"), max_length=200, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    is_active = models.BooleanField(_("in the zone's plan"), default=True)

    class Meta:
        verbose_name = _("designated project (특화사업)")
        verbose_name_plural = _("designated projects (특화사업)")
        ordering = ["name_ko"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if (get_language() or "ko").startswith("en") and self.name_en:
            return self.name_en
        return self.name_ko


class Company(TimeStampedModel):
    # Public profile (shown in the tenant directory once published).
    name_ko = models.CharField(_("company name (Korean)"), max_length=200)
    name_en = models.CharField(_("company name (English)"), max_length=200, blank=True)
    business_registration_number = models.CharField(
        _("business registration number"), max_length=12, unique=True,
        validators=[validate_business_registration_number], help_text=_("XXX-XX-XXXXX"),
    )
    logo = models.ImageField(_("logo"), upload_to=company_logo_path, blank=True)
    logo_name = models.CharField(_("logo file name"), max_length=255, blank=True, editable=False)
    description_ko = models.TextField(_("short description (Korean)"), max_length=1000, blank=True)
    description_en = models.TextField(_("short description (English)"), max_length=1000, blank=True)
    ai_field = models.CharField(_("AI field"), max_length=30, choices=AIField.choices, default=AIField.OTHER)
    website = models.URLField(_("website"), blank=True)
    hiring_url = models.URLField(_("hiring page"), blank=True)
    is_published = models.BooleanField(
        _("published in the tenant directory"), default=False,
        help_text=_("Only the public part of the profile is shown."),
    )
    # Private part: members of the company and district staff only.
    # Registration data a tax invoice names (부가가치세법 §32), asked when the offer is accepted.
    representative = models.CharField(_("representative (대표자)"), max_length=100, blank=True)
    business_status = models.CharField(
        _("NTS business status"), max_length=20, choices=BusinessStatus.choices, blank=True, default="",
        editable=False, help_text=_("Checked monthly with the National Tax Service's business-status service."),
    )
    business_status_label = models.CharField(_("NTS answer"), max_length=200, blank=True, editable=False)
    business_checked_at = models.DateTimeField(_("NTS status checked at"), null=True, blank=True, editable=False)
    business_type = models.CharField(_("business type (업태)"), max_length=100, blank=True)
    business_item = models.CharField(_("business item (종목)"), max_length=100, blank=True)
    tax_invoice_email = models.EmailField(
        _("tax invoice e-mail"), blank=True, help_text=_("Where electronic tax invoices are sent."),
    )
    billing_contact_name = models.CharField(_("billing contact name"), max_length=100, blank=True)
    billing_contact_email = models.EmailField(_("billing contact e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    # Set by staff.
    designated_project = models.ForeignKey(
        DesignatedProject, verbose_name=_("designated project (특화사업)"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="companies",
        help_text=_("The zone's designated project the company carries out; exemption requests and their "
                    "certificates name it."),
    )
    room_quota_hours = models.PositiveSmallIntegerField(
        _("meeting-room hours per month"), default=20,
        help_text=_("How many hours of meeting rooms the company may book in one calendar month."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tenant company")
        verbose_name_plural = _("tenant companies")
        ordering = ["name_ko"]
        indexes = [
            # The public directory's pages, by name: read in order, not sorted; also what it counts.
            models.Index(fields=["name_ko"], condition=models.Q(is_published=True), name="company_directory"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if (get_language() or "ko").startswith("en") and self.name_en:
            return self.name_en
        return self.name_ko


class TeamRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    ADMIN = "admin", _("Administrator")
    MEMBER = "member", _("Member")


MANAGING_ROLES = (TeamRole.OWNER, TeamRole.ADMIN)


class TeamMembership(TimeStampedModel):
    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=TeamRole.choices, default=TeamRole.MEMBER)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["company", "role", "user__email"]
        constraints = [models.UniqueConstraint(fields=["company", "user"], name="membership_unique_user")]

    def __str__(self) -> str:
        return f"{self.user} · {self.company} ({self.get_role_display()})"

    @property
    def can_manage(self) -> bool:
        return self.role in MANAGING_ROLES


class Invitation(InvitationBase):
    """An invitation to join a company's team (accounts/invitations.py)."""

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(_("role"), max_length=10, choices=TeamRole.choices, default=TeamRole.MEMBER)

    class Meta(InvitationBase.Meta):
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.company}"


# Leases that hold their unit (they count for the occupancy map and for overlap).
LEASE_LIVE_STATUSES = (LeaseStatus.SIGNED, LeaseStatus.ACTIVE, LeaseStatus.ENDING)


class Lease(TimeStampedModel):
    company = models.ForeignKey(Company, verbose_name=_("company"), on_delete=models.PROTECT, related_name="leases")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="leases")
    status = models.CharField(
        _("status"), max_length=12, choices=LeaseStatus.choices, default=LeaseStatus.DRAFT, editable=False
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    area_pyeong = models.DecimalField(_("area (pyeong)"), max_digits=7, decimal_places=2)
    rent_per_pyeong = models.PositiveBigIntegerField(_("rent per pyeong per month (won)"))
    management_fee_per_pyeong = models.PositiveBigIntegerField(_("management fee per pyeong per month (won)"))
    deposit = models.PositiveBigIntegerField(_("deposit (won)"))
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True, editable=False)
    termination_reason = models.TextField(_("reason for early termination"), blank=True, editable=False)
    # Head-office relocation (본사 이전) into the center.
    relocation_deadline = models.DateField(_("head-office relocation deadline"))
    relocation_proof_path = models.CharField(
        _("new business registration certificate"), max_length=500, blank=True, editable=False,
        help_text=_("Path in the private storage."),
    )
    relocation_proof_name = models.CharField(
        _("file name of the certificate"), max_length=255, blank=True, editable=False
    )
    relocation_proof_uploaded_at = models.DateTimeField(
        _("proof uploaded at"), null=True, blank=True, editable=False
    )
    relocation_confirmed_at = models.DateTimeField(_("relocation confirmed at"), null=True, blank=True, editable=False)
    relocation_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("relocation confirmed by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+", editable=False,
    )
    transitions = GenericRelation("portal.StatusChange", related_query_name="lease")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lease")
        verbose_name_plural = _("leases")
        ordering = ["-start_date", "unit__code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")), name="lease_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.company} ({self.start_date:%Y-%m-%d}–{self.end_date:%Y-%m-%d})"

    @property
    def money_rule(self) -> MoneyRule:
        """The rounding of the lessor of the lease's building (premises.money)."""
        return self.unit.floor.building.lessor.money_rule

    @property
    def monthly_rent(self) -> int:
        """The rent of a full month, as the invoice of a full month bills it."""
        return monthly_amount(area_pyeong=self.area_pyeong, rate_per_pyeong=self.rent_per_pyeong, rule=self.money_rule)

    @property
    def monthly_management_fee(self) -> int:
        return monthly_amount(area_pyeong=self.area_pyeong, rate_per_pyeong=self.management_fee_per_pyeong,
                              rule=self.money_rule)

    def charge_for(self, *, year: int, month: int) -> MonthlyCharge:
        """The rent and management fee of one month (prorated by days), VAT and total: what its invoice bills."""
        return monthly_charge(
            area_pyeong=self.area_pyeong, rent_per_pyeong=self.rent_per_pyeong,
            fee_per_pyeong=self.management_fee_per_pyeong, start=self.start_date, end=self.end_date,
            year=year, month=month, rule=self.money_rule,
        )

    @property
    def allowed_transitions(self) -> tuple[str, ...]:
        return LEASE_WORKFLOW.allowed_targets(self.status)

    @property
    def relocation_state(self) -> str:
        if self.relocation_confirmed_at:
            return "confirmed"
        if self.relocation_proof_path:
            return "submitted"
        return "pending"


def default_lease_end(start):
    """The default term: two years, ending the day before the anniversary."""
    try:
        return start.replace(year=start.year + 2) - timedelta(days=1)
    except ValueError:  # 29 February
        return start.replace(year=start.year + 2, day=28)


def default_relocation_deadline(start):
    """One month after the start (the same day of the next month, or its last day)."""
    year, month = (start.year + 1, 1) if start.month == 12 else (start.year, start.month + 1)
    return start.replace(year=year, month=month, day=min(start.day, calendar.monthrange(year, month)[1]))


class LeaseRenewal(TimeStampedModel):
    """A tenant's request to renew its lease, decided by staff after a performance review."""

    lease = models.ForeignKey(Lease, verbose_name=_("lease"), on_delete=models.CASCADE, related_name="renewals")
    status = models.CharField(
        _("status"), max_length=10, choices=RenewalStatus.choices, default=RenewalStatus.REQUESTED, editable=False
    )
    term_months = models.PositiveSmallIntegerField(
        _("requested term"), choices=[(12, _("1 year")), (24, _("2 years")), (36, _("3 years"))], default=24
    )
    note = models.TextField(_("note from the tenant"), max_length=2000, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.SET_NULL, null=True,
        related_name="+", editable=False,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", editable=False,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    decision_reason = models.TextField(_("performance review and reason"), blank=True, editable=False)
    new_lease = models.OneToOneField(
        Lease, verbose_name=_("renewed lease"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="renewed_from", editable=False,
    )
    transitions = GenericRelation("portal.StatusChange", related_query_name="lease_renewal")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lease renewal")
        verbose_name_plural = _("lease renewals")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["lease"], condition=models.Q(status="requested"), name="leaserenewal_one_open_per_lease"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lease} → {self.get_status_display()}"


class RelocationReminder(models.Model):
    """One reminder of the head-office relocation deadline; the unique pair makes each one go out once."""

    lease = models.ForeignKey(
        Lease, verbose_name=_("lease"), on_delete=models.CASCADE, related_name="relocation_reminders"
    )
    days_before = models.PositiveSmallIntegerField(_("days before the deadline"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("relocation reminder")
        verbose_name_plural = _("relocation reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["lease", "days_before"], name="relocationreminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.lease_id} D-{self.days_before}"


class Booking(TimeStampedModel):
    """A meeting-room booking of whole 30-minute slots."""

    room = models.ForeignKey(MeetingRoom, verbose_name=_("room"), on_delete=models.PROTECT, related_name="bookings")
    company = models.ForeignKey(Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="bookings")
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("booked by"), on_delete=models.SET_NULL, null=True,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cancelled by"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )

    class Meta:
        verbose_name = _("meeting-room booking")
        verbose_name_plural = _("meeting-room bookings")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="booking_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["company", "starts_at"])]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.room} {local:%Y-%m-%d %H:%M}"

    @property
    def hours(self) -> Decimal:
        return Decimal((self.ends_at - self.starts_at).total_seconds()) / 3600


class PerformanceReport(TimeStampedModel):
    """The half-yearly indicators a tenant reports (the district reports them upward)."""

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="performance_reports"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2024), MaxValueValidator(2100)])
    half = models.PositiveSmallIntegerField(
        _("half-year"), choices=[(1, _("First half (January–June)")), (2, _("Second half (July–December)"))]
    )
    employees = models.PositiveIntegerField(_("employees"))
    foreign_employees = models.PositiveIntegerField(_("foreign employees"))
    revenue = models.PositiveBigIntegerField(_("revenue (won)"))
    investment = models.PositiveBigIntegerField(_("investment attracted (won)"))
    patents_filed = models.PositiveIntegerField(_("patents filed"))
    patents_granted = models.PositiveIntegerField(_("patents granted"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.SET_NULL, null=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("performance report")
        verbose_name_plural = _("performance reports")
        ordering = ["-year", "-half", "company__name_ko"]
        constraints = [
            models.UniqueConstraint(fields=["company", "year", "half"], name="performancereport_once_per_half"),
            models.CheckConstraint(
                condition=models.Q(foreign_employees__lte=models.F("employees")),
                name="performancereport_foreign_within_employees",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company} {self.year} H{self.half}"

    @property
    def period_label(self) -> str:
        return f"{self.year} H{self.half}"


class PerformancePeriod(models.Model):
    """The due date of a half-year's indicator report; tenants that have not reported are reminded on it and
    again OUTREACH_INDICATOR_OVERDUE_DAYS later (outreach's reminders)."""

    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2024), MaxValueValidator(2100)])
    half = models.PositiveSmallIntegerField(_("half-year"), choices=PerformanceReport._meta.get_field("half").choices)
    due_on = models.DateField(_("report due on"))

    class Meta:
        verbose_name = _("indicator reporting period")
        verbose_name_plural = _("indicator reporting periods")
        ordering = ["-year", "-half"]
        constraints = [models.UniqueConstraint(fields=["year", "half"], name="performanceperiod_once_per_half")]

    def __str__(self) -> str:
        return f"{self.year} H{self.half}"

    @property
    def ends_on(self) -> date:
        """The last day of the half-year reported on."""
        return date(self.year, 6, 30) if self.half == 1 else date(self.year, 12, 31)


class UnitOccupancy(Unit):
    """The occupancy map of the admin (a view of the units; no table of its own)."""

    class Meta:
        proxy = True
        verbose_name = _("occupancy map")
        verbose_name_plural = _("occupancy map")

