"""Demo data: the center's meeting rooms and the demo tenant's company with an active lease."""

import io

from django.core.management import call_command

from premises.models import MeetingRoom, MeetingRoomKind
from tenants.models import Company, Lease, LeaseStatus, TeamMembership


def test_demo_data_holds_rooms_and_the_demo_tenant_and_can_run_twice(db):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    assert MeetingRoom.objects.filter(kind=MeetingRoomKind.MEETING_ROOM).count() == 36
    assert MeetingRoom.objects.filter(kind=MeetingRoomKind.CONFERENCE_HALL).count() == 1
    membership = TeamMembership.objects.select_related("company", "user").get(user__email="tenant@demo.yangjae-ai.kr")
    assert membership.role == "owner"
    assert membership.user.is_tenant_member
    lease = Lease.objects.get(company=membership.company)
    assert lease.status == LeaseStatus.ACTIVE
    assert lease.rent_per_pyeong == 24_000
    assert Company.objects.filter(is_published=True).count() == 4
    assert Lease.objects.count() == 4


def test_the_demo_tenant_sees_the_company_space(client, db):
    call_command("seed_demo", stdout=io.StringIO())
    membership = TeamMembership.objects.get(user__email="tenant@demo.yangjae-ai.kr")
    client.force_login(membership.user)
    response = client.get("/tenants/", follow=True)
    assert membership.company.name_ko in response.content.decode()
    assert client.get(f"/tenants/{membership.company_id}/rooms/").status_code == 200
