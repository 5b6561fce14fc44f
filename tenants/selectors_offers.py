"""Reads of unit offers: the applicant's offers, applications awaiting a unit, the units that fit one."""

from __future__ import annotations

from django.db.models import Case, Exists, IntegerField, OuterRef, QuerySet, Value, When
from django.utils import timezone

from applications.models import Application
from applications.workflow import Status
from premises.models import Unit, UnitStatus

from .models import OFFER_OPEN_STATUSES, Offer, OfferStatus


def offer_list_for_applicant(*, user) -> QuerySet[Offer]:
    return Offer.objects.filter(application__applicant=user).select_related(
        "application", "unit__unit_type", "unit__floor__building"
    )


def offer_get_for_applicant(*, user, offer_id: int) -> Offer | None:
    """The offer if the user is its application's applicant, else None (views answer 404)."""
    if not user.is_authenticated:
        return None
    return offer_list_for_applicant(user=user).filter(pk=offer_id).first()


def application_list_awaiting_offer() -> QuerySet[Application]:
    """Selected applications without an offer awaiting an answer or accepted, best first by call."""
    open_offer = Offer.objects.filter(application=OuterRef("pk"), status__in=OFFER_OPEN_STATUSES)
    last_closed = Offer.objects.filter(
        application=OuterRef("pk"), status__in=[OfferStatus.DECLINED, OfferStatus.LAPSED]
    )
    return (
        Application.objects.filter(status=Status.SELECTED, call__results_released_at__lte=timezone.now())
        .annotate(has_open_offer=Exists(open_offer), declined_before=Exists(last_closed))
        .filter(has_open_offer=False)
        .select_related("call", "desired_unit_type")
        .order_by("call__code", "company_name_ko")
    )


def unit_list_for_application(*, application: Application) -> QuerySet[Unit]:
    """Available units of the call's building: the desired type first, then those with enough seats."""
    headcount = application.headcount or 0
    units = Unit.objects.filter(status=UnitStatus.AVAILABLE).exclude(
        offers__status=OfferStatus.PENDING
    )
    if application.call.building_id:
        units = units.filter(floor__building_id=application.call.building_id)
    return units.annotate(
        type_fits=Case(When(unit_type_id=application.desired_unit_type_id, then=Value(1)), default=Value(0),
                       output_field=IntegerField()),
        seats_fit=Case(When(seats__gte=headcount, then=Value(1)), default=Value(0), output_field=IntegerField()),
    ).select_related("unit_type", "floor").order_by("-type_fits", "-seats_fit", "floor__number", "code")
