"""Who hears about what: the one spelling of the district staff (with or without superusers) and of
a company's managers, as the apps' notices reach them."""

import pytest

from accounts.selectors import user_list_district_staff
from applications.notifications import message_staff_recipients
from billing.notifications import billing_recipients
from exemptions.notifications import request_recipients
from tenants.notifications import company_recipients, staff_recipients
from tenants.selectors import user_list_company_managers
from tests.factories import CompanyFactory, MembershipFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_district_staff_are_the_active_staff_with_the_role_and_superusers_only_when_asked():
    officer = StaffFactory(is_staff=True)
    StaffFactory(is_staff=True, is_active=False)
    UserFactory(is_staff=True)  # staff status without the role: an evaluator's or a clerk's account
    admin = UserFactory(is_staff=True, is_superuser=True)
    assert list(user_list_district_staff(with_superusers=False)) == [officer]
    assert list(user_list_district_staff(with_superusers=True)) == [officer, admin]
    assert list(staff_recipients()) == [officer]  # tenancy's next steps: the officers
    assert list(message_staff_recipients()) == [officer, admin]  # an applicant's message: anyone who may answer


def test_company_managers_are_its_active_owners_and_administrators_in_every_app():
    company = CompanyFactory()
    owner = MembershipFactory(company=company, role="owner").user
    administrator = MembershipFactory(company=company, role="admin").user
    MembershipFactory(company=company, role="member")
    gone = MembershipFactory(company=company, role="admin").user
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    MembershipFactory(role="owner")  # another company's owner
    expected = [owner, administrator]
    assert user_list_company_managers(company_id=company.pk) == expected
    assert billing_recipients(company_id=company.pk) == expected
    assert request_recipients(company_id=company.pk) == expected
    assert list(company_recipients(company_id=company.pk)) == expected
