"""Irreversible steps ask first, and the pages around them explain themselves, in a real browser, in Korean
and in English: an evaluator reads the rubric, watches the running total, sees the deadline and confirms the
scores before they lock; staff read how the ranking is made, see why slots cannot be assigned and why the
results cannot be released yet, and preview the month's billing run before starting it; a tenant chooses a
day and a room, books one of its free times and cancels it from the list at the top.

Each key page is checked with axe (no serious or critical violation) and for sideways scrolling, and
saved at 1280 and 375 px (build/artifacts/screenshots/confirmations-journey/...)."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from applications.services import application_transition
from applications.workflow import Status
from billing.models import BillingRun, Invoice
from evaluations.models import Scorecard, ScoringDeadline
from tenants.models import Booking
from tests.exemptions.conftest import make_tenant
from tests.factories import (
    ApplicationDocumentFactory,
    AssignmentFactory,
    BankBuildingFactory,
    BillingLeaseFactory,
    ClosedCallFactory,
    EvaluatorFactory,
    FloorFactory,
    MeetingRoomFactory,
    StaffFactory,
    SubmittedApplicationFactory,
    UnitFactory,
)

from .browser import Screenshots

pytestmark = pytest.mark.browser

TEXT = {
    "ko": {
        "no_conflict": "이 기업과 이해충돌이 없습니다.", "declare": "신고", "deadline": "평가 마감:",
        "days_left": "5일 남았습니다.", "innovation": "기술 혁신성", "up_to_40": "(최대 40점)",
        "description": "AI 기술의 독창성과 수준", "review": "확인 및 제출", "confirm_title": "점수 제출",
        "locked_warning": "제출하면 점수가 잠기고", "confirm": "점수 제출 및 잠금", "submitted": "점수를 제출했습니다.",
        "too_many": "40 이하", "rules": "순위를 정하는 방법", "final": "최종 점수는 1 × 2차 점수입니다.",
        "pass_mark": "결과(합격 기준 60점)", "no_slots": "이 공고에는 아직 발표 시간이 없습니다.",
        "unscored": "평가를 거쳤지만 점수가 없는 신청이 1건 있습니다.", "pending": "아직 결정되지 않은 신청",
        "preview": "청구 작업 미리 보기", "will_issue": "청구서 2건을 발행하여",
        "skipped": "1건의 임대차 계약은 건너뜁니다.",
        "draft_reason": "“작성 중” 상태의 계약은 청구하지 않습니다.", "start_run": "2031-03 청구 작업 시작",
        "date": "날짜", "room": "회의실", "show": "빈 시간 보기", "choose_first": "날짜와 회의실을 선택하면",
        "purpose": "사용 목적(선택)", "purpose_text": "투자 유치 회의", "book": "예약하기", "booked": "예약했습니다",
        "cancel": "예약 취소", "really": "정말 취소하시겠습니까?", "yes_cancel": "예, 예약을 취소합니다",
        "cancelled": "예약을 취소했습니다.",
    },
    "en": {
        "no_conflict": "I have no conflict of interest with this company.", "declare": "Declare",
        "deadline": "Scoring deadline:", "days_left": "5 days left.", "innovation": "Technological innovation",
        "up_to_40": "(up to 40 points)", "description": "How original and advanced the AI technology is",
        "review": "Review and submit", "confirm_title": "Submit your scores",
        "locked_warning": "Once submitted, your scores are locked", "confirm": "Submit and lock the scores",
        "submitted": "Your scores were submitted.", "too_many": "less than or equal to 40",
        "rules": "How the ranking is made", "final": "The final score is 1 × the stage 2 score",
        "pass_mark": "Result (pass mark 60)", "no_slots": "No presentation slots exist for this call yet",
        "unscored": "1 application was evaluated but has no scores", "pending": "has no decision yet",
        "preview": "Preview the run", "will_issue": "2 invoices will be issued",
        "skipped": "1 lease of the month is skipped.", "draft_reason": "Not billed in its status “Draft”",
        "start_run": "Start the run of 2031-03", "date": "Date", "room": "Room", "show": "Show free times",
        "choose_first": "Choose a day and a room", "purpose": "Purpose (optional)",
        "purpose_text": "Investor meeting", "book": "Book", "booked": "Booked:", "cancel": "Cancel the booking",
        "really": "Do you really want to cancel it?", "yes_cancel": "Yes, cancel the booking",
        "cancelled": "The booking is cancelled.",
    },
}
STEPS = ["1-scorecard", "2-scorecard-errors", "3-scorecard-confirm", "4-ranking", "5-release-refused",
         "6-billing-preview", "7-rooms-choose", "8-rooms-free-times", "9-booking-cancel"]


def as_user(page, live_server, user, lang: str) -> None:
    """`user` at the keyboard, reading `lang`: their session and language cookies, no one else's."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies([
        {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
         "url": live_server.url},
        {"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": live_server.url},
    ])


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_irreversible_steps_ask_first_and_the_pages_explain_themselves(page, live_server, lang):
    t = TEXT[lang]
    shots = Screenshots("confirmations-journey")
    call = ClosedCallFactory(code="2031-9")
    staff = StaffFactory(preferred_language=lang)
    evaluator = EvaluatorFactory(preferred_language=lang)
    AssignmentFactory(evaluator=evaluator, call=call, stage=1)
    ScoringDeadline.objects.create(call=call, stage=1, due_on=timezone.localdate() + dt.timedelta(days=5))
    scored = SubmittedApplicationFactory(call=call, status=Status.STAGE1, receipt_number="2031-9-0001")
    ApplicationDocumentFactory(application=scored)
    # decided without the scores of the stage it went through: it blocks the release
    unscored = SubmittedApplicationFactory(call=call, status=Status.ELIGIBILITY_REVIEW, receipt_number="2031-9-0002")
    unscored = application_transition(application=unscored, name="mark_eligible", actor=staff)
    application_transition(application=unscored, name="not_select", actor=staff, reason="1차 탈락")

    # The evaluator declares no conflict, then reads the rubric and the deadline and types the points.
    as_user(page, live_server, evaluator, lang)
    page.goto(f"/evaluations/applications/{scored.pk}/declare/")
    page.get_by_label(t["no_conflict"]).check()
    page.get_by_role("button", name=t["declare"], exact=True).click()
    page.wait_for_url(re.compile(rf"/evaluations/applications/{scored.pk}/$"))
    expect(page.get_by_test_id("deadline")).to_contain_text(t["deadline"])
    expect(page.get_by_test_id("deadline")).to_contain_text(t["days_left"])
    first = page.get_by_test_id("criterion").first
    expect(first.locator("legend")).to_contain_text(t["innovation"])
    expect(first.locator("legend")).to_contain_text(t["up_to_40"])
    expect(first).to_contain_text(t["description"])
    total = page.locator("#score-total")
    expect(total).to_have_text("0")
    fields = page.get_by_role("spinbutton").all()
    for field, points in zip(fields, (35, 25, 22), strict=True):
        field.fill(str(points))
    expect(total).to_have_text("82")  # the running total follows the typing
    shots.key_page(page, "1-scorecard")

    # Points beyond a criterion's maximum are refused beside the field; the total leaves them out.
    fields[0].fill("45")
    expect(total).to_have_text("47")
    page.get_by_role("button", name=t["review"]).click()
    expect(page.locator(".invalid-feedback").first).to_contain_text(t["too_many"])
    expect(page.locator("#score-total")).to_have_text("47")  # computed by the server this time
    shots.key_page(page, "2-scorecard-errors")
    page.get_by_role("spinbutton").first.fill("35")

    # "Review and submit" shows the scores and what submitting does; only its button locks them.
    page.get_by_role("button", name=t["review"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t["confirm_title"])
    expect(page.get_by_test_id("confirm-warning")).to_contain_text(t["locked_warning"])
    expect(page.get_by_test_id("confirm-total")).to_have_text("82 / 100")
    assert not Scorecard.objects.exists()
    shots.key_page(page, "3-scorecard-confirm")
    page.get_by_role("button", name=t["confirm"]).click()
    expect(page.get_by_role("status").filter(has_text=t["submitted"])).to_be_visible()
    assert Scorecard.objects.get().locked

    # Staff read how the ranking is made; slot assignment is disabled, with the reason.
    as_user(page, live_server, staff, lang)
    page.goto(f"/admin/applications/application/calls/{call.pk}/ranking/")
    expect(page.locator("#ranking-rules")).to_contain_text(t["rules"])
    expect(page.locator("#ranking-rules")).to_contain_text(t["final"])
    expect(page.locator("#content-main table thead")).to_contain_text(t["pass_mark"])
    assign = page.locator("#assign-slots input[type=submit]")
    expect(assign).to_be_disabled()
    expect(page.locator("#slot-refusal")).to_contain_text(t["no_slots"])
    shots.key_page(page, "4-ranking")

    # The release lists what blocks it and cannot be pressed.
    page.goto(f"/admin/applications/application/calls/{call.pk}/release/")
    expect(page.locator("#release-unscored")).to_contain_text(t["unscored"])
    expect(page.locator("#release-unscored")).to_contain_text("2031-9-0002")
    expect(page.locator("#release-blockers")).to_contain_text(t["pending"])
    expect(page.locator("#release-blockers")).to_contain_text("2031-9-0001")
    expect(page.locator("#content-main .submit-row .default")).to_be_disabled()
    shots.key_page(page, "5-release-refused")

    # The month's run: a preview first (invoices, total, leases skipped and why), then the run.
    floor = FloorFactory(building=BankBuildingFactory())
    billed = [BillingLeaseFactory(unit=UnitFactory(floor=floor, code=f"7F-0{n}"), start_date=dt.date(2031, 1, 1),
                                  end_date=dt.date(2032, 12, 31)) for n in (1, 2)]
    BillingLeaseFactory(unit=UnitFactory(floor=floor, code="7F-03"), status="draft", start_date=dt.date(2031, 1, 1),
                        end_date=dt.date(2032, 12, 31))
    page.goto("/admin/billing/billingrun/start/")
    page.locator("input[name=month]").fill("2031-03")
    page.get_by_role("button", name=t["preview"]).click()
    preview = page.locator("#run-preview")
    expect(preview).to_contain_text(t["will_issue"])
    expect(preview).to_contain_text("2,032,800")
    expect(preview).to_contain_text(t["skipped"])
    expect(preview.locator("tbody")).to_contain_text(t["draft_reason"])
    assert not BillingRun.objects.exists()
    shots.key_page(page, "6-billing-preview")
    page.get_by_role("button", name=t["start_run"]).click()
    page.wait_for_url(re.compile(r"/admin/billing/billingrun/\d+/progress/$"))
    assert Invoice.objects.filter(year=2031, month=3, lease__in=billed).count() == 2

    # A tenant chooses the day and the room, books a free time and cancels it from the list at the top.
    tenant = make_tenant()
    room = MeetingRoomFactory(floor=tenant.lease.unit.floor, name_ko="세미나실 B", name_en="Seminar room B")
    MeetingRoomFactory(floor=tenant.lease.unit.floor, name_ko="회의실 C", name_en="Meeting room C")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    as_user(page, live_server, tenant.owner, lang)
    page.goto(f"/tenants/{tenant.company.pk}/rooms/")
    expect(page.get_by_test_id("choose-first")).to_contain_text(t["choose_first"])
    chooser = page.get_by_test_id("room-chooser")
    chooser.get_by_label(t["date"]).fill(tomorrow.isoformat())
    chooser.get_by_label(t["room"]).select_option(str(room.pk))
    shots.key_page(page, "7-rooms-choose")
    chooser.get_by_role("button", name=t["show"]).click()
    slots = page.get_by_test_id("free-slots").get_by_role("link")
    expect(slots).to_have_count(28)
    slots.filter(has_text="14:00").click()
    form = page.locator("form[method=post]").filter(has=page.get_by_label(t["purpose"]))
    form.get_by_label(t["purpose"]).fill(t["purpose_text"])
    form.get_by_role("button", name=t["book"], exact=True).click()
    expect(page.get_by_role("status").filter(has_text=t["booked"])).to_be_visible()
    expect(page.get_by_test_id("free-slots").get_by_role("link")).to_have_count(26)  # 14:00 and 14:30 taken
    own = page.get_by_test_id("own-bookings")
    expect(own).to_contain_text(t["purpose_text"])
    expect(page.get_by_test_id("booked-times")).to_contain_text("14:00–15:00")
    shots.key_page(page, "8-rooms-free-times")
    own.get_by_role("link", name=re.compile(t["cancel"])).click()
    expect(page.get_by_role("main")).to_contain_text(t["really"])
    shots.key_page(page, "9-booking-cancel")
    page.get_by_role("button", name=t["yes_cancel"]).click()
    expect(page.get_by_role("status").filter(has_text=t["cancelled"])).to_be_visible()
    assert Booking.objects.get(room=room).cancelled_at is not None

    assert {path.stem for path in shots.taken} == {f"{lang}-{width}-{step}" for step in STEPS for width in (1280, 375)}
