"""Offers of a unit to a selected application: the applicant accepts (a company and a draft lease are
created from the application) or declines before the deadline, or the offer lapses.

The database holds that a unit has at most one pending offer and an application at most one pending
or accepted offer; the service checks, under a lock on the unit row, that the unit has no lease for the
offered term. `tenants.models` re-exports the offer; this module names the company and the lease by
their labels, so it imports nothing of it.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.models import TimeStampedModel
from premises.models import Unit

from .workflow import OfferStatus

# An offer in one of these statuses holds its unit (pending) or its application (pending, accepted).
OFFER_OPEN_STATUSES = (OfferStatus.PENDING, OfferStatus.ACCEPTED)


class Offer(TimeStampedModel):
    application = models.ForeignKey(
        "applications.Application", verbose_name=_("application"), on_delete=models.PROTECT,
        related_name="unit_offers",
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="offers")
    status = models.CharField(
        _("status"), max_length=12, choices=OfferStatus.choices, default=OfferStatus.PENDING, editable=False
    )
    lease_start = models.DateField(_("lease starts on"))
    note = models.TextField(_("message to the applicant"), max_length=2000, blank=True)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("offered by"), on_delete=models.SET_NULL, null=True,
        related_name="+", editable=False,
    )
    offered_at = models.DateTimeField(_("offered at"), default=timezone.now, editable=False)
    respond_by = models.DateTimeField(_("answer by"))
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)
    decline_reason = models.TextField(_("reason given"), blank=True, editable=False)
    company = models.ForeignKey(
        "tenants.Company", verbose_name=_("company"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="offers", editable=False,
    )
    lease = models.OneToOneField(
        "tenants.Lease", verbose_name=_("lease"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="offer", editable=False,
    )
    transitions = GenericRelation("portal.StatusChange", related_query_name="offer")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit offer")
        verbose_name_plural = _("unit offers")
        ordering = ["-offered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit"], condition=models.Q(status="pending"), name="offer_one_pending_per_unit"
            ),
            models.UniqueConstraint(
                fields=["application"], condition=models.Q(status__in=["pending", "accepted"]),
                name="offer_one_open_per_application",
            ),
        ]
        indexes = [models.Index(fields=["status", "respond_by"])]

    def __str__(self) -> str:
        return f"{self.unit} → {self.application}"

    @property
    def is_overdue(self) -> bool:
        return self.status == OfferStatus.PENDING and self.respond_by <= timezone.now()

    @property
    def can_answer(self) -> bool:
        return self.status == OfferStatus.PENDING and not self.is_overdue
