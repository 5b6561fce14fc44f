"""Co-applicants in a real browser, in Korean and in English: the applicant invites a colleague as an editor,
the colleague opens the e-mailed link, accepts and changes a step, the applicant sees who changed what and
submits.

Each key page is checked with axe and saved at desktop width and at 375 px
(build/artifacts/screenshots/coapplicant-journey/<lang>-<width>-<step>.png)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from applications.models import Application, ApplicationCollaborator
from tests.accounts.helpers import link_in_mail
from tests.applications.conftest import make_call, make_complete_draft
from tests.factories import UserFactory

from .browser import DESKTOP, MOBILE, People, Screenshots

pytestmark = pytest.mark.browser

TEXT = {
    "ko": {
        "email": "이메일 주소",
        "editor": "편집자(신청서 작성 가능)",
        "send": "초대 보내기",
        "accept": "초대 수락",
        "ceo": "대표자",
        "save": "저장",
        "representative_submits": "신청자(대표)만 제출",
        "editor_label": "편집자",
        "declaration": "위 내용이 사실임을 확인합니다.",
        "submit": "신청서 제출",
        "invite_subject": "신청서 공동작성 초대",
    },
    "en": {
        "email": "E-mail address",
        "editor": "Editor (may fill in the steps)",
        "send": "Send the invitation",
        "accept": "Accept the invitation",
        "ceo": "CEO",
        "save": "Save",
        "representative_submits": "Only the applicant (the representative) submits",
        "editor_label": "Editor",
        "declaration": "I confirm that the above is true.",
        "submit": "Submit the application",
        "invite_subject": "Invitation to work on an application",
    },
}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_coapplicant_journey(page, lang):
    t = TEXT[lang]
    call = make_call(code=f"2026-{lang}")
    owner = UserFactory(name="김대표" if lang == "ko" else "Jiwon Kim", preferred_language=lang)
    colleague = UserFactory(
        name="이동료" if lang == "ko" else "Minji Lee", email=f"colleague-{lang}@startup.kr", preferred_language=lang
    )
    draft = make_complete_draft(applicant=owner, call=call, ceo_name="김대표")
    detail = f"/my/applications/{draft.pk}/"
    shots = Screenshots("coapplicant-journey")
    people = People(page)

    # The applicant invites a colleague as an editor from the draft's page.
    people.turn("owner", user=owner, start=detail)
    team = page.get_by_test_id("team")
    team.get_by_label(re.compile(rf"^\s*{re.escape(t['email'])}")).fill(colleague.email)
    team.get_by_label(t["editor"]).check()
    team.get_by_role("button", name=t["send"]).click()
    page.wait_for_url(re.compile(rf"{detail}#team$"))
    expect(page.get_by_test_id("invitation")).to_contain_text(colleague.email)
    shots.key_page(page, "1-invited")

    # The colleague opens the e-mailed link, signs in and accepts.
    [message] = [m for m in mail.outbox if m.to == [colleague.email]]
    assert t["invite_subject"] in message.subject
    link = link_in_mail(message, "/my/applications/invitations/")
    people.turn("colleague", user=colleague, start=link)
    page.wait_for_url(re.compile(re.escape(link) + "$"))
    shots.key_page(page, "2-invitation")
    page.get_by_role("button", name=t["accept"]).click()
    page.wait_for_url(re.compile(rf"{detail}$"))
    assert ApplicationCollaborator.objects.get(application=draft).user == colleague
    expect(page.get_by_test_id("collaborator-note")).to_be_visible()
    owner_mail = [m for m in mail.outbox if m.to == [owner.email]]
    assert owner_mail and colleague.name in owner_mail[-1].subject

    # The colleague changes a step; the review page leaves the submission to the applicant.
    page.goto(f"{detail}edit/company/")
    page.get_by_label(re.compile(rf"^\s*{re.escape(t['ceo'])}\s*\*?\s*$")).fill("박공동")
    page.get_by_role("button", name=t["save"], exact=True).click()
    page.wait_for_url(re.compile(r"/edit/company/$"))
    assert Application.objects.get(pk=draft.pk).ceo_name == "박공동"
    shots.key_page(page, "3-editor-step")
    page.goto(f"{detail}review/")
    expect(page.get_by_test_id("representative-submits")).to_contain_text(t["representative_submits"])
    expect(page.get_by_role("button", name=t["submit"])).to_have_count(0)

    # The applicant sees who changed what, then submits.
    people.turn("owner", start=detail)
    edits = page.get_by_test_id("edits")
    expect(edits).to_contain_text(colleague.name)
    expect(edits).to_contain_text(t["editor_label"])
    shots.key_page(page, "4-history")
    page.goto(f"{detail}review/")
    page.get_by_label(t["declaration"]).check()
    page.get_by_role("button", name=t["submit"]).click()
    page.wait_for_url(re.compile(rf"{detail}$"))
    draft.refresh_from_db()
    assert draft.status == "submitted" and draft.ceo_name == "박공동"

    steps = ["1-invited", "2-invitation", "3-editor-step", "4-history"]
    assert {p.stem for p in shots.taken if p.stem.startswith(lang)} == {
        f"{lang}-{viewport['width']}-{step}" for step in steps for viewport in (DESKTOP, MOBILE)
    }
