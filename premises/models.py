"""The physical center: sites of the special zone, their buildings, floors and office units."""

from decimal import Decimal

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.models import TimeStampedModel

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


class Building(BilingualNameMixin, TimeStampedModel):
    site = models.ForeignKey(Site, verbose_name=_("site"), on_delete=models.PROTECT, related_name="buildings")
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    address_ko = models.CharField(_("road-name address (Korean)"), max_length=300)
    address_en = models.CharField(_("address (English)"), max_length=300, blank=True)
    floors_above_ground = models.PositiveSmallIntegerField(_("floors above ground"), default=9)

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["site", "name_ko"]

    def __str__(self) -> str:
        return self.name

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
        return _("%(pyeong)s pyeong (%(m2)s m²)") % {
            "pyeong": f"{self.area_pyeong.normalize():f}", "m2": f"{self.area_m2:.1f}",
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
