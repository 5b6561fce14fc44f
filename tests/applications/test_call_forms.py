"""A call's own form: typed questions in steps, conditions, tables, files, drafts, review, submission, versions."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.models import AnswerFile, Application, FormDefinition, FormStep, Question
from applications.models_forms import FrozenDefinitionError
from applications.services_forms import form_definition_create, form_definition_freeze
from portal.exceptions import DomainError
from tests.applications.conftest import upload
from tests.factories import UserFactory
from tests.samples import pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(db):
    return UserFactory(name="김지원", phone="010-2222-3333", preferred_language="ko")


def start(client, call):
    return client.post(reverse("applications:start", args=[call.code]),
                       {"consent_collection": "on", "consent_committee": "on"})


def step_url(application, n):
    return reverse("applications:step", args=[application.pk, f"step-{n}"])


GOOD_STEP_1 = {"q_company_name": "주식회사 양재비전", "q_summary": "공공 문서를 요약하는 언어 모델 서비스",
               "q_employees": "24", "q_revenue": "1,200,000,000", "q_founded": "2022-03-02", "save": "1"}
GOOD_STEP_2 = {"q_field": "language", "q_support": ["gpu", "fund"], "q_members-rows": "3",
               "q_members-0-name": "김지원", "q_members-0-role": "대표", "q_members-0-joined": "2022-03-02",
               "q_members-1-name": "Alex Park", "q_members-1-role": "CTO", "q_members-1-joined": "",
               "q_members-2-name": "", "q_members-2-role": "", "q_members-2-joined": "",
               "q_has_patents": "yes", "q_patents-rows": "2",
               "q_patents-0-number": "10-2345678", "q_patents-0-title": "문서 요약 방법",
               "q_patents-1-number": "", "q_patents-1-title": "", "save": "1"}


@pytest.fixture
def draft(applicant_client, applicant, form_call):
    start(applicant_client, form_call)
    return Application.objects.get(applicant=applicant, call=form_call)


def test_starting_freezes_the_form_and_opens_its_first_step(applicant_client, applicant, form_call):
    response = start(applicant_client, form_call)
    application = Application.objects.get(applicant=applicant)
    assert response.url == step_url(application, 1)
    assert application.form_definition.version == 1
    assert application.form_definition.frozen_at is not None


def test_the_step_page_shows_the_questions_in_either_language(applicant_client, applicant, draft):
    page = applicant_client.get(step_url(draft, 1)).content.decode()
    assert "기업명 *" in page and "사업 요약 *" in page and 'name="q_revenue"' in page and "기업 정보" in page
    applicant.preferred_language = "en"
    applicant.save(update_fields=["preferred_language"])
    applicant_client.force_login(applicant)
    page = applicant_client.get(step_url(draft, 1)).content.decode()
    assert "Company name *" in page and "Full-time employees *" in page and "Company</" in page


def test_valid_answers_are_saved_and_refused_ones_kept_with_their_message(applicant_client, draft):
    response = applicant_client.post(step_url(draft, 1), {**GOOD_STEP_1, "q_summary": "짧음", "q_employees": "900",
                                                          "q_revenue": "12.5"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "사업 요약을 10자 이상 2,000자 이하로 입력해 주십시오." in page  # the question's own message
    assert 'value="짧음"' not in page or "짧음" in page  # what was typed stays in the field
    draft.refresh_from_db()
    assert draft.answers == {"company_name": "주식회사 양재비전", "founded": "2022-03-02"}
    response = applicant_client.post(step_url(draft, 1), GOOD_STEP_1)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.answers["employees"] == 24 and draft.answers["revenue"] == 1_200_000_000


def test_a_table_is_saved_row_by_row_and_a_bad_cell_is_named(applicant_client, draft):
    response = applicant_client.post(step_url(draft, 2), {**GOOD_STEP_2, "q_members-1-joined": "어제"})
    assert response.status_code == 200
    assert "2행" in response.content.decode() or "Row 2" in response.content.decode()
    applicant_client.post(step_url(draft, 2), GOOD_STEP_2)
    draft.refresh_from_db()
    assert draft.answers["members"] == [{"name": "김지원", "role": "대표", "joined": "2022-03-02"},
                                        {"name": "Alex Park", "role": "CTO", "joined": None}]
    assert draft.answers["support"] == ["gpu", "fund"]
    assert draft.answers["patents"] == [{"number": "10-2345678", "title": "문서 요약 방법"}]


def test_a_hidden_question_is_neither_validated_nor_required(applicant_client, draft):
    data = {**GOOD_STEP_2, "q_has_patents": "no", "q_patents-0-title": "x" * 400}  # would be refused if shown
    assert applicant_client.post(step_url(draft, 2), data).status_code == 302
    draft.refresh_from_db()
    assert "patents" not in draft.answers
    problems = applicant_client.get(reverse("applications:review", args=[draft.pk])).context["problems"]
    assert not any("보유 특허" in p["message"] and "has_patents" not in p["url"] for p in problems
                   if "patents" in p["url"] and "has_patents" not in p["url"])


def test_the_shown_required_table_is_listed_on_the_review_page(applicant_client, draft):
    applicant_client.post(step_url(draft, 2), {**GOOD_STEP_2, "q_patents-rows": "0"})
    problems = applicant_client.get(reverse("applications:review", args=[draft.pk])).context["problems"]
    assert any(p["url"].endswith(f"{step_url(draft, 2)}#id_q_patents") for p in problems)


def fill_everything(client, application):
    assert client.post(step_url(application, 1), GOOD_STEP_1).status_code == 302
    assert client.post(step_url(application, 2), GOOD_STEP_2).status_code == 302
    response = client.post(step_url(application, 3), {"q_pitch": upload("deck.pdf", pdf_bytes()), "save": "1"})
    assert response.status_code == 302


def test_a_file_answer_is_stored_privately_and_downloaded_by_its_applicant(applicant_client, draft, client):
    fill_everything(applicant_client, draft)
    stored = AnswerFile.objects.get(application=draft, question_key="pitch")
    draft.refresh_from_db()
    assert draft.answers["pitch"] == {"file": stored.pk, "name": "deck.pdf", "size": stored.size}
    url = reverse("applications:answer_file_download", args=[draft.pk, stored.pk])
    assert applicant_client.get(url).status_code == 200
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def test_a_refused_file_is_named_beside_its_question(applicant_client, draft):
    response = applicant_client.post(step_url(draft, 3), {"q_pitch": upload("deck.pdf", b"not a pdf"), "save": "1"})
    assert response.status_code == 200
    assert response.context["form"].errors["q_pitch"]
    assert not AnswerFile.objects.filter(application=draft).exists()


def test_review_lists_the_answers_and_submission_keeps_them(applicant_client, draft):
    fill_everything(applicant_client, draft)
    page = applicant_client.get(reverse("applications:review", args=[draft.pk])).content.decode()
    assert "주식회사 양재비전" in page and "1,200,000,000원" in page and "김지원" in page and "deck.pdf" in page
    response = applicant_client.post(reverse("applications:submit", args=[draft.pk]), {"declared_true": "on"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.receipt_number and draft.answers["company_name"] == "주식회사 양재비전"


def test_submission_drops_the_answers_of_hidden_questions(applicant_client, draft):
    fill_everything(applicant_client, draft)
    data = {**GOOD_STEP_2, "q_has_patents": "no"}
    applicant_client.post(step_url(draft, 2), data)
    draft.refresh_from_db()
    assert "patents" in draft.answers  # kept while a draft: answering yes again brings it back
    applicant_client.post(reverse("applications:submit", args=[draft.pk]), {"declared_true": "on"})
    draft.refresh_from_db()
    assert "patents" not in draft.answers and draft.answers["has_patents"] == "no"


def test_a_frozen_form_refuses_changes_and_a_new_version_copies_it(form_call):
    definition = form_call.form_definitions.get()
    form_definition_freeze(definition=definition)
    question = Question.objects.get(definition=definition, key="company_name")
    question.label_ko = "회사 이름"
    with pytest.raises(FrozenDefinitionError):
        question.save()
    with pytest.raises(FrozenDefinitionError):
        FormStep.objects.create(definition=definition, title_ko="추가")
    new = form_definition_create(call=form_call, copy_from=definition, note="오타 수정")
    assert new.version == 2 and new.frozen_at is None
    assert list(new.questions.values_list("key", flat=True)) == list(
        definition.questions.values_list("key", flat=True))
    copied = new.questions.get(key="patents")
    assert (copied.condition_key, copied.condition_value, copied.columns) == (
        "has_patents", "yes", Question.objects.get(definition=definition, key="patents").columns)


def test_a_later_version_does_not_change_submitted_answers(applicant_client, draft, form_call):
    fill_everything(applicant_client, draft)
    applicant_client.post(reverse("applications:submit", args=[draft.pk]), {"declared_true": "on"})
    draft.refresh_from_db()
    answers = dict(draft.answers)
    new = form_definition_create(call=form_call, copy_from=draft.form_definition)
    changed = new.questions.get(key="company_name")
    changed.label_ko = "법인명(변경)"
    changed.save()
    new.questions.get(key="summary").delete()
    form_definition_freeze(definition=new)
    draft.refresh_from_db()
    assert draft.answers == answers and draft.form_definition.version == 1
    page = applicant_client.get(reverse("applications:review", args=[draft.pk])).content.decode()
    assert "기업명" in page and "법인명(변경)" not in page and "공공 문서를 요약하는" in page


def test_a_new_application_answers_the_newest_frozen_version(form_call, applicant_client, applicant):
    old = form_call.form_definitions.get()
    form_definition_freeze(definition=old)
    form_definition_create(call=form_call, copy_from=old)  # a draft version: not yet for applicants
    start(applicant_client, form_call)
    assert Application.objects.get(applicant=applicant).form_definition_id == old.pk


def test_a_call_without_a_form_keeps_the_fixed_steps(applicant_client, applicant, call):
    response = start(applicant_client, call)
    application = Application.objects.get(applicant=applicant)
    assert application.form_definition_id is None
    assert response.url == reverse("applications:step", args=[application.pk, "company"])


def _add_questions(definition, count):
    step = definition.steps.order_by("position").first()
    Question.objects.bulk_create(
        Question(definition=definition, step=step, position=100 + i, key=f"extra_{i}", type="short_text",
                 label_ko=f"추가 질문 {i}") for i in range(count))


STEP_QUERIES = 5  # as the fixed steps: the frozen version is read once per process and kept
REVIEW_QUERIES = 8
FORM_READ_QUERIES = 2  # a version not read before: its steps, then its questions


def test_the_step_and_review_pages_run_the_same_queries_for_few_and_many_questions(
        applicant_client, applicant, draft, django_assert_num_queries):
    fill_everything(applicant_client, draft)
    with django_assert_num_queries(STEP_QUERIES):
        applicant_client.get(step_url(draft, 1))
    with django_assert_num_queries(REVIEW_QUERIES):
        applicant_client.get(reverse("applications:review", args=[draft.pk]))
    FormDefinition.objects.filter(pk=draft.form_definition_id).update(frozen_at=None)
    _add_questions(draft.form_definition, 40)
    FormDefinition.objects.filter(pk=draft.form_definition_id).update(frozen_at=timezone.now())
    with django_assert_num_queries(STEP_QUERIES + FORM_READ_QUERIES):
        page = applicant_client.get(step_url(draft, 1)).content.decode()
    assert "추가 질문 39" in page
    with django_assert_num_queries(STEP_QUERIES):
        applicant_client.get(step_url(draft, 1))
    with django_assert_num_queries(REVIEW_QUERIES):
        applicant_client.get(reverse("applications:review", args=[draft.pk]))


def test_another_applicant_cannot_open_the_steps(client, draft):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(step_url(draft, 1)).status_code == 404


def test_dates_are_shown_in_the_page_language(applicant_client, draft):
    applicant_client.post(step_url(draft, 1), GOOD_STEP_1)
    page = applicant_client.get(reverse("applications:review", args=[draft.pk])).content.decode()
    assert "2022년 3월 2일" in page
    assert timezone.localdate() > datetime.date(2022, 3, 2)


def test_staff_reopen_a_question_and_only_it_can_change(applicant_client, draft, staff):
    fill_everything(applicant_client, draft)
    applicant_client.post(reverse("applications:submit", args=[draft.pk]), {"declared_true": "on"})
    draft.refresh_from_db()
    from applications.selectors import application_reopenable_items

    keys = dict(application_reopenable_items(application=draft))
    assert "answer:employees" in keys and "company_name_ko" not in keys
    services.application_request_information(application=draft, actor=staff, message="인원을 확인해 주십시오.",
                                             reopened_fields=["answer:employees"])
    applicant_client.post(step_url(draft, 1), {**GOOD_STEP_1, "q_employees": "30", "q_company_name": "바꿈"})
    draft.refresh_from_db()
    assert draft.answers["employees"] == 30 and draft.answers["company_name"] == "주식회사 양재비전"
    detail = applicant_client.get(reverse("applications:detail", args=[draft.pk])).content.decode()
    assert f"{step_url(draft, 1)}#id_q_employees" in detail
    with pytest.raises(DomainError):
        services.application_request_information(application=draft, actor=staff, message="x",
                                                 reopened_fields=["company_name_ko"])
