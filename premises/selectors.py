"""Reads of the premises."""

from django.db.models import Count, Q

from .models import UnitStatus, UnitType


def unit_type_list_with_counts():
    """Unit types with their number of units and of available units."""
    return UnitType.objects.annotate(
        unit_count=Count("units"),
        available_count=Count("units", filter=Q(units__status=UnitStatus.AVAILABLE)),
    ).order_by("area_pyeong")
