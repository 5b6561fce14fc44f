"""The application's notice and consents at the start, the truthfulness declaration on submission kept
with the receipt, and the consent form the portal generates for the call's consent document."""

import re

import pytest
from django.urls import reverse

from applications.consents import APPLICATION_NOTICE_VERSION
from applications.models import Application, Status
from tests.applications.conftest import make_complete_draft
from tests.exemptions.conftest import pdf_text
from tests.factories import DECLARATION, START_CONSENTS, UserFactory


@pytest.fixture(autouse=True)
def english(settings, client):
    """The pages read in English here (the Korean wording is checked where it matters)."""
    settings.LANGUAGE_CODE = "en"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

def _start(call):
    return reverse("applications:start", args=[call.code])


def test_the_start_page_shows_two_separate_highlighted_consents_not_ticked(applicant_client, call):
    html = applicant_client.get(_start(call)).content.decode()
    for purpose, name in (("application_collection", "consent_collection"),
                          ("application_committee", "consent_committee")):
        notice = html[html.index(f'data-consent="{purpose}"'):]
        notice = notice[:notice.index("</fieldset>")]
        assert len(re.findall(r"consent-important\"><strong><u>", notice)) == 4
        box = re.search(rf'<input[^>]*name="{name}"[^>]*>', notice).group(0)
        assert "checked" not in box
    assert "representative" in html and "revenue" in html and "third persons" in html
    assert "outside evaluation committee" in html


def test_no_draft_without_both_consents_and_the_refusal_is_beside_each_box(applicant_client, applicant, call):
    response = applicant_client.post(_start(call), {"consent_collection": "on"})
    assert response.status_code == 200 and not Application.objects.exists()
    html = response.content.decode()
    assert "Without this consent the application cannot be evaluated" in html
    box = re.search(r'<input[^>]*name="consent_collection"[^>]*>', html).group(0)
    assert "checked" in box  # what was ticked stays ticked


def test_the_consents_are_recorded_with_their_version_and_time(applicant_client, applicant, call):
    applicant_client.post(_start(call), START_CONSENTS)
    application = Application.objects.get(applicant=applicant)
    assert application.consent_version == APPLICATION_NOTICE_VERSION
    assert application.consent_collection_at and application.consent_committee_at


def test_a_draft_started_before_the_consents_asks_for_them_and_cannot_be_submitted(applicant_client, applicant,
                                                                                   call):
    draft = make_complete_draft(applicant=applicant, call=call, consent_collection_at=None,
                                consent_committee_at=None, consent_version="")
    review = applicant_client.get(reverse("applications:review", args=[draft.pk])).content.decode()
    assert "consents to the collection of personal data" in review
    page = applicant_client.get(_start(call))
    assert page.status_code == 200 and "give the two consents" in page.content.decode()
    applicant_client.post(reverse("applications:submit", args=[draft.pk]), DECLARATION)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    response = applicant_client.post(_start(call), START_CONSENTS)
    assert response.url == reverse("applications:step", args=[draft.pk, "company"])
    draft.refresh_from_db()
    assert draft.consent_collection_at is not None


def test_submission_needs_the_declaration_and_the_refusal_stays_on_the_review_page(applicant_client, applicant,
                                                                                  call):
    draft = make_complete_draft(applicant=applicant, call=call)
    review = applicant_client.get(reverse("applications:review", args=[draft.pk])).content.decode()
    box = re.search(r'<input[^>]*name="declared_true"[^>]*>', review).group(0)
    assert "checked" not in box and "I confirm that the above is true." in review
    refused = applicant_client.post(reverse("applications:submit", args=[draft.pk]), {})
    assert refused.status_code == 200
    html = refused.content.decode()
    assert 'id="id_declared_true_error"' in html and "Tick the declaration" in html
    assert draft.company_name_ko in html  # the review with everything entered, nothing lost
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and not draft.receipt_number and draft.truth_declared_at is None

    response = applicant_client.post(reverse("applications:submit", args=[draft.pk]), DECLARATION, follow=True)
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED and draft.truth_declared_at == draft.submitted_at
    detail = response.content.decode()
    assert draft.receipt_number in detail and "I confirm that the above is true." in detail
    assert "Declared on submission" in detail


def test_staff_see_the_consents_and_declaration_in_the_admin(client, applicant, call):
    from applications import services

    draft = make_complete_draft(applicant=applicant, call=call)
    services.application_submit(application=draft, actor=applicant, declared_true=True)
    client.force_login(UserFactory(role="district_staff", is_staff=True))
    html = client.get(reverse("admin:applications_application_change", args=[draft.pk])).content.decode().lower()
    assert "declared the application true at" in html and "consented to the evaluation committee" in html
    assert APPLICATION_NOTICE_VERSION in html


def test_the_consent_form_is_generated_in_both_languages_and_offered_beside_its_upload(applicant_client,
                                                                                       applicant, call):
    draft = make_complete_draft(applicant=applicant, call=call)
    page = applicant_client.get(reverse("applications:documents", args=[draft.pk])).content.decode()
    consent_type = call.document_types.get(generated_form="personal_data_consent")
    card = page[page.index(f'id="document-{consent_type.pk}"'):]
    card = card[:card.index("</li>")]
    ko_url = reverse("applications:consent_form", args=[call.code, "ko"])
    en_url = reverse("applications:consent_form", args=[call.code, "en"])
    assert ko_url in card and en_url in card
    other = call.document_types.exclude(pk=consent_type.pk).first()
    other_card = page[page.index(f'id="document-{other.pk}"'):]
    assert ko_url not in other_card[:other_card.index("</li>")]

    korean = applicant_client.get(ko_url)
    assert korean.status_code == 200 and korean["Content-Type"] == "application/pdf"
    text = pdf_text(korean.content)
    assert "개인정보 수집" in text and "서명" in text
    english = pdf_text(applicant_client.get(en_url).content)
    assert "Consent to the collection and use of personal data" in english
    assert "evaluation committee" in english and "Signature or seal" in english
    assert applicant_client.get(reverse("applications:consent_form", args=[call.code, "fr"])).status_code == 404


@pytest.mark.parametrize(("language", "expected"), [
    ("en", ["their documents are destroyed 1 year after the decision",
            "the rest of their personal data 5 years after the call closes",
            "destroyed 90 days after the call closes"]),
    ("ko", ["결정 후 1년", "공고 마감 후 5년", "공고 마감 후 90일"]),
])
def test_the_collection_notice_states_the_retention_periods_of_the_schedule(applicant_client, call, settings,
                                                                          language, expected):
    from privacy.models import RetentionSchedule
    from privacy.retention import retention_schedule_sync

    settings.LANGUAGE_CODE = language
    applicant_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = applicant_client.get(_start(call)).content.decode()
    for text in expected:
        assert text in html
    assert "privacy policy" not in html.split('data-consent="application_collection"')[1].split("</fieldset>")[0]
    retention_schedule_sync()
    RetentionSchedule.objects.filter(rule="applications.unsuccessful_documents").update(days=730)
    changed = "2 years after the decision" if language == "en" else "결정 후 2년"
    assert changed in applicant_client.get(_start(call)).content.decode()
    pdf = pdf_text(applicant_client.get(reverse("applications:consent_form", args=[call.code, language])).content)
    assert re.sub(r"\s+", "", changed) in re.sub(r"\s+", "", pdf)  # the generated form states it too


def test_a_consent_keeps_the_periods_it_stated_after_staff_change_the_schedule(applicant_client, applicant, call,
                                                                              client):
    """Staff change a period under the same wording: the earlier consent still shows the period agreed to (the
    admin and "download my data", both languages), a consent given afterwards the new one."""
    import json

    from privacy.models import RetentionSchedule
    from privacy.retention import retention_schedule_sync

    applicant_client.post(_start(call), START_CONSENTS)
    earlier = Application.objects.get(applicant=applicant)
    retention_schedule_sync()
    RetentionSchedule.objects.filter(rule="applications.unsuccessful_documents").update(days=730)
    newcomer = UserFactory()
    client.force_login(newcomer)
    client.post(_start(call), START_CONSENTS)
    later = Application.objects.get(applicant=newcomer)
    assert earlier.consent_version == later.consent_version == APPLICATION_NOTICE_VERSION

    agreed = {earlier: ("결정 후 1년", "destroyed 1 year after the decision"),
              later: ("결정 후 2년", "destroyed 2 years after the decision")}
    client.force_login(UserFactory(role="district_staff", is_staff=True))
    for application, (korean, english) in agreed.items():
        html = client.get(reverse("admin:applications_application_change", args=[application.pk])).content.decode()
        assert korean in html and english in html
        other = agreed[later if application == earlier else earlier]
        assert other[0] not in html and other[1] not in html

    for owner, application in ((applicant, earlier), (newcomer, later)):
        client.force_login(owner)
        [consent] = json.loads(client.get(reverse("accounts:my_data")).content)["application_consents"]
        korean, english = agreed[application]
        assert korean in consent["retention_ko"] and english in consent["retention_en"]
        assert consent["version"] == APPLICATION_NOTICE_VERSION and consent["collection_consented_at"]


def test_a_consent_given_before_the_notice_stated_periods_says_so_in_the_admin(client, applicant, call):
    draft = make_complete_draft(applicant=applicant, call=call, consent_version="2026-12-01", consent_periods={})
    client.force_login(UserFactory(role="district_staff", is_staff=True))
    html = client.get(reverse("admin:applications_application_change", args=[draft.pk])).content.decode()
    assert "Not recorded: the notice of this version stated no periods." in html
