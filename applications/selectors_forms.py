"""Reads of a call's own form: its current version, its steps and questions, which questions are shown, and
the answers as every reader shows them (the applicant's review, the admin, evaluators, exports, "download my
data")."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext

from .models_forms import FormDefinition, FormStep, Question, QuestionType
from .questions import answer_display, answer_is_empty, answer_text, question_error_message, question_label

ANSWER_KEY_PREFIX = "answer:"  # a question's key in `Application.reopened_fields`
STEP_SLUG_PREFIX = "step-"


def answer_key(question_key: str) -> str:
    return f"{ANSWER_KEY_PREFIX}{question_key}"


def step_slug(index: int) -> str:
    """The slug of the definition's `index`-th step (from 1) in the applicant's step URL."""
    return f"{STEP_SLUG_PREFIX}{index}"


@dataclass
class LoadedForm:
    """A definition with its steps and their questions, read in two queries."""

    definition: FormDefinition
    steps: list[FormStep]
    questions: list[Question] = field(default_factory=list)

    def step_questions(self, step: FormStep) -> list[Question]:
        return list(step.questions.all())

    def by_key(self) -> dict[str, Question]:
        return {q.key: q for q in self.questions}

    def slugs(self) -> list[tuple[str, FormStep]]:
        return [(step_slug(i), step) for i, step in enumerate(self.steps, start=1)]

    def step_for_slug(self, slug: str) -> FormStep | None:
        return dict(self.slugs()).get(slug)

    def slug_of_question(self) -> dict[str, str]:
        return {q.key: slug for slug, step in self.slugs() for q in step.questions.all()}


_FROZEN_FORMS: dict[tuple, LoadedForm] = {}
_FROZEN_FORMS_KEPT = 64


def form_load(*, definition: FormDefinition) -> LoadedForm:
    """The definition's steps and questions in order (two queries). A frozen version never changes, so each
    process keeps the last few it read and reads them again without a query (read-only: callers never change
    the steps and questions they get)."""
    if definition.frozen_at is None:
        return _form_read(definition)
    key = (definition.pk, definition.frozen_at)
    loaded = _FROZEN_FORMS.get(key)
    if loaded is None:
        if len(_FROZEN_FORMS) >= _FROZEN_FORMS_KEPT:
            _FROZEN_FORMS.clear()
        loaded = _FROZEN_FORMS[key] = _form_read(definition)
    return loaded


def _form_read(definition: FormDefinition) -> LoadedForm:
    steps = list(FormStep.objects.filter(definition_id=definition.pk).order_by("position", "id").prefetch_related(
        Prefetch("questions", queryset=Question.objects.order_by("position", "id"))))
    return LoadedForm(definition=definition, steps=steps,
                      questions=[q for step in steps for q in step.questions.all()])


def form_definition_current(*, call) -> FormDefinition | None:
    """The call's newest version of its form, frozen or not (what staff edit); None: the fixed steps."""
    return FormDefinition.objects.filter(call_id=call.pk).order_by("-version").first()


def form_definition_for_applicants(*, call) -> FormDefinition | None:
    """The version new applications to the call answer: the newest frozen one, else the newest (which
    starting an application freezes)."""
    frozen = FormDefinition.objects.filter(call_id=call.pk, frozen_at__isnull=False).order_by("-version").first()
    return frozen or form_definition_current(call=call)


def visible_keys(questions: list[Question], answers: dict) -> set[str]:
    """The keys of the questions shown for these answers: a question whose controlling question is hidden
    is hidden too (questions are in form order; a condition names an earlier question)."""
    shown: set[str] = set()
    for question in questions:
        if not question.condition_key:
            shown.add(question.key)
            continue
        if question.condition_key not in shown:
            continue
        value = answers.get(question.condition_key)
        if (question.condition_value in value) if isinstance(value, list) else (
                value is not None and str(value) == question.condition_value):
            shown.add(question.key)
    return shown


def answers_visible(*, loaded: LoadedForm, answers: dict) -> dict:
    """The answers of the shown questions only (what a submission keeps)."""
    keys = visible_keys(loaded.questions, answers)
    return {key: value for key, value in answers.items() if key in keys}


@dataclass(frozen=True)
class AnswerRow:
    question: Question
    label: str
    value: object  # as answer_display gives it: text, or a table {"columns", "rows"}
    is_table: bool
    is_file: bool
    raw: object
    url: str = ""  # a file's download address for this reader


@dataclass(frozen=True)
class AnswerSection:
    slug: str
    title: str
    rows: list[AnswerRow]


def answer_sections(*, loaded: LoadedForm, answers: dict, file_url=None) -> list[AnswerSection]:
    """The shown questions with their answers, step by step, read from the version the answers belong to;
    `file_url(answer file id)` gives the reader's download address of a file answer."""
    from portal.formatting import localized

    shown = visible_keys(loaded.questions, answers)
    sections = []
    for slug, step in loaded.slugs():
        rows = []
        for q in step.questions.all():
            if q.key not in shown:
                continue
            raw = answers.get(q.key)
            is_file = q.type == QuestionType.FILE
            url = file_url(raw["file"]) if is_file and file_url and isinstance(raw, dict) and raw.get("file") else ""
            rows.append(AnswerRow(question=q, label=question_label(q), value=answer_display(q, raw),
                                  is_table=q.type == QuestionType.TABLE, is_file=is_file, raw=raw, url=url))
        sections.append(AnswerSection(slug=slug, title=localized(step, "title"), rows=rows))
    return sections


def answer_problems(*, loaded: LoadedForm, answers: dict) -> list[tuple[str, str, str, str]]:
    """(step slug, anchor, message, reopen key) of each shown required question left unanswered."""
    shown = visible_keys(loaded.questions, answers)
    problems = []
    for slug, step in loaded.slugs():
        for question in step.questions.all():
            if question.key in shown and question.required and answer_is_empty(answers.get(question.key)):
                message = question_error_message(question) or gettext("“%(question)s” is not answered.") % {
                    "question": question_label(question)}
                problems.append((slug, f"id_q_{question.key}", message, answer_key(question.key)))
    return problems


def answer_export_columns(*, definitions: list[LoadedForm]) -> list[tuple[str, str]]:
    """(key, header) of every question of the given versions, newest version's label first seen wins."""
    columns: dict[str, str] = {}
    for loaded in sorted(definitions, key=lambda d: -d.definition.version):
        for question in loaded.questions:
            columns.setdefault(question.key, question_label(question))
    order = [q.key for loaded in sorted(definitions, key=lambda d: d.definition.version) for q in loaded.questions]
    ordered = list(dict.fromkeys(order))
    return [(key, columns[key]) for key in ordered]


def answer_export_values(*, loaded: LoadedForm, answers: dict) -> dict[str, str]:
    """{key: the answer as one line of text} for the shown questions of the answers' version."""
    shown = visible_keys(loaded.questions, answers)
    return {q.key: answer_text(q, answers.get(q.key)) for q in loaded.questions if q.key in shown}


def application_answer_sections(*, application, file_url=None) -> list[AnswerSection]:
    """The application's answers as every reader shows them (nothing for the fixed steps), from its own version."""
    if application.form_definition_id is None:
        return []
    loaded = getattr(application, "_loaded_form", None) or form_load(definition=application.form_definition)
    return answer_sections(loaded=loaded, answers=application.answers or {}, file_url=file_url)


def answer_file_get(*, application_id: int, pk: int):
    """A file answer of the application, with its applicant (for the access log), or 404."""
    from django.shortcuts import get_object_or_404

    from .models_forms import AnswerFile

    return get_object_or_404(AnswerFile.objects.select_related("application__applicant"), pk=pk,
                             application_id=application_id)
