"""The question types of a call's form, declared as data: each type's form field, how its answer is stored
in `Application.answers` (JSON), and how it is shown (review page, admin, evaluators) and exported.

Stored values: texts as strings, numbers and amounts (whole won) as integers, dates as "YYYY-MM-DD",
a single choice and yes/no ("yes", "no") as the choice's value, a multiple choice as a list of values,
a file as {"file": AnswerFile id, "name": original name, "size": bytes}, a table as a list of rows
({column key: value}, each cell stored like the question type of its column).

A new type: a `QuestionType` choice (models_forms.py, with a migration of the choices), a `Spec` here
with its field, `stored` and `display`, and a line in docs/applying.md ("The call's own form").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.formatting import format_kst_date, format_won

from .forms import DateInput, WonField
from .models_forms import Question, QuestionType

YES, NO = "yes", "no"
YES_NO_VALUES = [YES, NO]
TABLE_HARD_MAX_ROWS = 100  # a table never takes more rows than this, whatever the question says
CHOICE_TYPES = (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE, QuestionType.YES_NO)
COLUMN_TYPES = (QuestionType.SHORT_TEXT, QuestionType.NUMBER, QuestionType.MONEY, QuestionType.DATE)


def local(entry: dict, field: str = "label") -> str:
    """The English `field_en` of a choice or column when the page is in English and it is written, else Korean."""
    if (translation.get_language() or "ko").startswith("en") and entry.get(f"{field}_en"):
        return entry[f"{field}_en"]
    return entry.get(f"{field}_ko", "")


def question_label(question: Question) -> str:
    if (translation.get_language() or "ko").startswith("en") and question.label_en:
        return question.label_en
    return question.label_ko


def question_help(question: Question) -> str:
    if (translation.get_language() or "ko").startswith("en") and question.help_en:
        return question.help_en
    return question.help_ko


def question_error_message(question: Question) -> str:
    if (translation.get_language() or "ko").startswith("en") and question.error_message_en:
        return question.error_message_en
    return question.error_message_ko


def yes_no_choices() -> list[tuple[str, str]]:
    return [(YES, gettext("Yes")), (NO, gettext("No"))]


def choice_pairs(question: Question) -> list[tuple[str, str]]:
    if question.type == QuestionType.YES_NO:
        return yes_no_choices()
    return [(str(c.get("value", "")), local(c)) for c in question.choices or []]


# ---- table questions -----------------------------------------------------------------------------


class TableWidget(forms.Widget):
    """Rows of inputs, one per column: `<name>-<row>-<column>`, with `<name>-rows` holding the number of rows.
    The saved rows are shown with blank rows below (an "Add a row" button adds more with JavaScript)."""

    template_name = "applications/questions/table_widget.html"
    blank_rows = 2
    label = ""

    def __init__(self, *, columns: list[dict], max_rows: int, attrs=None):
        super().__init__(attrs)
        self.columns = columns
        self.max_rows = max_rows

    def _render(self, template_name, context, renderer=None):
        # The project's template engine (the default form renderer reads only Django's own widgets).
        return mark_safe(render_to_string(template_name, context))  # noqa: S308 (a template's output)

    def value_from_datadict(self, data, files, name):
        try:
            count = int(data.get(f"{name}-rows") or 0)
        except ValueError:
            count = 0
        count = max(0, min(count, self.max_rows + self.blank_rows, TABLE_HARD_MAX_ROWS))
        return [{c["key"]: str(data.get(f"{name}-{i}-{c['key']}", "")).strip() for c in self.columns}
                for i in range(count)]

    def value_omitted_from_data(self, data, files, name):
        return f"{name}-rows" not in data

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        attrs = context["widget"]["attrs"]  # the widget's own (a condition's data-show-*) and the page's
        rows = [row for row in (value or []) if isinstance(row, dict)]
        total = min(max(len(rows) + self.blank_rows, 1), self.max_rows)
        rows = rows + [{}] * (total - len(rows))
        base_id = (attrs or {}).get("id") or f"id_{name}"
        columns = [{"key": c["key"], "label": local(c), "input_type": _INPUT_TYPES.get(c.get("type"), "text")}
                   for c in self.columns]
        context["table"] = {
            "name": name, "id": base_id, "label": self.label or "", "columns": columns, "count": total,
            "max": self.max_rows,
            "disabled": bool((attrs or {}).get("disabled")),
            "show_when": (attrs or {}).get("data-show-when", ""),
            "show_value": (attrs or {}).get("data-show-value", ""),
            "rows": [
                {"number": i + 1, "cells": [
                    {"name": f"{name}-{i}-{c['key']}", "id": f"{base_id}-{i}-{c['key']}", "label": c["label"],
                     "input_type": c["input_type"], "value": _cell_text(row.get(c["key"]), c_spec)}
                    for c, c_spec in zip(columns, self.columns, strict=True)
                ]}
                for i, row in enumerate(rows)
            ],
        }
        return context


_INPUT_TYPES = {QuestionType.DATE: "date", QuestionType.NUMBER: "number"}


def _cell_text(value, column: dict) -> str:
    if value is None:
        return ""
    if column.get("type") == QuestionType.MONEY and isinstance(value, int):
        return f"{value:,}"
    return str(value)


class TableField(forms.Field):
    """Rows typed by their columns; fully blank rows are dropped; at least `min_rows` and at most `max_rows`."""

    def __init__(self, *, columns: list[dict], min_rows: int | None, max_rows: int, **kwargs):
        self.columns, self.min_rows, self.max_rows = columns, min_rows, max_rows
        kwargs.setdefault("widget", TableWidget(columns=columns, max_rows=max_rows))
        super().__init__(**kwargs)
        self.widget.label = self.label  # names the table's scrolling region

    def clean(self, value):
        rows = [row for row in (value or []) if any(str(v).strip() for v in row.values())]
        if not rows:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        problems, cleaned = [], []
        for number, row in enumerate(rows, start=1):
            typed = {}
            for column in self.columns:
                text = str(row.get(column["key"], "")).strip()
                try:
                    typed[column["key"]] = _cell_value(text, column.get("type"))
                except ValidationError as exc:
                    problems.append(gettext("Row %(row)s, %(column)s: %(message)s") % {
                        "row": number, "column": local(column), "message": " ".join(exc.messages)})
            cleaned.append(typed)
        if problems:
            raise ValidationError(problems, code="cell")
        if self.min_rows and len(cleaned) < self.min_rows:
            raise ValidationError(gettext("Enter at least %(count)s rows.") % {"count": self.min_rows},
                                  code="min_rows")
        if len(cleaned) > self.max_rows:
            raise ValidationError(gettext("Enter at most %(count)s rows.") % {"count": self.max_rows},
                                  code="max_rows")
        return cleaned


def _cell_value(text: str, column_type: str | None):
    if not text:
        return None
    if column_type == QuestionType.NUMBER:
        try:
            return int(text.replace(",", ""))
        except ValueError:
            raise ValidationError(gettext("Enter a whole number."), code="invalid") from None
    if column_type == QuestionType.MONEY:
        return WonField().clean(text)
    if column_type == QuestionType.DATE:
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValidationError(gettext("Enter a date such as 2026-12-15."), code="invalid") from None
    if len(text) > 300:
        raise ValidationError(gettext("Enter at most 300 characters."), code="max_length")
    return text


# ---- the declarations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """What one type of question does: its form field, its value as stored, and its value as read."""

    field: Callable[[Question], forms.Field]
    stored: Callable[[object], object] = lambda value: value  # the cleaned value -> JSON
    display: Callable[[Question, object], object] = lambda question, value: str(value)
    initial: Callable[[object], object] = lambda value: value  # the stored value -> the form's initial


def _text_field(question: Question, *, long: bool) -> forms.Field:
    attrs = {"rows": 5} if long else {}
    widget = forms.Textarea(attrs=attrs) if long else forms.TextInput()
    return forms.CharField(min_length=question.min_length, max_length=question.max_length or (10000 if long
                                                                                              else 300),
                           widget=widget)


def _number_field(question: Question) -> forms.Field:
    return forms.IntegerField(min_value=question.min_value, max_value=question.max_value)


def _money_field(question: Question) -> forms.Field:
    field = WonField()
    if question.min_value is not None:
        field.validators.append(_bound("min", question.min_value))
    if question.max_value is not None:
        field.validators.append(_bound("max", question.max_value))
    return field


def _bound(kind: str, limit: int):
    def check(value):
        if value is None:
            return
        if kind == "min" and value < limit:
            raise ValidationError(gettext("Enter at least %(amount)s.") % {"amount": format_won(limit)},
                                  code="min_value")
        if kind == "max" and value > limit:
            raise ValidationError(gettext("Enter at most %(amount)s.") % {"amount": format_won(limit)},
                                  code="max_value")
    return check


def _single_field(question: Question) -> forms.Field:
    pairs = choice_pairs(question)
    widget = forms.RadioSelect if len(pairs) <= 6 else forms.Select
    choices = pairs if widget is forms.RadioSelect else [("", "---------"), *pairs]
    return forms.ChoiceField(choices=choices, widget=widget)


def _choice_display(question: Question, value) -> str:
    labels = dict(choice_pairs(question))
    if isinstance(value, list):
        return ", ".join(str(labels.get(v, v)) for v in value)
    return str(labels.get(value, value))


def _file_field(question: Question) -> forms.Field:
    return forms.FileField(error_messages={"empty": _("This file is empty."),
                                           "invalid": _("No file was received. Please choose the file again.")})


def _table_field(question: Question) -> forms.Field:
    max_rows = min(question.max_value or 20, TABLE_HARD_MAX_ROWS)
    return TableField(columns=question.columns or [], min_rows=question.min_value, max_rows=max_rows)


def _table_display(question: Question, value) -> dict:
    columns = question.columns or []
    return {"columns": [local(c) for c in columns],
            "rows": [[_cell_display(row.get(c["key"]), c) for c in columns] for row in value or []]}


def _cell_display(value, column: dict) -> str:
    if value in (None, ""):
        return ""
    if column.get("type") == QuestionType.MONEY:
        return format_won(value)
    if column.get("type") == QuestionType.DATE:
        return _date_display(value)
    return str(value)


def _date_display(value) -> str:
    try:
        return format_kst_date(dt.date.fromisoformat(value))
    except (TypeError, ValueError):
        return str(value)


SPECS: dict[str, Spec] = {
    QuestionType.SHORT_TEXT: Spec(field=lambda q: _text_field(q, long=False)),
    QuestionType.LONG_TEXT: Spec(field=lambda q: _text_field(q, long=True)),
    QuestionType.NUMBER: Spec(field=_number_field, display=lambda q, v: f"{v:,}" if isinstance(v, int) else str(v)),
    QuestionType.MONEY: Spec(field=_money_field, display=lambda q, v: format_won(v)),
    QuestionType.DATE: Spec(
        field=lambda q: forms.DateField(widget=DateInput()),
        stored=lambda v: v.isoformat() if v else None,
        display=lambda q, v: _date_display(v),
        initial=lambda v: dt.date.fromisoformat(v) if v else None,
    ),
    QuestionType.SINGLE_CHOICE: Spec(field=_single_field, display=_choice_display),
    QuestionType.MULTIPLE_CHOICE: Spec(
        field=lambda q: forms.MultipleChoiceField(choices=choice_pairs(q), widget=forms.CheckboxSelectMultiple),
        stored=lambda v: list(v or []),
        display=_choice_display,
    ),
    QuestionType.YES_NO: Spec(
        field=lambda q: forms.ChoiceField(choices=yes_no_choices(), widget=forms.RadioSelect),
        display=_choice_display,
    ),
    QuestionType.FILE: Spec(field=_file_field, display=lambda q, v: (v or {}).get("name", "")),
    QuestionType.TABLE: Spec(field=_table_field, display=_table_display),
}


def answer_is_empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def answer_display(question: Question, value):
    """The answer as people read it (a table: {"columns", "rows"}); "" when unanswered."""
    if answer_is_empty(value):
        return ""
    return SPECS[question.type].display(question, value)


def answer_text(question: Question, value) -> str:
    """The answer as one line of text (exports, "download my data")."""
    shown = answer_display(question, value)
    if isinstance(shown, dict):
        return "; ".join(" / ".join(f"{label}: {cell}" for label, cell in zip(shown["columns"], row, strict=True))
                         for row in shown["rows"])
    return str(shown)


def condition_met(question: Question, answers: dict) -> bool:
    """Whether the question is shown, given the answers (always, without a condition)."""
    if not question.condition_key:
        return True
    value = answers.get(question.condition_key)
    if isinstance(value, list):
        return question.condition_value in value
    return value is not None and str(value) == question.condition_value
