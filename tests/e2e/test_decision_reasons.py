"""The applicant of a non-selected application reads the decision's reasons on the application page, in
Chromium: in English their English, or the Korean ones under a note when staff gave none."""

import pytest
from playwright.sync_api import expect

from applications.workflow import Status
from evaluations.services import application_staff_transition, call_release_results
from tests.e2e.browser import Screenshots, log_in, switch_language
from tests.factories import PASSWORD, StaffFactory, SubmittedApplicationFactory

KOREAN = "서면평가 합계 점수가 합격 기준(60점)에 미달하였습니다."
ENGLISH = "The total of the written evaluation was below the pass mark (60 points)."


@pytest.mark.parametrize(("lang", "reason_en"), [("en", ENGLISH), ("en", ""), ("ko", ENGLISH)],
                         ids=["en-english-reasons", "en-korean-only", "ko"])
def test_the_reasons_of_a_non_selection_on_the_applicants_page(page, lang, reason_en):
    application = SubmittedApplicationFactory(status=Status.STAGE1)
    staff = StaffFactory()
    application_staff_transition(application=application, name="not_select", actor=staff, reason=KOREAN,
                                 reason_en=reason_en)
    call_release_results(call=application.call, actor=staff)

    page.goto("/accounts/login/")
    if lang != "ko":
        switch_language(page, "English", lang)
    log_in(page, email=application.applicant.email, password=PASSWORD)
    page.goto(f"/my/applications/{application.pk}/")
    card = page.get_by_test_id("decision-notice")
    reasons = card.get_by_test_id("decision-reasons")
    if lang == "ko":
        expect(reasons).to_have_text(KOREAN)
    elif reason_en:
        expect(reasons).to_have_text(ENGLISH)
        expect(card.get_by_test_id("decision-reasons-note")).to_have_count(0)
    else:
        expect(card.get_by_test_id("decision-reasons-note")).to_have_text("The reasons were given in Korean only:")
        expect(reasons).to_have_text(KOREAN)
        expect(reasons).to_have_attribute("lang", "ko")
    Screenshots("decision-reasons").key_page(page, "english-reasons" if reason_en else "korean-only")
