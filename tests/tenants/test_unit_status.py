"""A unit's status has one owner (premises.services.unit_status_refresh), derived from its leases and
pending offers; staff only take a unit in and out of maintenance."""

import datetime as dt

import pytest
from django.utils import timezone

from premises.models import UnitStatus
from premises.services import unit_status_refresh
from tenants import services
from tests.factories import LeaseFactory, SelectedApplicationFactory, StaffFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def occupied():
    """A unit whose active lease ends in two months."""
    today = timezone.localdate()
    unit = UnitFactory()
    lease = LeaseFactory(unit=unit, status="active", start_date=today - dt.timedelta(days=600),
                         end_date=today + dt.timedelta(days=60))
    unit_status_refresh(unit_id=unit.pk)
    unit.refresh_from_db()
    assert unit.status == UnitStatus.OCCUPIED
    return lease


def test_an_occupied_unit_offered_from_the_end_of_its_lease_stays_offered_when_the_lease_ends(occupied):
    unit, staff = occupied.unit, StaffFactory()
    application = SelectedApplicationFactory(call__building=unit.floor.building)
    offer = services.offer_create(application=application, unit=unit, actor=staff,
                                  lease_start=occupied.end_date + dt.timedelta(days=1))
    unit.refresh_from_db()
    assert unit.status == UnitStatus.OCCUPIED  # the current tenant is still there
    services.lease_begin_ending(lease=occupied, actor=staff)
    services.lease_end(lease=occupied, actor=staff)
    unit.refresh_from_db()
    assert unit.status == UnitStatus.OFFERED  # not "available" while the offer waits for an answer
    services.offer_decline(offer=offer, actor=application.applicant, reason="다른 곳에 입주합니다.")
    unit.refresh_from_db()
    assert unit.status == UnitStatus.AVAILABLE


def test_the_status_is_read_only_in_the_admin_and_maintenance_is_an_action(staff_client, occupied):
    unit = occupied.unit
    page = staff_client.get(f"/admin/premises/unit/{unit.pk}/change/").content.decode()
    assert 'name="status"' not in page
    staff_client.post("/admin/premises/unit/", {"action": "maintenance_start", "_selected_action": [unit.pk]})
    unit.refresh_from_db()
    assert unit.status == UnitStatus.MAINTENANCE
    unit_status_refresh(unit_id=unit.pk)  # leases and offers never take a unit out of maintenance
    unit.refresh_from_db()
    assert unit.status == UnitStatus.MAINTENANCE
    staff_client.post("/admin/premises/unit/", {"action": "maintenance_end", "_selected_action": [unit.pk]})
    unit.refresh_from_db()
    assert unit.status == UnitStatus.OCCUPIED  # derived again: the lease still holds it
