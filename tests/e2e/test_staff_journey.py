"""From a submitted application to a lease, in a real browser, in Korean and in English: staff pass the
eligibility check in the admin, two evaluators score both stages in their area, staff prepare the
decisions and release the results, offer a unit, the applicant accepts it, and staff find the lease.

Every person uses their own browser profile (their cookies are set aside while another person works)
and reads the portal and the admin in the language of their profile. Each key page is checked with axe
and saved at desktop width and at 375 px (build/artifacts/screenshots/staff-journey/...)."""

import re
from decimal import Decimal

import pytest
from django.core import mail
from playwright.sync_api import expect

from applications.workflow import Status
from evaluations.models import Scorecard
from tenants.models import Lease, LeaseStatus, Offer, OfferStatus
from tests.accounts.helpers import link_in_mail
from tests.factories import (
    ApplicantFactory,
    ApplicationDocumentFactory,
    AssignmentFactory,
    ClosedCallFactory,
    EvaluatorFactory,
    StaffFactory,
    SubmittedApplicationFactory,
    UnitFactory,
    UnitTypeFactory,
)

from .browser import DESKTOP, MOBILE, People, Screenshots

pytestmark = pytest.mark.browser

TEXT = {
    "ko": {
        "applications": "입주 신청", "eligible": "요건 충족: 1차 평가로", "stage1": "1차 서면평가",
        "stage2_button": "2차 평가로", "ranking": "공고별 순위", "declare": "신고",
        "no_conflict": "이 기업과 이해충돌이 없습니다.", "submit_scores": "확인 및 제출",
        "confirm_scores": "점수 제출 및 잠금",
        "scores_submitted": "점수를 제출했습니다.", "prepare": "선정 결과 준비", "apply_decisions": "이대로 결정하기",
        "select": "선정", "release": "결과 발표", "result_mail": "2031-1 공고 결과: 신청 2031-1-0001",
        "add": "추가", "choose_unit": "호실 선택", "offer_unit": "이 호실을 제안합니다", "answer": "답변",
        "accept": "수락", "send_answer": "답변 보내기",
        "tax_email": "세금계산서 수신 이메일", "leases": "임대차 계약", "company": "주식회사 양재인공지능",
    },
    "en": {
        "applications": "Applications", "eligible": "Eligible: move to stage 1",
        "stage1": "Stage 1: written evaluation", "stage2_button": "Move to stage 2", "ranking": "Ranking of the call",
        "declare": "Declare", "no_conflict": "I have no conflict of interest with this company.",
        "submit_scores": "Review and submit",
        "confirm_scores": "Submit and lock the scores", "scores_submitted": "Your scores were submitted.",
        "prepare": "Prepare decisions", "apply_decisions": "Apply these decisions", "select": "Select",
        "release": "Release results", "result_mail": "Result of call 2031-1: application 2031-1-0001",
        "add": "Add", "choose_unit": "Choose a unit", "offer_unit": "Offer this unit", "answer": "Your answer",
        "accept": "Accept", "send_answer": "Send my answer",
        "tax_email": "Tax invoice e-mail", "leases": "Leases", "company": "Yangjae AI Inc.",
    },
}


def expect_language(page, lang: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", lang)


def assert_apart(first, second) -> None:
    """Neither element covers the other (a layout that lets buttons rise over a heading fails)."""
    a, b = first.bounding_box(), second.bounding_box()
    assert (a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"]
            or a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]), (a, b)


def admin_model(page, model: str, name: str):
    """The link to a model's list on the admin's home page."""
    return page.locator(f"tr.model-{model}").get_by_role("link", name=name, exact=True)


def score(page, t, points: list[int]) -> None:
    """From the evaluator's worklist: declare no conflict of interest, then give the points."""
    page.get_by_role("link", name=t["declare"], exact=True).click()
    page.get_by_label(t["no_conflict"]).check()
    page.get_by_role("button", name=t["declare"], exact=True).click()
    page.wait_for_url(re.compile(r"/evaluations/applications/\d+/$"))
    for field, value in zip(page.get_by_role("spinbutton").all(), points, strict=True):
        field.fill(str(value))


def submit_scores(page, t) -> None:
    """"Review and submit", then the confirmation page's button, which locks the scores."""
    page.get_by_role("button", name=t["submit_scores"]).click()
    page.get_by_role("button", name=t["confirm_scores"]).click()
    expect(page.get_by_role("status").filter(has_text=t["scores_submitted"])).to_be_visible()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_from_submitted_application_to_lease(page, lang):
    t = TEXT[lang]
    shots = Screenshots("staff-journey")
    # Before the journey: the unit on offer, the closed call, its committee, a submitted application.
    unit_type = UnitTypeFactory(code="33", area_pyeong=Decimal("33"))
    unit = UnitFactory(unit_type=unit_type, code="5F-03", seats=30)
    building = unit.floor.building
    building.market_rent_per_pyeong, building.rent_discount_percent = 120_000, 80
    building.management_fee_per_pyeong, building.deposit_months = 15_000, 3
    building.save()
    call = ClosedCallFactory(code="2031-1", building=building)
    call.units_on_offer.add(unit)
    staff = StaffFactory(name="박주무관" if lang == "ko" else "Jumu Park", preferred_language=lang)
    evaluators = [EvaluatorFactory(name=name, preferred_language=lang) for name in ("김평가", "이평가")]
    for evaluator in evaluators:
        for stage in (1, 2):
            AssignmentFactory(evaluator=evaluator, call=call, stage=stage)
    applicant = ApplicantFactory(email=f"founder-{lang}@startup.kr", preferred_language=lang)
    application = SubmittedApplicationFactory(
        call=call, applicant=applicant, receipt_number="2031-1-0001", company_name_ko="주식회사 양재인공지능",
        company_name_en="Yangjae AI Inc.", business_registration_number="1208147521", ceo_name="홍길동",
        ai_field="language", headcount=24, desired_unit_type=unit_type,
        head_office_address="서울특별시 서초구 강남대로 27", contact_phone="010-5555-6666",
    )
    ApplicationDocumentFactory(application=application)
    people = People(page)

    # Staff open the application from the admin's list and pass the eligibility check.
    people.turn("staff", user=staff, start="/admin/")
    expect_language(page, lang)
    admin_model(page, "application", t["applications"]).click()
    page.get_by_role("link", name="2031-1-0001").click()
    page.wait_for_url(re.compile(rf"/admin/applications/application/{application.pk}/change/$"))
    assert_apart(page.locator(".object-tools"), page.get_by_role("heading", name=re.compile("^2031-1-0001")))
    shots.key_page(page, "1-admin-application")
    page.get_by_role("button", name=t["eligible"]).click()
    expect(page.locator(".messagelist .success")).to_contain_text(t["eligible"])
    application.refresh_from_db()
    assert application.status == Status.STAGE1

    # Each evaluator, on their own, declares no conflict of interest and scores the written stage.
    for number, (evaluator, points) in enumerate(zip(evaluators, ([35, 25, 25], [30, 25, 20]), strict=True)):
        people.turn(f"evaluator-{number}", user=evaluator, start="/evaluations/")
        expect_language(page, lang)
        row = page.locator(f"tr[data-application='{application.pk}']")
        expect(row).to_contain_text(t["stage1"])
        if number == 0:
            shots.key_page(page, "2-evaluator-worklist")
        score(page, t, points)
        if number == 0:
            shots.key_page(page, "3-scorecard")
        submit_scores(page, t)
    assert sorted(Scorecard.objects.filter(stage=1).values_list("total", flat=True)) == [75, 85]

    # Staff move the application to the presentation stage, which the same evaluators score.
    people.turn("staff", start=f"/admin/applications/application/{application.pk}/change/")
    page.get_by_role("button", name=t["stage2_button"]).click()
    expect(page.locator(".messagelist .success")).to_contain_text(t["stage2_button"])

    for number, points in enumerate(([36, 26, 24], [32, 24, 22])):
        people.turn(f"evaluator-{number}", start="/evaluations/")
        score(page, t, points)
        submit_scores(page, t)

    # Staff prepare the decisions from the ranking, apply them and release the results.
    people.turn("staff", start=f"/admin/applications/application/{application.pk}/change/")
    page.get_by_role("link", name=t["ranking"]).click()
    ranking = page.locator("#content-main table")
    expect(ranking).to_contain_text("80.00")  # stage 1: (85 + 75) / 2
    expect(ranking).to_contain_text("82.00")  # stage 2: (86 + 78) / 2, the final score
    shots.key_page(page, "4-ranking")
    page.get_by_role("link", name=t["prepare"]).click()
    expect(page.locator("tr[data-decision='select']")).to_contain_text("2031-1-0001")
    shots.key_page(page, "5-decisions")
    page.get_by_role("button", name=t["apply_decisions"]).click()
    expect(page.locator(".messagelist .success")).to_contain_text(t["select"])
    page.get_by_role("link", name=t["release"]).click()
    shots.key_page(page, "6-release")
    mail.outbox.clear()
    page.get_by_role("button", name=t["release"]).click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    application.refresh_from_db()
    assert application.status == Status.SELECTED
    [result] = mail.outbox  # the result, to the applicant only, in their language
    assert result.to == [applicant.email] and result.subject == t["result_mail"]

    # Staff offer the unit from the "Offer a unit" page.
    page.goto("/admin/")
    admin_model(page, "offer", t["add"]).click()  # the allocation page, where staff choose a unit
    page.get_by_role("link", name=t["choose_unit"]).click()
    page.get_by_label("5F-03").check()
    shots.key_page(page, "7-offer-unit")
    mail.outbox.clear()
    page.get_by_role("button", name=t["offer_unit"]).click()
    page.wait_for_url(re.compile(r"/admin/tenants/offer/\d+/change/$"))
    offer = Offer.objects.get(application=application)
    assert offer.status == OfferStatus.PENDING and offer.unit == unit

    # The applicant opens the offer from its e-mail, logs in and accepts it.
    [message] = [m for m in mail.outbox if m.to == [applicant.email]]
    people.turn("applicant", user=applicant, start=link_in_mail(message, "/tenants/offers/"))
    expect_language(page, lang)
    page.wait_for_url(re.compile(rf"/tenants/offers/{offer.pk}/$"))
    expect(page.get_by_test_id("offer")).to_contain_text("5F-03")
    page.get_by_role("combobox", name=t["answer"]).select_option(label=t["accept"])
    page.get_by_label(t["tax_email"]).fill("tax@yangjae-ai.kr")  # where the center's tax invoices will go
    shots.key_page(page, "8-offer")
    page.get_by_role("button", name=t["send_answer"]).click()
    page.wait_for_url(re.compile(r"/tenants/\d+/$"))
    expect(page.get_by_role("status")).to_be_visible()
    shots.key_page(page, "9-company")
    lease = Lease.objects.get(unit=unit)
    assert lease.status == LeaseStatus.DRAFT and lease.company.name_ko == "주식회사 양재인공지능"

    # Staff find the draft lease in the admin.
    people.turn("staff", start="/admin/")
    admin_model(page, "lease", t["leases"]).click()
    row = page.locator("#result_list tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("5F-03")
    expect(row).to_contain_text(t["company"])  # the company's name in the reader's language
    shots.key_page(page, "10-admin-leases")

    steps = ["1-admin-application", "2-evaluator-worklist", "3-scorecard", "4-ranking", "5-decisions", "6-release",
             "7-offer-unit", "8-offer", "9-company", "10-admin-leases"]
    assert {path.stem for path in shots.taken} == {
        f"{lang}-{viewport['width']}-{step}" for step in steps for viewport in (DESKTOP, MOBILE)
    }
