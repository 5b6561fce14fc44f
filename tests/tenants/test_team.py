"""Company teams: invitations by e-mail (accept, expiry), roles, removal, and the last owner."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from portal.exceptions import DomainError
from tenants import services
from tenants.models import Invitation, TeamMembership
from tests.factories import PASSWORD, CompanyFactory, MembershipFactory, UserFactory


@pytest.fixture
def owner(db):
    return MembershipFactory(role="owner")


def invite(owner, email="new.colleague@example.kr", role="member"):
    return services.invitation_create(company=owner.company, email=email, role=role, actor=owner.user)


def test_owner_invites_by_email_and_the_link_works(client, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(owner.user)
        response = client.post(f"/tenants/{owner.company.pk}/team/", {"email": "dev@example.kr", "role": "admin"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dev@example.kr"]
    assert owner.company.name_ko in message.subject
    token = Invitation.objects.get(email="dev@example.kr").token
    assert f"/tenants/invitations/{token}/" in message.body


def test_new_person_creates_an_account_and_joins_with_the_role(client, owner, django_capture_on_commit_callbacks):
    invitation = invite(owner, role="admin")
    url = f"/tenants/invitations/{invitation.token}/"
    assert 'name="password1"' in client.get(url).content.decode()
    form = {"name": "새 동료", "phone": "010 1234 5678", "preferred_language": "ko", "password1": PASSWORD,
            "password2": PASSWORD}
    refused = client.post(url, form)  # the personal-data consent is required
    assert refused.status_code == 200 and 'value="새 동료"' in refused.content.decode()
    assert not User.objects.filter(email="new.colleague@example.kr").exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**form, "consent_personal_data": "on"})
    assert response.status_code == 302
    welcome = client.get(response["Location"])  # signed in: the company's page, not the login form
    assert welcome.status_code == 200 and welcome.context["company"] == owner.company
    assert "에 오신 것을 환영합니다" in welcome.content.decode()
    user = User.objects.get(email="new.colleague@example.kr")
    assert user.phone == "010-1234-5678" and user.email_verified_at is not None
    assert list(user.consents.values_list("purpose", flat=True)) == ["personal_data"]
    assert not user.has_role(Role.APPLICANT)
    membership = TeamMembership.objects.get(company=owner.company, user=user)
    assert membership.role == "admin"
    assert user.has_role(Role.TENANT_MEMBER)
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    # The inviter hears about it.
    assert any(owner.user.email in m.to for m in mail.outbox)


def test_existing_user_logs_in_and_accepts(client, owner):
    user = UserFactory(email="new.colleague@example.kr")
    invitation = invite(owner)
    client.force_login(user)
    response = client.post(f"/tenants/invitations/{invitation.token}/")
    assert response.status_code == 302
    assert TeamMembership.objects.filter(company=owner.company, user=user).exists()


def test_someone_else_cannot_accept_an_invitation_for_another_address(client, owner):
    invitation = invite(owner)
    intruder = UserFactory()
    client.force_login(intruder)
    response = client.post(f"/tenants/invitations/{invitation.token}/", follow=True)
    assert not TeamMembership.objects.filter(user=intruder).exists()
    assert "new.colleague@example.kr" in response.content.decode()


def test_expired_invitation_cannot_be_accepted(client, owner):
    invitation = invite(owner)
    user = UserFactory(email="new.colleague@example.kr")
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    client.force_login(user)
    response = client.post(f"/tenants/invitations/{invitation.token}/")
    assert response.status_code == 200
    assert 'data-testid="expired"' in response.content.decode()
    assert not TeamMembership.objects.filter(user=user).exists()
    with pytest.raises(DomainError, match="expired|만료"):
        services.invitation_accept(invitation=invitation, user=user)


def test_invitations_expire_after_seven_days_by_default(owner):
    before = timezone.now()
    invitation = invite(owner)
    after = timezone.now()
    assert before + timedelta(days=7) <= invitation.expires_at <= after + timedelta(days=7)


def test_a_new_invitation_replaces_the_open_one(owner):
    first = invite(owner)
    second = invite(owner)
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert second.is_open


def test_a_member_cannot_invite(client, owner):
    member = MembershipFactory(company=owner.company, role="member")
    client.force_login(member.user)
    response = client.post(f"/tenants/{owner.company.pk}/team/", {"email": "x@example.kr", "role": "member"})
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_an_admin_cannot_invite_an_owner(owner):
    admin_member = MembershipFactory(company=owner.company, role="admin")
    with pytest.raises(DomainError):
        services.invitation_create(company=owner.company, email="boss@example.kr", role="owner",
                                   actor=admin_member.user)


def test_owner_removes_a_member_who_loses_the_role(client, owner):
    member = MembershipFactory(company=owner.company)
    client.force_login(owner.user)
    response = client.post(f"/tenants/{owner.company.pk}/team/{member.pk}/remove/")
    assert response.status_code == 302
    assert not TeamMembership.objects.filter(pk=member.pk).exists()
    user = User.objects.get(pk=member.user.pk)
    assert not user.has_role(Role.TENANT_MEMBER)


def test_a_member_cannot_remove_anyone(client, owner):
    member = MembershipFactory(company=owner.company)
    other = MembershipFactory(company=owner.company)
    client.force_login(member.user)
    assert client.post(f"/tenants/{owner.company.pk}/team/{other.pk}/remove/").status_code == 403
    assert TeamMembership.objects.filter(pk=other.pk).exists()


def test_the_last_owner_cannot_leave(client, owner):
    client.force_login(owner.user)
    response = client.post(f"/tenants/{owner.company.pk}/team/leave/", follow=True)
    assert TeamMembership.objects.filter(pk=owner.pk).exists()
    assert "마지막 대표 관리자" in response.content.decode()


def test_the_last_owner_cannot_be_removed_or_demoted(owner):
    with pytest.raises(DomainError) as excinfo:
        services.membership_remove(membership=owner, actor=owner.user)
    assert excinfo.value.code == "last_owner"
    with pytest.raises(DomainError):
        services.membership_change_role(membership=owner, role="member", actor=owner.user)
    assert TeamMembership.objects.get(pk=owner.pk).role == "owner"


def test_an_owner_can_leave_once_there_is_another(client, owner):
    second = MembershipFactory(company=owner.company, role="member")
    services.membership_change_role(membership=second, role="owner", actor=owner.user)
    client.force_login(owner.user)
    client.post(f"/tenants/{owner.company.pk}/team/leave/")
    assert not TeamMembership.objects.filter(pk=owner.pk).exists()


def test_admin_cannot_remove_an_owner(owner):
    MembershipFactory(company=owner.company, role="owner")
    admin_member = MembershipFactory(company=owner.company, role="admin")
    with pytest.raises(DomainError):
        services.membership_remove(membership=owner, actor=admin_member.user)


def test_profile_edit_keeps_input_and_explains_a_bad_website(client, owner):
    client.force_login(owner.user)
    url = f"/tenants/{owner.company.pk}/edit/"
    tax = {"representative": "홍길동", "tax_invoice_email": "tax@example.kr"}
    response = client.post(url, {"name_ko": "바뀐 이름", "ai_field": "vision", "website": "not a url", **tax})
    assert response.status_code == 200
    html = response.content.decode()
    assert "바뀐 이름" in html
    assert "올바른 URL" in html
    response = client.post(url, {"name_ko": "바뀐 이름", "ai_field": "speech", "phone": "12345", **tax})
    assert response.status_code == 200 and "010-1234-5678" in response.content.decode()  # the example in the message
    response = client.post(url, {"name_ko": "바뀐 이름", "ai_field": "speech", "website": "https://example.kr",
                                 "phone": "0212345678", **tax})
    assert response.status_code == 302
    owner.company.refresh_from_db()
    assert (owner.company.name_ko, owner.company.phone) == ("바뀐 이름", "02-1234-5678")
    assert owner.company.history.count() >= 2


def test_company_create_gives_the_owner_the_tenant_role(db):
    user = UserFactory()
    company = services.company_create(name_ko="주식회사 테스트", business_registration_number="1248100998", owner=user)
    assert company.business_registration_number == "124-81-00998"
    assert User.objects.get(pk=user.pk).has_role(Role.TENANT_MEMBER)


def test_company_create_refuses_a_mistyped_registration_number(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.company_create(name_ko="주식회사 테스트", business_registration_number="124-81-00999")
    assert not CompanyFactory._meta.model.objects.exists()


def test_the_invitation_reaches_an_english_speaker_in_english(owner, django_capture_on_commit_callbacks):
    UserFactory(email="founder@example.com", preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        invite(owner, email="founder@example.com")
    message = mail.outbox[0]
    assert message.subject == f"Invitation to join {owner.company.name_en} at the Seocho AICT Excellent Company Center"
    assert "invites you to join the team" in message.body


def test_invitations_from_one_address_are_rate_limited(client, owner, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "invitation": (3, 3600)}
    client.force_login(owner.user)
    url = f"/tenants/{owner.company.pk}/team/"
    statuses = [client.post(url, {"email": f"p{n}@example.kr", "role": "member"}).status_code for n in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert Invitation.objects.count() == 3


def test_the_english_profile_form_labels_every_field_with_a_capital(client, owner):
    owner.user.preferred_language = "en"
    owner.user.save(update_fields=["preferred_language"])
    client.force_login(owner.user)
    form = client.get(f"/tenants/{owner.company.pk}/edit/").context["form"]
    labels = {name: str(field.label) for name, field in form.fields.items()}
    assert (labels["logo"], labels["website"], labels["hiring_url"]) == ("Logo", "Website", "Hiring page")
    assert all(label[0].isupper() for label in labels.values()), labels


def test_an_invitation_to_a_new_address_is_written_in_the_language_the_inviter_chooses(
    client, owner, settings, django_capture_on_commit_callbacks
):
    client.force_login(owner.user)
    url = f"/tenants/{owner.company.pk}/team/"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(url).content.decode()
    assert '<option value="en" selected>English</option>' in page  # the inviter's language by default
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"email": "foreign.dev@example.kr", "role": "member", "language": "en"})
        client.post(url, {"email": "local.dev@example.kr", "role": "member", "language": "ko"})
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    company_en = owner.company.name_en or owner.company.name_ko
    center = "Seocho AICT Excellent Company Center"
    assert subjects["foreign.dev@example.kr"] == f"Invitation to join {company_en} at the {center}"
    assert "초대" in subjects["local.dev@example.kr"] and owner.company.name_ko in subjects["local.dev@example.kr"]


def test_someone_with_an_account_is_invited_in_the_language_of_their_account(
    client, owner, django_capture_on_commit_callbacks
):
    UserFactory(email="has.account@example.kr", preferred_language="en")
    client.force_login(owner.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/tenants/{owner.company.pk}/team/",
                    {"email": "has.account@example.kr", "role": "member", "language": "ko"})
    [message] = mail.outbox
    assert message.subject.startswith("Invitation to join")


def test_an_invitation_language_outside_the_portals_is_refused_next_to_the_field(client, owner):
    client.force_login(owner.user)
    response = client.post(f"/tenants/{owner.company.pk}/team/",
                           {"email": "dev@example.kr", "role": "member", "language": "fr"})
    assert response.status_code == 200
    assert response.context["form"].errors["language"]
    assert 'value="dev@example.kr"' in response.content.decode()
    assert not Invitation.objects.exists()


def test_leaving_the_company_asks_for_confirmation_first(client, owner):
    member = MembershipFactory(company=owner.company, role="member", user__preferred_language="en")
    client.force_login(member.user)
    leave_url = f"/tenants/{owner.company.pk}/team/leave/"
    team_page = client.get(f"/tenants/{owner.company.pk}/team/").content.decode()
    assert f'href="{leave_url}"' in team_page
    assert f'action="{leave_url}"' not in team_page  # no one-tap leave on the team page
    response = client.get(leave_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Leave {owner.company.name_en}?" in html or f"Leave {owner.company.name_ko}?" in html
    assert 'method="post"' in html and "csrfmiddlewaretoken" in html and "Yes, leave the company" in html
    assert f'href="/tenants/{owner.company.pk}/team/"' in html  # "No, stay"
    assert TeamMembership.objects.filter(pk=member.pk).exists()
    client.post(leave_url)
    assert not TeamMembership.objects.filter(pk=member.pk).exists()


def test_another_companys_member_cannot_open_the_leave_confirmation(client, owner):
    outsider = MembershipFactory(role="owner")
    client.force_login(outsider.user)
    assert client.get(f"/tenants/{owner.company.pk}/team/leave/").status_code == 404


def test_inviting_an_address_again_says_the_earlier_link_no_longer_works(client, owner, settings):
    client.force_login(owner.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = f"/tenants/{owner.company.pk}/team/"
    form = {"email": "again@example.kr", "role": "member", "language": "en"}

    def said(response):
        return [str(m) for m in response.context["messages"]]

    assert said(client.post(url, form, follow=True)) == ["The invitation is on its way to again@example.kr."]
    assert said(client.post(url, form, follow=True)) == [
        "A new invitation is on its way to again@example.kr; the link sent to them earlier no longer works."]
    assert Invitation.objects.filter(email="again@example.kr", revoked_at__isnull=True).count() == 1


def test_the_welcome_after_joining_has_one_full_stop_after_a_name_ending_in_one(client, owner, settings):
    owner.company.name_ko = owner.company.name_en = "Yangjae Vision AI Inc."
    owner.company.save(update_fields=["name_ko", "name_en"])
    colleague = UserFactory()
    invitation = invite(owner, email=colleague.email)
    client.force_login(colleague)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(f"/tenants/invitations/{invitation.token}/", follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Welcome to Yangjae Vision AI Inc."]


def test_managers_keep_the_tax_invoice_details_up_to_date_and_members_cannot(client, owner):
    company = owner.company
    url = f"/tenants/{company.pk}/edit/"
    data = {"name_ko": company.name_ko, "ai_field": "vision", "representative": "박대표", "business_type": "정보통신업",
            "business_item": "데이터베이스 및 온라인정보 제공업", "tax_invoice_email": "tax@company.kr"}
    admin_member = MembershipFactory(company=company, role="admin")
    client.force_login(admin_member.user)
    page = client.get(url).content.decode()
    assert 'name="representative"' in page and 'name="tax_invoice_email"' in page
    # A bad e-mail and a missing representative are explained beside their fields; the rest is kept.
    response = client.post(url, {**data, "tax_invoice_email": "tax@", "representative": ""})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"tax_invoice_email", "representative"}
    assert 'value="데이터베이스 및 온라인정보 제공업"' in response.content.decode()
    assert client.post(url, data).status_code == 302
    company.refresh_from_db()
    assert (company.representative, company.business_item, company.tax_invoice_email) == (
        "박대표", "데이터베이스 및 온라인정보 제공업", "tax@company.kr")
    member = MembershipFactory(company=company, role="member")
    client.force_login(member.user)
    assert client.get(url).status_code == 403
    assert client.post(url, {**data, "representative": "다른 사람"}).status_code == 403
    company.refresh_from_db()
    assert company.representative == "박대표"
