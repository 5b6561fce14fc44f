"""The tenancy workflows walked through every (status, transition, actor) triple of their tables."""

import pytest

from tenants import services
from tenants.models import LeaseRenewal, Offer
from tenants.workflow import LEASE_WORKFLOW, OFFER_WORKFLOW, RENEWAL_WORKFLOW, Actor
from tests.factories import (
    LeaseFactory,
    MembershipFactory,
    SelectedApplicationFactory,
    StaffFactory,
    UnitFactory,
    UserFactory,
)
from tests.workflows import assert_triple, walk_cases


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "name", "role"), walk_cases(LEASE_WORKFLOW, [Actor.STAFF, "outsider"]))
def test_lease(status, name, role):
    lease = LeaseFactory(status=status)
    user = {Actor.STAFF: StaffFactory(), "outsider": UserFactory()}.get(role)
    assert_triple(workflow=LEASE_WORKFLOW, instance=lease, name=name, role=role, user=user)


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "name", "role"), walk_cases(OFFER_WORKFLOW, [*Actor.values, "outsider"]))
def test_offer(status, name, role):
    unit = UnitFactory()
    application = SelectedApplicationFactory(call__building=unit.floor.building)
    offer = services.offer_create(application=application, unit=unit, actor=StaffFactory())
    Offer.objects.filter(pk=offer.pk).update(status=status)
    offer.refresh_from_db()
    user = {Actor.STAFF: StaffFactory(), Actor.APPLICANT: application.applicant, "outsider": UserFactory()}.get(role)
    assert_triple(workflow=OFFER_WORKFLOW, instance=offer, name=name, role=role, user=user)


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "name", "role"), walk_cases(RENEWAL_WORKFLOW, [Actor.STAFF, "owner"]))
def test_lease_renewal(status, name, role):
    lease = LeaseFactory(status="active")
    owner = MembershipFactory(company=lease.company, role="owner").user
    renewal = LeaseRenewal.objects.create(lease=lease, term_months=24, requested_by=owner, status=status)
    user = {Actor.STAFF: StaffFactory(), "owner": owner}.get(role)
    assert_triple(workflow=RENEWAL_WORKFLOW, instance=renewal, name=name, role=role, user=user)
