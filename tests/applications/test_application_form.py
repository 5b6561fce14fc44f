"""The steps of the application form: partial saving, field rules, drafts that survive."""

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from applications.models import Application
from applications.selectors import STEP_FIELDS
from tests.factories import PASSWORD, START_CONSENTS, ApplicationFactory


def step_url(application, step):
    return reverse("applications:step", args=[application.pk, step])


@pytest.fixture
def draft(applicant_client, applicant, call):
    applicant_client.post(reverse("applications:start", args=[call.code]), START_CONSENTS)
    return Application.objects.get(applicant=applicant)


def test_start_creates_one_draft_and_resumes_it(applicant_client, applicant, call):
    response = applicant_client.get(reverse("applications:start", args=[call.code]))
    assert "Start my application" in response.content.decode()
    response = applicant_client.post(reverse("applications:start", args=[call.code]), START_CONSENTS)
    application = Application.objects.get(applicant=applicant)
    assert response.url == step_url(application, "company")
    assert applicant.has_role("applicant")
    assert application.contact_email == applicant.email  # prefilled from the account
    again = applicant_client.get(reverse("applications:start", args=[call.code]))
    assert again.url == step_url(application, "company")
    applicant_client.post(reverse("applications:start", args=[call.code]), START_CONSENTS)
    assert Application.objects.filter(applicant=applicant).count() == 1


@pytest.mark.parametrize("role", ["district_staff", "evaluator"])
def test_staff_and_evaluators_cannot_apply_from_their_account(client, call, role):
    from tests.factories import EvaluatorFactory, StaffFactory

    reviewer = (StaffFactory if role == "district_staff" else EvaluatorFactory)(preferred_language="en")
    client.force_login(reviewer)
    page = client.get(reverse("applications:start", args=[call.code])).content.decode()
    assert "Staff and evaluator accounts cannot apply for space" in page
    assert "Start my application" not in page
    response = client.post(reverse("applications:start", args=[call.code]), START_CONSENTS)
    assert response.status_code == 403
    assert "Please sign up with a separate account for your company" in response.content.decode()
    assert not Application.objects.filter(applicant=reviewer).exists()
    assert not reviewer.has_role("applicant")


def test_start_requires_login(client, call):
    response = client.get(reverse("applications:start", args=[call.code]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_start_is_refused_outside_the_window(applicant_client, applicant, call):
    call.closes_at = timezone.now() - timezone.timedelta(seconds=1)
    call.opens_at = call.closes_at - timezone.timedelta(days=10)
    call.save()
    page = applicant_client.get(reverse("applications:start", args=[call.code])).content.decode()
    assert "This call is closed" in page
    response = applicant_client.post(reverse("applications:start", args=[call.code]), START_CONSENTS, follow=True)
    assert "applications are no longer accepted" in response.content.decode()
    assert not Application.objects.filter(applicant=applicant).exists()


def test_start_is_refused_before_the_call_opens(applicant_client, applicant, call):
    call.opens_at = timezone.now() + timezone.timedelta(days=2)
    call.closes_at = call.opens_at + timezone.timedelta(days=10)
    call.save()
    assert "This call is not open yet" in applicant_client.get(
        reverse("applications:start", args=[call.code])).content.decode()
    response = applicant_client.post(reverse("applications:start", args=[call.code]), START_CONSENTS, follow=True)
    assert "This call is not open yet: applications open on" in response.content.decode()
    assert not Application.objects.filter(applicant=applicant).exists()


def test_progress_indicator_marks_the_current_step(applicant_client, draft):
    page = applicant_client.get(step_url(draft, "team")).content.decode()
    assert '<ol class="krds-step-wrap application-steps">' in page  # KRDS's step indicator
    assert page.count('aria-current="step"') == 1
    current = page.split('aria-current="step"')[1][:300]
    assert "Team and space" in current
    assert 'class="application-step done"' not in page  # nothing filled in yet


def test_progress_indicator_marks_the_steps_filled_in(applicant_client, applicant, call):
    application = ApplicationFactory(call=call, applicant=applicant, headcount=None)
    page = applicant_client.get(step_url(application, "company")).content.decode()
    steps = page.split('<li class="application-step')[1:]
    assert [step.split('"', 1)[0] for step in steps] == [" active current", "", " done", "", ""]
    assert "Plan and needs<span class=\"visually-hidden\"> (filled in)</span>" in steps[2]


def test_valid_fields_are_saved_and_invalid_ones_are_shown_with_what_was_typed(applicant_client, draft):
    response = applicant_client.post(step_url(draft, "company"), {
        "company_name_ko": "주식회사 양재에이아이",
        "business_registration_number": "123-45-67890",
        "ceo_name": "김대표",
        "website": "not a url at all",
        "continue": "1",
    })
    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="alert"' in page and 'href="#id_business_registration_number"' in page
    assert "This business registration number is not valid" in page
    assert 'value="123-45-67890"' in page  # what was typed stays in the form
    assert 'value="not a url at all"' in page
    draft.refresh_from_db()
    assert draft.company_name_ko == "주식회사 양재에이아이"
    assert draft.ceo_name == "김대표"
    assert draft.business_registration_number == ""


def test_save_and_continue_moves_to_the_next_step(applicant_client, draft):
    response = applicant_client.post(step_url(draft, "company"), {
        "company_name_ko": "주식회사 양재", "business_registration_number": "1208147521", "continue": "1",
    })
    assert response.status_code == 302 and response.url == step_url(draft, "team")
    draft.refresh_from_db()
    assert draft.business_registration_number == "1208147521"
    page = applicant_client.get(step_url(draft, "company")).content.decode()
    assert 'value="120-81-47521"' in page  # shown as XXX-XX-XXXXX


@pytest.mark.parametrize(("typed", "saved", "error"), [
    ("120-81-47521", "1208147521", None),
    ("1208147521", "1208147521", None),
    ("120 81 47521", "1208147521", None),
    ("120-81-47522", "", "This business registration number is not valid"),
    ("12081475", "", "A business registration number has 10 digits"),
    ("abcdefghij", "", "A business registration number has 10 digits"),
])
def test_business_registration_number_check_digit(applicant_client, draft, typed, saved, error):
    response = applicant_client.post(step_url(draft, "company"), {"business_registration_number": typed})
    draft.refresh_from_db()
    assert draft.business_registration_number == saved
    if error:
        assert error in response.content.decode()
    else:
        assert response.status_code == 302


@pytest.mark.parametrize(("typed", "saved", "error"), [
    ("", "", None),
    ("110111-1234569", "1101111234569", None),
    ("110111-1234560", "", "This corporate registration number is not valid"),
    ("110111-123", "", "A corporate registration number has 13 digits"),
])
def test_corporate_registration_number_is_optional_with_check_digit(applicant_client, draft, typed, saved, error):
    response = applicant_client.post(step_url(draft, "company"), {"corporate_registration_number": typed})
    draft.refresh_from_db()
    assert draft.corporate_registration_number == saved
    if error:
        assert error in response.content.decode()


def test_founding_date_against_the_calls_maximum_age(applicant_client, draft, call):
    call.max_company_age_years = 7
    call.save()
    too_old = timezone.localdate().replace(year=timezone.localdate().year - 8)
    response = applicant_client.post(step_url(draft, "company"), {"founded_on": too_old.isoformat()})
    assert "founded at most 7 years ago" in response.content.decode()
    draft.refresh_from_db()
    assert draft.founded_on is None
    ok = timezone.localdate().replace(year=timezone.localdate().year - 6)
    assert applicant_client.post(step_url(draft, "company"), {"founded_on": ok.isoformat()}).status_code == 302
    draft.refresh_from_db()
    assert draft.founded_on == ok


def test_headcount_is_checked_against_the_calls_range(applicant_client, draft, call):
    response = applicant_client.post(step_url(draft, "team"), {"headcount": "12", "relocation_commitment": "on"})
    assert "This call accepts companies of 20 to 42 full-time employees." in response.content.decode()
    draft.refresh_from_db()
    assert draft.headcount is None and draft.relocation_commitment is True
    applicant_client.post(step_url(draft, "team"), {"headcount": "30", "relocation_commitment": "on"})
    draft.refresh_from_db()
    assert draft.headcount == 30


def test_relocation_commitment_is_required_when_the_call_requires_it(applicant_client, draft, call):
    response = applicant_client.post(step_url(draft, "team"), {"headcount": "30"})
    assert "This call requires moving the head office into the center" in response.content.decode()
    draft.refresh_from_db()
    assert draft.headcount == 30  # the rest is saved
    call.relocation_required = False
    call.save()
    assert applicant_client.post(step_url(draft, "team"), {"headcount": "30"}).status_code == 302


@pytest.mark.parametrize(("typed", "saved", "error"), [
    ("1,200,000", 1200000, None),
    ("1200000", 1200000, None),
    ("1 200 000원", 1200000, None),
    ("0", 0, None),
    ("-5,000", None, "Enter an amount of zero or more."),
    ("1200000.50", None, "Enter whole won, without decimals"),
    ("twelve", None, "Enter an amount in won using digits only"),
])
def test_money_in_whole_won(applicant_client, draft, typed, saved, error):
    response = applicant_client.post(step_url(draft, "plan"), {"revenue_last_year": typed})
    draft.refresh_from_db()
    assert draft.revenue_last_year == saved
    if error:
        assert error in response.content.decode()


def test_amounts_are_shown_with_thousands_separators(applicant_client, draft):
    applicant_client.post(step_url(draft, "plan"), {"total_investment": "350000000"})
    assert 'value="350,000,000"' in applicant_client.get(step_url(draft, "plan")).content.decode()


def test_korean_phone_is_checked_and_normalised(applicant_client, draft):
    response = applicant_client.post(step_url(draft, "plan"), {"contact_phone": "12345"})
    assert "Enter a Korean phone number" in response.content.decode()
    applicant_client.post(step_url(draft, "plan"), {"contact_phone": "01098765432"})
    draft.refresh_from_db()
    assert draft.contact_phone == "010-9876-5432"


def test_a_draft_survives_a_new_session(client, applicant, draft):
    client.force_login(applicant)
    client.post(step_url(draft, "company"), {"company_name_ko": "다시 만나는 회사", "ceo_name": "최대표"})
    client.post(reverse("accounts:logout"))
    assert client.get(step_url(draft, "company")).status_code == 302  # logged out
    assert client.login(username=applicant.email, password=PASSWORD)
    page = client.get(step_url(draft, "company")).content.decode()
    assert 'value="다시 만나는 회사"' in page and 'value="최대표"' in page


def test_moving_to_another_step_through_the_progress_list_saves_first(applicant_client, draft):
    response = applicant_client.post(step_url(draft, "team"), {"headcount": "28", "relocation_commitment": "on",
                                                               "goto": "review"})
    assert response.status_code == 302
    assert response.url == reverse("applications:review", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.headcount == 28
    page = applicant_client.get(step_url(draft, "team")).content.decode()
    assert "js/step-form.js" in page and 'data-step="plan"' in page


def test_an_unknown_step_is_404(applicant_client, draft):
    assert applicant_client.get(step_url(draft, "secrets")).status_code == 404


text = st.text(max_size=300)


@pytest.mark.parametrize("step", ["company", "team", "plan"])
def test_garbage_input_never_causes_a_server_error(applicant_client, draft, step):
    fields = STEP_FIELDS[step]

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.fixed_dictionaries({name: text for name in fields}))
    def post(data):
        response = applicant_client.post(step_url(draft, step), {k: v.replace("\x00", "") for k, v in data.items()})
        assert response.status_code in (200, 302)

    post()
