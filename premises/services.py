"""Writes on premises: the one owner of a unit's status."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from .models import Unit, UnitStatus

# What holds a unit, answered by the apps above (tenants: leases and pending offers) for a unit id:
# UnitStatus.OCCUPIED, UnitStatus.OFFERED or None. Registered in their AppConfig.ready().
UnitHolder = Callable[[int], str | None]
UNIT_HOLDERS: list[UnitHolder] = []


def unit_holder_register(holder: UnitHolder) -> UnitHolder:
    if holder not in UNIT_HOLDERS:
        UNIT_HOLDERS.append(holder)
    return holder


@transaction.atomic
def unit_status_refresh(*, unit_id: int) -> Unit:
    """Derive the unit's status from what holds it, under a lock on the unit row: occupied while a lease
    holds it, offered while a draft lease or a pending offer waits for it, available otherwise. A unit
    under maintenance stays so (staff take it out of maintenance)."""
    unit = Unit.objects.select_for_update().get(pk=unit_id)
    if unit.status == UnitStatus.MAINTENANCE:
        return unit
    holds = {holder(unit.pk) for holder in UNIT_HOLDERS}
    status = (UnitStatus.OCCUPIED if UnitStatus.OCCUPIED in holds
              else UnitStatus.OFFERED if UnitStatus.OFFERED in holds else UnitStatus.AVAILABLE)
    if unit.status != status:
        unit.status = status
        unit.save(update_fields=["status", "updated_at"])
    return unit


@transaction.atomic
def unit_maintenance_set(*, unit_id: int, under_maintenance: bool) -> Unit:
    """Staff take a unit out of use for maintenance, or back into use (its status is then derived again)."""
    unit = Unit.objects.select_for_update().get(pk=unit_id)
    if under_maintenance:
        if unit.status != UnitStatus.MAINTENANCE:
            unit.status = UnitStatus.MAINTENANCE
            unit.save(update_fields=["status", "updated_at"])
        return unit
    if unit.status == UnitStatus.MAINTENANCE:
        unit.status = UnitStatus.AVAILABLE
        unit.save(update_fields=["status", "updated_at"])
    return unit_status_refresh(unit_id=unit.pk)
