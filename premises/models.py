"""The physical center: sites of the special zone, their buildings, floors and office units."""

from datetime import time
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.formatting import format_area
from portal.models import TimeStampedModel
from portal.storage import private_storage
from portal.uploads import validate_upload
from portal.validators import (
    format_business_registration_number,
    format_phone,
    validate_business_registration_number,
    validate_phone,
)

from .money import MoneyRule, RoundingMode, RoundingUnit, percent_of

M2_PER_PYEONG = Decimal("3.305785")


class BilingualNameMixin:
    """Objects with name_ko / name_en show the name of the active language."""

    @property
    def name(self) -> str:
        if (get_language() or "ko").startswith("en") and getattr(self, "name_en", ""):
            return self.name_en
        return self.name_ko


class Site(BilingualNameMixin, TimeStampedModel):
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), unique=True)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name_ko"]

    def __str__(self) -> str:
        return self.name


MAX_SEAL_BYTES = 512 * 1024


def lessor_seal_path(instance: "Lessor", filename: str) -> str:
    """A generated name in the private storage; the uploaded name is never used as a path."""
    from portal.uploads import stored_name

    return f"premises/seals/{stored_name(filename)}"


class Lessor(TimeStampedModel):
    """The lessor (임대인) and supplier (공급자) named on bills and tax invoices: the district, or the
    operator it appoints. Its bank account receives the payments; its money rule rounds every amount."""

    name = models.CharField(_("legal name"), max_length=200, default="서울특별시 서초구",
                            help_text=_("The district, or the operator it appoints."))
    business_registration_number = models.CharField(
        _("business registration number"), max_length=12, validators=[validate_business_registration_number],
        help_text=_("XXX-XX-XXXXX"),
    )
    representative = models.CharField(_("representative"), max_length=100, default="서울특별시 서초구청장",
                                      help_text=_("대표자, as registered."))
    address = models.CharField(_("road-name address"), max_length=300)
    business_type = models.CharField(_("business type (업태)"), max_length=100, blank=True)
    business_item = models.CharField(_("business item (종목)"), max_length=100, blank=True)
    department = models.CharField(_("department in charge"), max_length=100, blank=True)
    phone = models.CharField(_("contact phone"), max_length=20, blank=True, validators=[validate_phone])
    email = models.EmailField(_("contact e-mail"), blank=True)
    bank_name = models.CharField(_("bank for payments"), max_length=100, blank=True)
    bank_account_number = models.CharField(_("account number"), max_length=50, blank=True)
    bank_account_holder = models.CharField(_("account holder"), max_length=100, blank=True)
    seal = models.FileField(
        _("seal image (직인)"), upload_to=lessor_seal_path, storage=private_storage, max_length=500, blank=True,
        validators=[validate_upload(allowed_formats=["png", "jpeg"], max_bytes=MAX_SEAL_BYTES)],
        help_text=_("PNG or JPG, up to 512 KB; printed on bills beside the lessor's name."),
    )
    rounding_unit = models.PositiveSmallIntegerField(
        _("rounding unit"), choices=RoundingUnit.choices, default=RoundingUnit.WON_1,
        help_text=_("Amounts are whole multiples of this unit (10 won where revenue rules drop amounts under 10 won)."),
    )
    rounding_mode = models.CharField(
        _("rounding"), max_length=10, choices=RoundingMode.choices, default=RoundingMode.TRUNCATE,
        help_text=_("How rent, management fees and VAT are rounded to the unit."),
    )

    class Meta:
        verbose_name = _("lessor")
        verbose_name_plural = _("lessors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.business_registration_number = format_business_registration_number(self.business_registration_number)
        self.phone = format_phone(self.phone)

    @property
    def money_rule(self) -> MoneyRule:
        return MoneyRule(unit=self.rounding_unit, mode=self.rounding_mode)

    @property
    def bank_account(self) -> str:
        """Bank, number and holder on one line, e.g. "우리은행 1005-804-114114 (서울특별시 서초구청)"."""
        text = " ".join(p for p in (self.bank_name, self.bank_account_number) if p)
        if self.bank_account_holder:
            text = f"{text} ({self.bank_account_holder})" if text else self.bank_account_holder
        return text


class Building(BilingualNameMixin, TimeStampedModel):
    site = models.ForeignKey(Site, verbose_name=_("site"), on_delete=models.PROTECT, related_name="buildings")
    lessor = models.ForeignKey(
        Lessor, verbose_name=_("lessor"), on_delete=models.PROTECT, related_name="buildings",
        help_text=_("Named on the bills of the building's leases; its account receives the payments."),
    )
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    address_ko = models.CharField(_("road-name address (Korean)"), max_length=300)
    address_en = models.CharField(_("address (English)"), max_length=300, blank=True)
    floors_above_ground = models.PositiveSmallIntegerField(_("floors above ground"), default=9)
    # Figures that leases and billing take as defaults; staff edit them in the admin. Whole won.
    market_rent_per_pyeong = models.PositiveBigIntegerField(
        _("market rent per pyeong per month (won)"), default=120_000,
        help_text=_("The going rate for comparable offices nearby."),
    )
    rent_discount_percent = models.PositiveSmallIntegerField(
        _("rent discount (%)"), default=80, validators=[MaxValueValidator(100)],
        help_text=_("Discount on the market rent; 80% brings the rent to one fifth of the market rate."),
    )
    management_fee_per_pyeong = models.PositiveBigIntegerField(
        _("management fee per pyeong per month (won)"), default=15_000
    )
    deposit_months = models.PositiveSmallIntegerField(
        _("deposit (months of rent)"), default=3,
        help_text=_("The deposit of a new lease as a number of monthly rents."),
    )
    invoice_due_day = models.PositiveSmallIntegerField(
        _("invoice due day of the month"), default=25, validators=[MinValueValidator(1), MaxValueValidator(28)]
    )
    rooms_open_from = models.TimeField(_("meeting rooms open from"), default=time(8, 0))
    rooms_open_until = models.TimeField(_("meeting rooms open until"), default=time(22, 0))

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["site", "name_ko"]

    def __str__(self) -> str:
        return self.name

    @property
    def rent_per_pyeong(self) -> int:
        """The center's rent per pyeong per month: the market rent less the discount, in whole won."""
        return percent_of(self.market_rent_per_pyeong, 100 - self.rent_discount_percent)

    @property
    def address(self) -> str:
        if (get_language() or "ko").startswith("en") and self.address_en:
            return self.address_en
        return self.address_ko


class Floor(TimeStampedModel):
    building = models.ForeignKey(
        Building, verbose_name=_("building"), on_delete=models.CASCADE, related_name="floors"
    )
    number = models.SmallIntegerField(_("floor number"))

    class Meta:
        verbose_name = _("floor")
        verbose_name_plural = _("floors")
        ordering = ["building", "number"]
        constraints = [models.UniqueConstraint(fields=["building", "number"], name="floor_unique_number")]

    def __str__(self) -> str:
        return f"{self.building} {self.number}F"


class UnitType(TimeStampedModel):
    """A size class of office unit (28, 33, 36 or 56 pyeong at the center)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    area_pyeong = models.DecimalField(_("area (pyeong)"), max_digits=7, decimal_places=2)
    seats_min = models.PositiveSmallIntegerField(_("seats from"))
    seats_max = models.PositiveSmallIntegerField(_("seats up to"))

    class Meta:
        verbose_name = _("unit type")
        verbose_name_plural = _("unit types")
        ordering = ["area_pyeong"]

    def __str__(self) -> str:
        return _("%(pyeong)s pyeong (%(area)s)") % {
            "pyeong": f"{self.area_pyeong.normalize():f}", "area": format_area(self.area_m2),
        }

    @property
    def area_m2(self) -> Decimal:
        return (self.area_pyeong * M2_PER_PYEONG).quantize(Decimal("0.01"))


class UnitStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    OFFERED = "offered", _("Offered")
    OCCUPIED = "occupied", _("Occupied")
    MAINTENANCE = "maintenance", _("Under maintenance")


class Unit(TimeStampedModel):
    floor = models.ForeignKey(Floor, verbose_name=_("floor"), on_delete=models.PROTECT, related_name="units")
    code = models.CharField(_("code"), max_length=20, help_text=_("For example 5F-03."))
    unit_type = models.ForeignKey(
        UnitType, verbose_name=_("unit type"), on_delete=models.PROTECT, related_name="units"
    )
    area_m2 = models.DecimalField(_("area (m²)"), max_digits=8, decimal_places=2)
    seats = models.PositiveSmallIntegerField(_("seats"))
    status = models.CharField(
        _("status"), max_length=20, choices=UnitStatus.choices, default=UnitStatus.AVAILABLE
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["floor__building", "floor__number", "code"]
        constraints = [models.UniqueConstraint(fields=["floor", "code"], name="unit_unique_code_per_floor")]

    def __str__(self) -> str:
        return self.code

    @property
    def area_pyeong(self) -> Decimal:
        return (self.area_m2 / M2_PER_PYEONG).quantize(Decimal("0.01"))


class MeetingRoomKind(models.TextChoices):
    MEETING_ROOM = "meeting_room", _("Meeting room")
    CONFERENCE_HALL = "conference_hall", _("Conference hall")


class MeetingRoom(BilingualNameMixin, TimeStampedModel):
    """A shared room that tenants book in 30-minute slots during the building's opening hours."""

    floor = models.ForeignKey(
        Floor, verbose_name=_("floor"), on_delete=models.PROTECT, related_name="meeting_rooms"
    )
    name_ko = models.CharField(_("name (Korean)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=MeetingRoomKind.choices, default=MeetingRoomKind.MEETING_ROOM
    )
    capacity = models.PositiveSmallIntegerField(_("capacity (people)"))
    is_bookable = models.BooleanField(_("bookable"), default=True)

    class Meta:
        verbose_name = _("meeting room")
        verbose_name_plural = _("meeting rooms")
        ordering = ["floor__building", "floor__number", "name_ko"]
        constraints = [
            models.UniqueConstraint(fields=["floor", "name_ko"], name="meetingroom_unique_name_per_floor")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def building(self) -> Building:
        return self.floor.building
