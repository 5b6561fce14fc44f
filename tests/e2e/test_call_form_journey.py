"""A call's own form, in a real browser, in Korean and in English: staff build it in the admin (every type of
question, a condition and two tables), an applicant answers it (the condition shows and hides the patents
table, a row is added to the team table, a file is uploaded, a refused answer shows the question's own
message), reviews and submits; an evaluator reads and scores the answers; the call's export and "download my
data" hold them; a later version of the form changes none of them.

Key pages are checked with axe and saved at desktop width and at 375 px
(build/artifacts/screenshots/call-form-journey/<lang>-<width>-<step>.png)."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from applications import services
from applications.models import Application, FormDefinition, Question
from applications.workflow import Status
from evaluations.models import Scorecard
from tests.factories import AssignmentFactory, CallFactory, EvaluatorFactory, StaffFactory, UserFactory
from tests.privacy.reasons import remember_reason
from tests.samples import pdf_bytes

from .browser import People, Screenshots

pytestmark = pytest.mark.browser

TEXT = {
    "ko": {"start": "신청서 작성 시작", "save": "저장하고 계속", "submit": "신청서 제출",
           "declaration": "위 내용이 사실임을 확인합니다.",
           "add_row": "행 추가", "yes": "예", "no": "아니요", "declare": "신고",
           "no_conflict": "이 기업과 이해충돌이 없습니다.", "submit_scores": "확인 및 제출",
           "confirm_scores": "점수 제출 및 잠금", "scores_submitted": "점수를 제출했습니다."},
    "en": {"start": "Start my application", "save": "Save and continue", "submit": "Submit the application",
           "declaration": "I confirm that the above is true.", "add_row": "Add a row", "yes": "Yes", "no": "No",
           "declare": "Declare", "no_conflict": "I have no conflict of interest with this company.",
           "submit_scores": "Review and submit", "confirm_scores": "Submit and lock the scores",
           "scores_submitted": "Your scores were submitted."},
}

# (step, key, type, Korean, English, other fields by name)
QUESTIONS = [
    (1, "company_name", "short_text", "기업명", "Company name", {"required": True, "max_length": "100"}),
    (1, "summary", "long_text", "사업 요약", "Business summary",
     {"required": True, "min_length": "10", "error_message_ko": "사업 요약을 10자 이상 입력해 주십시오.",
      "error_message_en": "Describe the business in at least 10 characters."}),
    (1, "employees", "number", "상시 근로자 수", "Full-time employees", {"required": True, "min_value": "1"}),
    (1, "revenue", "money", "전년도 매출액", "Revenue last year", {}),
    (1, "founded", "date", "설립일", "Founding date", {"required": True}),
    (2, "field", "single_choice", "AI 분야", "AI field",
     {"required": True,
      "choices_text": "vision | 컴퓨터 비전 | Computer vision\nlanguage | 언어 모델 | Language models"}),
    (2, "support", "multiple_choice", "희망 지원", "Support wanted",
     {"choices_text": "gpu | GPU 지원 | GPU support\nfund | 투자 연계 | Fund referral"}),
    (2, "members", "table", "핵심 인력", "Key team members",
     {"required": True, "max_value": "10",
      "columns_text": "name | 이름 | Name | short_text\nrole | 직책 | Role | short_text\n"
                      "joined | 입사일 | Joined | date"}),
    (2, "has_patents", "yes_no", "보유 특허가 있습니까?", "Do you hold patents?", {"required": True}),
    (2, "patents", "table", "보유 특허", "Patents held",
     {"required": True, "condition_key": "has_patents", "condition_value": "yes",
      "columns_text": "number | 등록번호 | Number | short_text\ntitle | 명칭 | Title | short_text"}),
    (3, "pitch", "file", "소개 자료", "Pitch deck", {"allowed_formats": "pdf", "max_size_mb": "5"}),
]
STEPS = [("기업 정보", "Company"), ("팀과 기술", "Team and technology"), ("자료", "Materials")]


def build_form_in_admin(page, call) -> FormDefinition:
    """Staff add a version of the call's form, its three steps and every question, through the admin's pages."""
    page.goto(reverse("admin:applications_formdefinition_add") + f"?call={call.pk}")
    page.locator('select[name="call"]').select_option(str(call.pk))
    page.locator('input[name="note"]').fill("2026 GPU")
    page.locator('input[name="_continue"]').click()
    page.wait_for_url(re.compile(r"/formdefinition/\d+/change/"))
    definition = FormDefinition.objects.get(call=call)
    for index, (title_ko, title_en) in enumerate(STEPS):
        page.locator("#steps-group .add-row a").click()
        page.locator(f'input[name="steps-{index}-position"]').fill(str(index + 1))
        page.locator(f'input[name="steps-{index}-title_ko"]').fill(title_ko)
        page.locator(f'input[name="steps-{index}-title_en"]').fill(title_en)
    page.locator('input[name="_continue"]').click()
    page.wait_for_url(re.compile(r"/formdefinition/\d+/change/"))
    steps = list(definition.steps.order_by("position"))
    assert len(steps) == 3
    for number, step in enumerate(steps, start=1):
        page.goto(reverse("admin:applications_formstep_change", args=[step.pk]))
        rows = [q for q in QUESTIONS if q[0] == number]
        for index, (_step, key, kind, label_ko, label_en, extra) in enumerate(rows):
            page.locator("#questions-group .add-row a").click()
            prefix = f"questions-{index}-"
            page.locator(f'input[name="{prefix}position"]').fill(str(index + 1))
            page.locator(f'input[name="{prefix}key"]').fill(key)
            page.locator(f'select[name="{prefix}type"]').select_option(kind)
            page.locator(f'input[name="{prefix}label_ko"]').fill(label_ko)
            page.locator(f'input[name="{prefix}label_en"]').fill(label_en)
            for name, value in extra.items():
                target = page.locator(f'[name="{prefix}{name}"]')
                if name == "required":
                    target.check()
                elif name == "allowed_formats":
                    page.locator(f'input[name="{prefix}allowed_formats"][value="{value}"]').check()
                else:
                    target.fill(value)
        page.locator('input[name="_continue"]').click()
        expect(page.locator(".errornote")).to_have_count(0)
        page.wait_for_url(re.compile(r"/formstep/\d+/change/"))
    assert definition.questions.count() == len(QUESTIONS)
    return definition


def field(page, label: str):
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_call_form_journey(page, lang, tmp_path):
    t = TEXT[lang]
    (tmp_path / "deck.pdf").write_bytes(pdf_bytes())
    shots = Screenshots("call-form-journey")
    people = People(page)
    call = CallFactory(code=f"2031-{1 if lang == 'ko' else 2}")
    services.call_add_defaults(call=call)
    call.document_types.update(required=False)
    staff = StaffFactory(preferred_language=lang, is_staff=True)
    applicant = UserFactory(name="김지원" if lang == "ko" else "Jiwon Kim", preferred_language=lang)

    # Staff build the form in the admin.
    people.turn("staff", user=staff, start=reverse("admin:index"))
    definition = build_form_in_admin(page, call)
    shots.take(page, "1-admin-questions")
    patents = Question.objects.get(definition=definition, key="patents")
    assert (patents.condition_key, patents.condition_value) == ("has_patents", "yes")

    # The applicant answers it.
    people.turn("applicant", user=applicant, start=f"/apply/{call.code}/")
    for box in page.get_by_role("main").locator('input[type="checkbox"]').all():
        box.check()
    page.get_by_role("button", name=t["start"]).click()
    page.wait_for_url(re.compile(r"/edit/step-1/$"))

    def label(ko: str, en: str) -> str:
        return ko if lang == "ko" else en

    field(page, label("기업명", "Company name")).fill("주식회사 양재비전")
    field(page, label("사업 요약", "Business summary")).fill("짧음")
    field(page, label("상시 근로자 수", "Full-time employees")).fill("24")
    field(page, label("전년도 매출액", "Revenue last year")).fill("1,200,000,000")
    field(page, label("설립일", "Founding date")).fill("2022-03-02")
    page.get_by_role("button", name=t["save"]).click()
    expect(page.locator("#error-summary")).to_contain_text(
        label("사업 요약을 10자 이상 입력해 주십시오.", "Describe the business in at least 10 characters."))
    assert field(page, label("기업명", "Company name")).input_value() == "주식회사 양재비전"
    shots.key_page(page, "2-step-with-error")
    field(page, label("사업 요약", "Business summary")).fill("공공 문서를 요약하는 한국어 언어 모델 서비스")
    page.get_by_role("button", name=t["save"]).click()

    page.wait_for_url(re.compile(r"/edit/step-2/$"))
    page.get_by_label(label("언어 모델", "Language models")).check()
    page.get_by_label(label("GPU 지원", "GPU support")).check()
    patents_block = page.locator("#div_id_q_patents")
    yes_no = page.locator("#div_id_q_has_patents")
    yes_no.get_by_label(t["no"], exact=True).check()
    expect(patents_block).to_be_hidden()
    yes_no.get_by_label(t["yes"], exact=True).check()
    expect(patents_block).to_be_visible()
    members = page.locator("#div_id_q_members")
    members.locator('input[name="q_members-0-name"]').fill("김지원")
    members.locator('input[name="q_members-0-role"]').fill(label("대표", "CEO"))
    members.locator('input[name="q_members-0-joined"]').fill("2022-03-02")
    members.locator('input[name="q_members-1-name"]').fill("Alex Park")
    members.locator('input[name="q_members-1-role"]').fill("CTO")
    members.get_by_role("button", name=t["add_row"]).click()
    members.locator('input[name="q_members-2-name"]').fill("이서연")
    members.locator('input[name="q_members-2-role"]').fill(label("연구원", "Researcher"))
    patents_block.locator('input[name="q_patents-0-number"]').fill("10-2345678")
    patents_block.locator('input[name="q_patents-0-title"]').fill(label("문서 요약 방법", "Summarising documents"))
    shots.key_page(page, "3-step-table-condition")
    page.get_by_role("button", name=t["save"]).click()

    page.wait_for_url(re.compile(r"/edit/step-3/$"))
    page.locator('input[name="q_pitch"]').set_input_files(str(tmp_path / "deck.pdf"))
    page.get_by_role("button", name=t["save"]).click()
    page.wait_for_url(re.compile(r"/documents/$"))
    page.goto(reverse("applications:review", args=[Application.objects.get(applicant=applicant).pk]))
    main = page.get_by_role("main")
    expect(main).to_contain_text("주식회사 양재비전")
    expect(main).to_contain_text("이서연")
    expect(main).to_contain_text("deck.pdf")
    expect(main).to_contain_text("1,200,000,000")
    shots.key_page(page, "4-review")
    page.get_by_label(t["declaration"]).check()
    page.get_by_role("button", name=t["submit"]).click()
    page.wait_for_url(re.compile(r"/my/applications/\d+/$"))
    application = Application.objects.get(applicant=applicant)
    assert application.status == Status.SUBMITTED and application.form_definition_id == definition.pk
    answers = dict(application.answers)
    assert answers["members"][2] == {"name": "이서연", "role": label("연구원", "Researcher"), "joined": None}
    assert answers["patents"][0]["number"] == "10-2345678" and answers["support"] == ["gpu"]

    # "Download my data" holds the answers with their questions.
    data = json.loads(page.request.get("/accounts/profile/my-data/").text())
    [entry] = data["application_answers"]
    assert {a["key"]: a["answer"] for a in entry["answers"]}["company_name"] == "주식회사 양재비전"

    # An evaluator reads the answers and scores them.
    services.application_transition(application=application, name="start_review", actor=staff)
    services.application_transition(application=application, name="mark_eligible", actor=staff)
    evaluator = EvaluatorFactory(preferred_language=lang)
    AssignmentFactory(evaluator=evaluator, call=call, stage=1)
    people.turn("evaluator", user=evaluator, start="/evaluations/")
    page.get_by_role("link", name=t["declare"], exact=True).click()
    page.get_by_label(t["no_conflict"]).check()
    page.get_by_role("button", name=t["declare"], exact=True).click()
    page.wait_for_url(re.compile(r"/evaluations/applications/\d+/$"))
    expect(page.get_by_role("main")).to_contain_text("이서연")
    expect(page.get_by_role("main")).to_contain_text(label("문서 요약 방법", "Summarising documents"))
    for spin in page.get_by_role("spinbutton").all():
        spin.fill("20")
    shots.key_page(page, "5-evaluator")
    page.get_by_role("button", name=t["submit_scores"]).click()
    page.get_by_role("button", name=t["confirm_scores"]).click()
    expect(page.get_by_role("status").filter(has_text=t["scores_submitted"])).to_be_visible()
    assert Scorecard.objects.get(application=application).locked

    # The call's export has a column per question.
    people.turn("staff", user=staff, start=reverse("admin:applications_application_change", args=[application.pk]))
    exporter = Client()
    exporter.force_login(staff)
    remember_reason(exporter)
    csv = exporter.get(reverse("admin:evaluations_call_export", args=[call.pk, "csv"])).content.decode("utf-8-sig")
    header, row = csv.splitlines()[:2]
    assert label("핵심 인력", "Key team members") in header and "이서연" in row and "10-2345678" in row

    # A later version of the form changes none of the submitted answers, nor how they are read.
    page.goto(reverse("admin:applications_formdefinition_changelist"))
    page.locator(f'input[name="_selected_action"][value="{definition.pk}"]').check()
    page.locator('select[name="action"]').select_option("new_version")
    page.locator('button[name="index"]').click()
    new = FormDefinition.objects.get(call=call, version=2)
    page.goto(reverse("admin:applications_formstep_change", args=[new.steps.order_by("position").first().pk]))
    page.locator('input[name="questions-0-label_ko"]').fill("법인명(개정)")
    page.locator('input[name="questions-0-label_en"]').fill("Corporate name (revised)")
    page.locator('input[name="_continue"]').click()
    page.wait_for_url(re.compile(r"/formstep/\d+/change/"))
    assert new.questions.get(key="company_name").label_ko == "법인명(개정)"
    application.refresh_from_db()
    assert application.answers == answers and application.form_definition_id == definition.pk
    page.goto(reverse("admin:applications_application_change", args=[application.pk]))
    if page.locator('textarea[name="access_reason"], input[name="access_reason"]').count():
        page.locator('[name="access_reason"]').fill("심사")
        page.locator('[name="access_reason"]').press("Enter")
    answers_block = page.locator("#answers")
    expect(answers_block).to_contain_text(label("기업명", "Company name"))
    expect(answers_block).not_to_contain_text(label("법인명(개정)", "Corporate name (revised)"))
    shots.take(page, "6-admin-answers")
    people.turn("applicant", user=applicant, start=reverse("applications:review", args=[application.pk]))
    expect(page.get_by_role("main")).not_to_contain_text(label("법인명(개정)", "Corporate name (revised)"))
