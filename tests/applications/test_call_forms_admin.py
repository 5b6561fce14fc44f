"""Staff build a call's form in the admin: versions, steps, typed questions with their checks, freezing, copies,
programme scoping."""

import pytest
from django.urls import reverse

from applications.models import FormDefinition, FormStep, Question
from applications.services_forms import form_definition_freeze
from tests.factories import CallFactory, ProgrammeFactory, StaffFactory, UserFactory, call_form_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, db):
    client.force_login(UserFactory(role="district_staff"))
    return client


def management(prefix: str, total: int, initial: int = 0) -> dict:
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}


def rows(prefix: str, items: list[dict], initial: int = 0) -> dict:
    data = management(prefix, len(items), initial)
    for i, row in enumerate(items):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


QUESTION_DEFAULTS = {"position": "1", "label_en": "", "help_ko": "", "help_en": "", "min_length": "", "max_length": "",
                     "min_value": "", "max_value": "", "choices_text": "", "columns_text": "", "max_size_mb": "20",
                     "condition_key": "", "condition_value": "", "error_message_ko": "", "error_message_en": ""}


def question(**fields) -> dict:
    return {**QUESTION_DEFAULTS, **fields}


def test_staff_build_a_form_with_steps_and_every_kind_of_question(staff_client):
    call = CallFactory()
    response = staff_client.post(reverse("admin:applications_formdefinition_add"),
                                 {"call": call.pk, "note": "첫 양식", "copy_from": "", **management("steps", 0)})
    assert response.status_code == 302, response.content.decode()[:2000]
    definition = FormDefinition.objects.get(call=call)
    assert definition.version == 1 and definition.frozen_at is None
    change = reverse("admin:applications_formdefinition_change", args=[definition.pk])
    response = staff_client.post(change, {"note": "첫 양식", **rows("steps", [
        {"position": "1", "title_ko": "기업", "title_en": "Company"},
        {"position": "2", "title_ko": "팀", "title_en": "Team"}])})
    assert response.status_code == 302
    first, second = definition.steps.order_by("position")
    step_url = reverse("admin:applications_formstep_change", args=[first.pk])
    assert staff_client.get(step_url).status_code == 200
    response = staff_client.post(step_url, {
        "position": "1", "title_ko": "기업", "title_en": "Company", "intro_ko": "", "intro_en": "",
        **rows("questions", [
            question(position="1", key="name", type="short_text", label_ko="기업명", required="on", max_length="100"),
            question(position="2", key="has_patents", type="yes_no", label_ko="특허가 있습니까?"),
            question(position="3", key="patents", type="table", label_ko="특허", condition_key="has_patents",
                     condition_value="yes", columns_text="number | 등록번호 | Number | short_text\n"
                                                         "filed | 출원일 | Filed | date", max_value="5"),
            question(position="4", key="field", type="single_choice", label_ko="분야",
                     choices_text="vision | 비전 | Vision\nlanguage | 언어 | Language"),
            question(position="5", key="deck", type="file", label_ko="소개 자료", allowed_formats=["pdf"]),
        ])})
    assert response.status_code == 302, response.content.decode()[:3000]
    patents = Question.objects.get(definition=definition, key="patents")
    assert patents.columns == [{"key": "number", "label_ko": "등록번호", "label_en": "Number", "type": "short_text"},
                               {"key": "filed", "label_ko": "출원일", "label_en": "Filed", "type": "date"}]
    assert (patents.condition_key, patents.condition_value, patents.step_id) == ("has_patents", "yes", first.pk)
    assert Question.objects.get(definition=definition, key="field").choices[1]["label_ko"] == "언어"
    assert Question.objects.get(definition=definition, key="deck").allowed_formats == ["pdf"]
    # a key used on another step is refused on the second step
    response = staff_client.post(reverse("admin:applications_formstep_change", args=[second.pk]), {
        "position": "2", "title_ko": "팀", "title_en": "Team", "intro_ko": "", "intro_en": "",
        **rows("questions", [question(key="name", type="short_text", label_ko="이름")])})
    assert response.status_code == 200
    assert "Another question of this form already has this key." in response.content.decode() or \
        "이 양식의 다른 질문" in response.content.decode()


@pytest.mark.parametrize(("fields", "field"), [
    ({"type": "single_choice", "choices_text": "only | 하나"}, "choices_text"),
    ({"type": "table", "columns_text": ""}, "columns_text"),
    ({"type": "table", "columns_text": "a | 가 | A | colour"}, "columns_text"),
    ({"type": "short_text", "min_length": "10", "max_length": "5"}, "max_length"),
    ({"type": "file", "allowed_formats": []}, "allowed_formats"),
    ({"type": "short_text", "condition_key": "missing", "condition_value": "yes"}, "condition_key"),
    ({"type": "short_text", "condition_key": "missing"}, "condition_value"),
])
def test_a_question_that_cannot_work_is_refused_beside_its_field(staff_client, fields, field):
    definition = FormDefinition.objects.create(call=CallFactory())
    step = FormStep.objects.create(definition=definition, title_ko="기업")
    response = staff_client.post(reverse("admin:applications_formstep_change", args=[step.pk]), {
        "position": "0", "title_ko": "기업", "title_en": "", "intro_ko": "", "intro_en": "",
        **rows("questions", [question(key="q1", label_ko="질문", **fields)])})
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert field in formset.forms[0].errors
    assert not Question.objects.exists()


def test_a_frozen_version_is_read_only_and_a_new_version_copies_it(staff_client):
    definition = call_form_create(call=CallFactory(), freeze=True)
    step = definition.steps.order_by("position").first()
    change = reverse("admin:applications_formstep_change", args=[step.pk])
    page = staff_client.get(change).content.decode()
    assert 'name="title_ko"' not in page  # shown, not editable
    response = staff_client.post(change, {"position": "1", "title_ko": "바뀜", "title_en": "", "intro_ko": "",
                                          "intro_en": "", **management("questions", 0)})
    assert response.status_code == 403
    step.refresh_from_db()
    assert step.title_ko == "기업 정보"
    response = staff_client.post(reverse("admin:applications_formdefinition_changelist"),
                                 {"action": "new_version", "_selected_action": [definition.pk]})
    assert response.status_code == 302
    new = FormDefinition.objects.get(call=definition.call, version=2)
    assert new.questions.count() == definition.questions.count() and new.frozen_at is None
    assert staff_client.get(reverse("admin:applications_formstep_change",
                                    args=[new.steps.order_by("position").first().pk])).status_code == 200


def test_the_add_page_copies_another_call_s_version(staff_client):
    source = call_form_create(call=CallFactory(), freeze=True)
    call = CallFactory()
    response = staff_client.post(reverse("admin:applications_formdefinition_add"),
                                 {"call": call.pk, "note": "", "copy_from": source.pk, **management("steps", 0)})
    assert response.status_code == 302
    copy = FormDefinition.objects.get(call=call)
    assert sorted(copy.questions.values_list("key", flat=True)) == sorted(
        source.questions.values_list("key", flat=True))


def test_freezing_an_empty_form_is_refused(staff_client):
    definition = FormDefinition.objects.create(call=CallFactory())
    staff_client.post(reverse("admin:applications_formdefinition_changelist"),
                      {"action": "freeze", "_selected_action": [definition.pk]})
    definition.refresh_from_db()
    assert definition.frozen_at is None


def test_staff_of_another_programme_see_no_form_of_this_one(client):
    mine, theirs = ProgrammeFactory(code="gpu"), ProgrammeFactory(code="fund")
    definition = call_form_create(call=CallFactory(programme=theirs))
    client.force_login(StaffFactory(programmes=[mine]))
    listing = client.get(reverse("admin:applications_formdefinition_changelist"))
    assert listing.status_code == 200 and str(definition) not in listing.content.decode()
    change = client.get(reverse("admin:applications_formdefinition_change", args=[definition.pk]))
    assert change.status_code == 302
    step = definition.steps.first()
    assert client.get(reverse("admin:applications_formstep_change", args=[step.pk])).status_code == 302
    form_definition_freeze(definition=definition)
