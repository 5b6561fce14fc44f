"""The form of one step of a call's own form, built from its questions (applications/questions.py).

Every field is optional while saving (a draft keeps what is valid; the review page lists what is missing);
a question whose condition is not met is neither validated nor saved, and `static/js/question-form.js`
hides it while the applicant answers.
"""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext as _

from .forms import ErrorSummaryMixin
from .models_forms import Question, QuestionType
from .questions import SPECS, question_error_message, question_help, question_label
from .selectors_forms import answer_key, visible_keys

PREFIX = "q_"


class AnswerStepForm(ErrorSummaryMixin, forms.Form):
    def __init__(self, data=None, files=None, *, application, questions: list[Question], all_questions: list[Question],
                 editable=lambda key: True):
        super().__init__(data, files)
        self.application = application
        self.questions = questions
        self.all_questions = all_questions
        self.answers = dict(application.answers or {})
        # A question controlled by an earlier step's answer that hides it is not on the page at all.
        own = {q.key for q in questions}
        shown = visible_keys(all_questions, {k: v for k, v in self.answers.items()})
        self.page_questions = [q for q in questions
                               if not q.condition_key or q.condition_key in own or q.key in shown]
        for question in self.page_questions:
            name = PREFIX + question.key
            spec = SPECS[question.type]
            field = spec.field(question)
            field.required = False
            field.label = question_label(question) + (" *" if question.required else "")
            field.help_text = self._help(question)
            if question.required:
                field.widget.attrs["aria-required"] = "true"
            if not editable(answer_key(question.key)):
                field.disabled = True
            self.fields[name] = field
            stored = self.answers.get(question.key)
            if stored is not None and question.type != QuestionType.FILE:
                self.initial[name] = spec.initial(stored)
            if question.condition_key in own:  # static/js/question-form.js hides its wrapper (div_id_q_<key>)
                field.widget.attrs.update({"data-show-when": PREFIX + question.condition_key,
                                           "data-show-value": question.condition_value})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def _help(self, question: Question) -> str:
        text = question_help(question)
        if question.type == QuestionType.FILE:
            saved = (self.answers.get(question.key) or {}).get("name")
            formats = ", ".join(f.upper() for f in question.allowed_formats or [])
            extra = _("%(formats)s, up to %(size)s MB.") % {"formats": formats, "size": question.max_size_mb}
            if saved:
                extra += " " + _("Saved file: %(name)s (choose a file to replace it).") % {"name": saved}
            text = f"{text} {extra}".strip()
        return text

    def _shown_now(self) -> set[str]:
        """Shown questions given what was posted on this page and the answers saved on the others."""
        answers = dict(self.answers)
        for question in self.page_questions:
            name = PREFIX + question.key
            if question.type in (QuestionType.YES_NO, QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE):
                answers[question.key] = self[name].value() if self.is_bound else answers.get(question.key)
        return visible_keys(self.all_questions, answers)

    def clean(self):
        cleaned = super().clean()
        shown = self._shown_now()
        for question in self.page_questions:
            name = PREFIX + question.key
            if question.key not in shown:  # hidden: not validated, nothing saved
                self._errors.pop(name, None)
                cleaned.pop(name, None)
            elif name in self._errors and question_error_message(question):
                self._errors[name] = self.error_class([question_error_message(question)])
        return cleaned

    def valid_changes(self) -> dict:
        """{question key: stored value} of the valid, editable, shown answers of this page (files apart)."""
        changes = {}
        for question in self.page_questions:
            name = PREFIX + question.key
            if (question.type == QuestionType.FILE or name not in self.cleaned_data or name in self.errors
                    or self.fields[name].disabled):
                continue
            changes[question.key] = SPECS[question.type].stored(self.cleaned_data[name])
        return changes

    def valid_files(self) -> dict:
        """{question key: uploaded file} of the file questions answered with a new file."""
        return {
            question.key: self.cleaned_data[PREFIX + question.key]
            for question in self.page_questions
            if question.type == QuestionType.FILE and self.cleaned_data.get(PREFIX + question.key)
            and PREFIX + question.key not in self.errors and not self.fields[PREFIX + question.key].disabled
        }
