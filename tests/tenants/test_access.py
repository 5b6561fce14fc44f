"""Tenant A cannot see or change tenant B's company, private profile, team, lease or bookings through
any URL: each answers 404, as if it did not exist. The allowed case is checked beside each."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tenants import services
from tenants.models import Booking, Company, Invitation, Lease, TeamMembership
from tests.factories import LeaseFactory, MeetingRoomFactory, MembershipFactory, UserFactory


@pytest.fixture
def world(db):
    a = MembershipFactory(role="owner", company__phone="02-1111-1111")
    b = MembershipFactory(role="owner", company__phone="02-9999-9999", company__billing_contact_name="비밀담당")
    b_member = MembershipFactory(company=b.company, role="member")
    lease_b = LeaseFactory(company=b.company, status="active")
    LeaseFactory(company=a.company, status="active")
    services.lease_relocation_proof_upload(lease=lease_b, actor=b.user, upload=SimpleUploadedFile("b.pdf", b"%PDF B"))
    day = timezone.localdate() + dt.timedelta(days=1)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    booking_b = services.booking_create(room=MeetingRoomFactory(), company=b.company, actor=b.user, starts_at=start,
                                        ends_at=start + dt.timedelta(hours=1))
    invitation_b = services.invitation_create(company=b.company, email="x@example.kr", role="member", actor=b.user)
    return {"a": a, "b": b, "b_member": b_member, "lease_b": lease_b, "booking_b": booking_b,
            "invitation_b": invitation_b}


def b_urls(w):
    b, lease, booking = w["b"].company_id, w["lease_b"].pk, w["booking_b"].pk
    return {
        "get": [f"/tenants/{b}/", f"/tenants/{b}/edit/", f"/tenants/{b}/team/", f"/tenants/{b}/leases/{lease}/",
                f"/tenants/{b}/leases/{lease}/relocation-proof/", f"/tenants/{b}/rooms/", f"/tenants/{b}/indicators/",
                f"/tenants/{b}/logo/", f"/tenants/{b}/rooms/{w['booking_b'].room_id}/week/"],
        "post": [f"/tenants/{b}/edit/", f"/tenants/{b}/team/", f"/tenants/{b}/team/leave/",
                 f"/tenants/{b}/team/{w['b_member'].pk}/remove/", f"/tenants/{b}/team/{w['b_member'].pk}/role/",
                 f"/tenants/{b}/invitations/{w['invitation_b'].pk}/withdraw/", f"/tenants/{b}/leases/{lease}/",
                 f"/tenants/{b}/rooms/", f"/tenants/{b}/bookings/{booking}/cancel/", f"/tenants/{b}/indicators/",
                 f"/tenants/{b}/leases/{lease}/renewal/"],
    }


def test_tenant_a_gets_404_for_every_url_of_company_b(client, world):
    client.force_login(world["a"].user)
    urls = b_urls(world)
    for url in urls["get"]:
        assert client.get(url).status_code == 404, url
    for url in urls["post"]:
        assert client.post(url, {"role": "owner", "email": "a@example.kr", "name_ko": "탈취"}).status_code == 404, url
    # Nothing changed.
    b = Company.objects.get(pk=world["b"].company_id)
    assert b.name_ko != "탈취"
    assert TeamMembership.objects.filter(company=b).count() == 2
    assert Booking.objects.get(pk=world["booking_b"].pk).cancelled_at is None
    assert Invitation.objects.get(pk=world["invitation_b"].pk).revoked_at is None
    assert not TeamMembership.objects.filter(company=b, user=world["a"].user).exists()
    assert not world["lease_b"].renewals.exists()


def test_a_cannot_reach_bs_objects_through_its_own_company_urls(client, world):
    a = world["a"].company_id
    client.force_login(world["a"].user)
    assert client.get(f"/tenants/{a}/leases/{world['lease_b'].pk}/").status_code == 404
    assert client.get(f"/tenants/{a}/leases/{world['lease_b'].pk}/relocation-proof/").status_code == 404
    assert client.post(f"/tenants/{a}/bookings/{world['booking_b'].pk}/cancel/").status_code == 404
    assert client.post(f"/tenants/{a}/team/{world['b_member'].pk}/remove/").status_code == 404
    assert client.post(f"/tenants/{a}/invitations/{world['invitation_b'].pk}/withdraw/").status_code == 404
    assert TeamMembership.objects.filter(pk=world["b_member"].pk).exists()


def test_b_sees_its_own_private_profile_lease_and_bookings(client, world):
    b = world["b"].company_id
    client.force_login(world["b"].user)
    html = client.get(f"/tenants/{b}/").content.decode()
    assert "02-9999-9999" in html and "비밀담당" in html
    assert client.get(f"/tenants/{b}/leases/{world['lease_b'].pk}/").status_code == 200
    proof = client.get(f"/tenants/{b}/leases/{world['lease_b'].pk}/relocation-proof/")
    assert b"".join(proof.streaming_content) == b"%PDF B"
    assert client.post(f"/tenants/{b}/bookings/{world['booking_b'].pk}/cancel/").status_code == 302
    assert Booking.objects.get(pk=world["booking_b"].pk).cancelled_at is not None


def test_as_own_company_pages_never_show_the_other_companys_private_data(client, world):
    a = world["a"].company_id
    client.force_login(world["a"].user)
    for url in [f"/tenants/{a}/", f"/tenants/{a}/team/", f"/tenants/{a}/rooms/"]:
        html = client.get(url).content.decode()
        assert "02-9999-9999" not in html and "비밀담당" not in html and world["b"].user.email not in html


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    response = client.get(f"/tenants/{world['b'].company_id}/")
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_user_without_a_company_gets_404(client, world):
    client.force_login(UserFactory())
    assert client.get(f"/tenants/{world['b'].company_id}/").status_code == 404
    assert Lease.objects.count() == 2
