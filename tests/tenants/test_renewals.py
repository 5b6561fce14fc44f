"""Lease renewal: requested by the tenant, decided by staff after a performance review."""

import datetime as dt

import pytest
from django.contrib.messages import ERROR, SUCCESS
from django.core import mail
from django.utils import timezone

from portal.exceptions import DomainError
from tenants import services
from tenants.models import Lease, LeaseRenewal, LeaseStatus, RenewalStatus
from tenants.services.renewals import add_months
from tests.factories import LeaseFactory, MembershipFactory, StaffFactory, UserFactory

END = timezone.localdate() + dt.timedelta(days=90)  # within the renewal window


@pytest.fixture
def lease(db):
    owner = MembershipFactory(role="owner")
    return LeaseFactory(company=owner.company, status="active", start_date=END - dt.timedelta(days=729),
                        end_date=END)


def owner_of(lease):
    return lease.company.memberships.get(role="owner").user


def test_tenant_requests_and_staff_approve_which_drafts_the_next_lease(client, lease,
                                                                       django_capture_on_commit_callbacks):
    client.force_login(owner_of(lease))
    response = client.post(f"/tenants/{lease.company_id}/leases/{lease.pk}/renewal/",
                           {"term_months": 24, "note": "고용 인원이 늘었습니다."})
    assert response.status_code == 302
    renewal = LeaseRenewal.objects.get(lease=lease)
    staff = StaffFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.lease_renewal_approve(renewal=renewal, actor=staff, reason="입주성과 심사 통과(82점)")
    renewal.refresh_from_db()
    new = renewal.new_lease
    assert renewal.status == RenewalStatus.APPROVED and renewal.decided_by == staff
    start = END + dt.timedelta(days=1)
    assert (new.status, new.unit_id, new.start_date) == (LeaseStatus.DRAFT, lease.unit_id, start)
    assert new.end_date == add_months(start, 24) - dt.timedelta(days=1)
    assert len(mail.outbox) == 1 and "갱신" in mail.outbox[0].subject
    page = client.get(f"/tenants/{lease.company_id}/leases/{lease.pk}/").content.decode()
    assert "입주성과 심사 통과(82점)" in page


def test_one_open_request_at_a_time_and_a_decision_needs_a_reason(lease):
    owner = owner_of(lease)
    renewal = services.lease_renewal_request(lease=lease, actor=owner)
    with pytest.raises(DomainError):
        services.lease_renewal_request(lease=lease, actor=owner)
    with pytest.raises(DomainError):
        services.lease_renewal_decline(renewal=renewal, actor=StaffFactory(), reason=" ")
    services.lease_renewal_decline(renewal=renewal, actor=StaffFactory(), reason="성과 미달")
    with pytest.raises(DomainError):
        services.lease_renewal_approve(renewal=renewal, actor=StaffFactory(), reason="재검토")
    assert Lease.objects.count() == 1


def test_members_and_other_companies_cannot_request(client, lease):
    member = MembershipFactory(company=lease.company, role="member")
    client.force_login(member.user)
    url = f"/tenants/{lease.company_id}/leases/{lease.pk}/renewal/"
    assert client.post(url, {"term_months": 24}).status_code == 403
    stranger = MembershipFactory(role="owner")
    client.force_login(stranger.user)
    url = f"/tenants/{stranger.company_id}/leases/{lease.pk}/renewal/"
    assert client.post(url, {"term_months": 24}).status_code == 404
    assert not LeaseRenewal.objects.exists()


def test_staff_decide_in_the_admin(client, lease):
    """The buttons, the reason page and the history come from the renewal workflow's table."""
    renewal = services.lease_renewal_request(lease=lease, actor=owner_of(lease), term_months=12)
    client.force_login(StaffFactory())
    page = client.get(f"/admin/tenants/leaserenewal/{renewal.pk}/change/").content.decode()
    approve = f"/admin/tenants/leaserenewal/{renewal.pk}/workflow/approve/"
    assert f'href="{approve}"' in page and f"/admin/tenants/leaserenewal/{renewal.pk}/workflow/decline/" in page
    assert 'name="status"' not in page  # the status is read-only
    refused = client.post(approve, {"reason": ""})
    assert refused.status_code == 200 and refused.context["form"].errors["reason"]
    assert LeaseRenewal.objects.get(pk=renewal.pk).status == RenewalStatus.REQUESTED
    client.post(approve, {"reason": "심사 통과"})
    renewal.refresh_from_db()
    assert renewal.status == RenewalStatus.APPROVED
    assert renewal.new_lease.end_date == add_months(END + dt.timedelta(days=1), 12) - dt.timedelta(days=1)
    page = client.get(f"/admin/tenants/leaserenewal/{renewal.pk}/change/").content.decode()
    assert "workflow/decline/" not in page  # nothing is left to decide
    assert "심사 통과" in page  # the history under the form says why


def test_admin_users_without_the_change_permission_cannot_decide(client, lease):
    renewal = services.lease_renewal_request(lease=lease, actor=owner_of(lease), term_months=12)
    client.force_login(UserFactory(is_staff=True))  # an admin login without the district-staff role
    assert client.post(f"/admin/tenants/leaserenewal/{renewal.pk}/workflow/approve/",
                       {"reason": "심사 통과"}).status_code == 404
    assert LeaseRenewal.objects.get(pk=renewal.pk).status == RenewalStatus.REQUESTED
    assert not renewal.transitions.filter(name="approve").exists()


def test_staff_decline_several_renewals_at_once_each_through_the_service(client, lease):
    renewals = [services.lease_renewal_request(lease=lease, actor=owner_of(lease), term_months=12)]
    other = LeaseFactory(company=MembershipFactory(role="owner").company, status="active",
                         start_date=END - dt.timedelta(days=729), end_date=END)
    renewals.append(services.lease_renewal_request(lease=other, actor=owner_of(other), term_months=24))
    LeaseRenewal.objects.filter(pk=renewals[1].pk).update(status=RenewalStatus.APPROVED)  # decided meanwhile
    client.force_login(StaffFactory())
    selected = {"action": "workflow_decline", "_selected_action": [r.pk for r in renewals]}
    page = client.post("/admin/tenants/leaserenewal/", selected)
    assert page.status_code == 200 and "admin/portal/workflow_reason.html" in [t.name for t in page.templates]
    response = client.post("/admin/tenants/leaserenewal/", {**selected, "apply": "1", "reason": "성과 미달"},
                           follow=True)
    levels = sorted(m.level for m in response.context["messages"])
    assert levels == [SUCCESS, ERROR]  # one report per renewal
    assert [LeaseRenewal.objects.get(pk=r.pk).status for r in renewals] == [RenewalStatus.DECLINED,
                                                                           RenewalStatus.APPROVED]
    assert LeaseRenewal.objects.get(pk=renewals[0].pk).transitions.get(name="decline").reason == "성과 미달"


def test_a_renewal_cannot_be_requested_too_early(client, lease):
    Lease.objects.filter(pk=lease.pk).update(end_date=timezone.localdate() + dt.timedelta(days=400))
    lease.refresh_from_db()
    with pytest.raises(DomainError) as excinfo:
        services.lease_renewal_request(lease=lease, actor=owner_of(lease))
    assert excinfo.value.code == "too_early"
    client.force_login(owner_of(lease))
    page = client.get(f"/tenants/{lease.company_id}/leases/{lease.pk}/").content.decode()
    assert "갱신을 신청할 수 있습니다" in page and "갱신 신청</button>" not in page


def testadd_months_keeps_the_day_or_the_month_end():
    assert add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2027, 11, 15), 24) == dt.date(2029, 11, 15)


def test_staff_hear_about_a_renewal_request(lease, django_capture_on_commit_callbacks):
    staff = StaffFactory()
    with django_capture_on_commit_callbacks(execute=True):
        renewal = services.lease_renewal_request(lease=lease, actor=owner_of(lease))
    assert [m.to for m in mail.outbox] == [[staff.email]]
    assert f"/admin/tenants/leaserenewal/{renewal.pk}/change/" in mail.outbox[0].body
