"""Property-based fuzzing of the remaining applicant and public forms: the message thread, withdrawal,
the answer to a unit offer and the invitation sign-up. No input gives a server error."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

text = st.text(max_size=300)
FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def submitted(db):
    from tests.applications.conftest import make_call, make_submitted
    from tests.factories import UserFactory

    return make_submitted(applicant=UserFactory(), call=make_call())


@pytest.fixture
def offer(db):
    from tenants import services
    from tests.factories import SelectedApplicationFactory, UnitFactory, UserFactory

    unit = UnitFactory()
    application = SelectedApplicationFactory(call__building=unit.floor.building)
    return services.offer_create(application=application, unit=unit, actor=UserFactory(role="district_staff"))


@pytest.fixture
def invitation(db):
    from tenants import services
    from tests.factories import MembershipFactory

    owner = MembershipFactory(role="owner")
    return services.invitation_create(company=owner.company, email="new.colleague@example.kr", role="member",
                                      actor=owner.user)


@FUZZ
@given(body=text)
def test_the_message_thread_never_fails(client, submitted, body):
    client.force_login(submitted.applicant)
    response = client.post(f"/my/applications/{submitted.pk}/messages/", {"body": body})
    assert response.status_code in (200, 302, 400)  # a refused form answers 400 with its messages, never 5xx


@FUZZ
@given(reason=text)
def test_the_withdrawal_form_never_fails(client, submitted, reason):
    client.force_login(submitted.applicant)
    response = client.post(f"/my/applications/{submitted.pk}/withdraw/", {"reason": reason})
    assert response.status_code in (200, 302, 400)  # a refused form answers 400 with its messages, never 5xx


@FUZZ
@given(decision=st.one_of(text, st.sampled_from(["accept", "decline"])), reason=text)
def test_the_answer_to_an_offer_never_fails(client, offer, decision, reason):
    client.force_login(offer.application.applicant)
    response = client.post(f"/tenants/offers/{offer.pk}/", {"decision": decision, "reason": reason})
    assert response.status_code in (200, 302, 400)  # a refused form answers 400 with its messages, never 5xx


@FUZZ
@given(name=text, phone=text, language=text, password=text, consent=st.sampled_from(["", "on", "x"]))
def test_the_invitation_sign_up_never_fails(client, invitation, name, phone, language, password, consent):
    from django.core.cache import cache

    cache.clear()  # stay under the sign-up rate limit
    response = client.post(f"/tenants/invitations/{invitation.token}/", {
        "name": name, "phone": phone, "preferred_language": language, "password1": password,
        "password2": password, "consent_personal_data": consent,
    })
    assert response.status_code in (200, 302, 400)  # a refused form answers 400 with its messages, never 5xx
