"""The admin's builder of a call's own form: versions (with their steps), each step's questions; a frozen
version is read-only, and "new version" copies it (applications/services_forms.py)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.exceptions import DomainError

from .models import DocumentFormat
from .models_forms import FormDefinition, FormStep, Question, QuestionType
from .permissions import ProgrammeScopedAdminMixin, programme_scope
from .questions import CHOICE_TYPES, COLUMN_TYPES, YES_NO_VALUES
from .services_forms import form_definition_create, form_definition_freeze

SEPARATOR = "|"


def _lines(text: str) -> list[list[str]]:
    return [[part.strip() for part in line.split(SEPARATOR)] for line in (text or "").splitlines() if line.strip()]


def _choices_text(choices: list[dict]) -> str:
    return "\n".join(f"{c.get('value', '')} | {c.get('label_ko', '')} | {c.get('label_en', '')}" for c in choices)


def _columns_text(columns: list[dict]) -> str:
    return "\n".join(f"{c.get('key', '')} | {c.get('label_ko', '')} | {c.get('label_en', '')} | {c.get('type', '')}"
                     for c in columns)


class QuestionAdminForm(forms.ModelForm):
    """Choices and table columns are typed one per line, their parts separated by "|"."""

    choices_text = forms.CharField(
        label=_("choices"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Single and multiple choice: one per line, value | 한국어 | English (e.g. vision | 컴퓨터 비전 | "
                    "Computer vision)."))
    columns_text = forms.CharField(
        label=_("table columns"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Tables: one per line, key | 한국어 | English | type (short_text, number, money or date)."))
    allowed_formats = forms.MultipleChoiceField(
        label=_("allowed formats"), choices=DocumentFormat.choices, widget=forms.CheckboxSelectMultiple,
        required=False, help_text=_("Files: the formats accepted, decided by the file's content."))

    class Meta:
        model = Question
        fields = ["position", "key", "type", "label_ko", "label_en", "help_ko", "help_en", "required", "min_length",
                  "max_length", "min_value", "max_value", "allowed_formats", "max_size_mb", "condition_key",
                  "condition_value", "error_message_ko", "error_message_en"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choices_text"].initial = _choices_text(self.instance.choices or [])
        self.fields["columns_text"].initial = _columns_text(self.instance.columns or [])

    def clean(self):
        data = super().clean()
        kind = data.get("type")
        data["choices"] = self._parse_choices(data.get("choices_text", ""), kind)
        data["columns"] = self._parse_columns(data.get("columns_text", ""), kind)
        for low, high in (("min_length", "max_length"), ("min_value", "max_value")):
            if data.get(low) is not None and data.get(high) is not None and data[low] > data[high]:
                self.add_error(high, _("The maximum must not be below the minimum."))
        if kind == QuestionType.FILE and not data.get("allowed_formats"):
            self.add_error("allowed_formats", _("Choose at least one format."))
        if bool(data.get("condition_key")) != bool(data.get("condition_value")):
            self.add_error("condition_value", _("Give both the question and the answer that shows this one, or "
                                                "neither."))
        return data

    def _parse_choices(self, text: str, kind) -> list[dict]:
        rows = _lines(text)
        if kind not in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE):
            return []
        choices, problems = [], []
        for row in rows:
            if len(row) < 2 or not row[0] or not row[1]:
                problems.append(gettext("“%(line)s” needs a value and a Korean label.") % {
                    "line": f" {SEPARATOR} ".join(row)})
                continue
            choices.append({"value": row[0], "label_ko": row[1], "label_en": row[2] if len(row) > 2 else ""})
        if not rows:
            problems.append(gettext("A choice question needs at least two choices."))
        elif len({c["value"] for c in choices}) != len(choices):
            problems.append(gettext("Each choice needs its own value."))
        elif len(choices) < 2 and not problems:
            problems.append(gettext("A choice question needs at least two choices."))
        if problems:
            self.add_error("choices_text", problems)
        return choices

    def _parse_columns(self, text: str, kind) -> list[dict]:
        rows = _lines(text)
        if kind != QuestionType.TABLE:
            return []
        columns, problems = [], []
        for row in rows:
            key, label_ko = (row + ["", ""])[:2]
            label_en = row[2] if len(row) > 2 else ""
            column_type = row[3] if len(row) > 3 and row[3] else QuestionType.SHORT_TEXT
            if not key or not label_ko or column_type not in COLUMN_TYPES:
                problems.append(gettext("“%(line)s” needs a key, a Korean label and a type among short_text, number, "
                                        "money and date.") % {"line": f" {SEPARATOR} ".join(row)})
                continue
            columns.append({"key": key, "label_ko": label_ko, "label_en": label_en, "type": column_type})
        if not rows:
            problems.append(gettext("A table needs at least one column."))
        elif len({c["key"] for c in columns}) != len(columns):
            problems.append(gettext("Each column needs its own key."))
        if problems:
            self.add_error("columns_text", problems)
        return columns

    def save(self, commit=True):
        self.instance.choices = self.cleaned_data.get("choices", [])
        self.instance.columns = self.cleaned_data.get("columns", [])
        return super().save(commit)


class QuestionFormSet(forms.BaseInlineFormSet):
    """Keys are unique in the whole form; a condition names an earlier choice or yes/no question and one of
    its answers."""

    def clean(self):
        super().clean()
        step = self.instance
        earlier = list(Question.objects.filter(definition_id=step.definition_id).exclude(step=step)
                       .filter(step__position__lt=step.position)) if step.pk or step.definition_id else []
        elsewhere = set(Question.objects.filter(definition_id=step.definition_id).exclude(step=step)
                        .values_list("key", flat=True)) if step.definition_id else set()
        rows = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
                and not f.errors]
        seen: dict[str, Question] = {}
        for form in sorted(rows, key=lambda f: (f.cleaned_data.get("position") or 0)):
            key = form.cleaned_data.get("key")
            if key in seen or key in elsewhere:
                form.add_error("key", _("Another question of this form already has this key."))
            condition = form.cleaned_data.get("condition_key")
            if condition:
                controllers = {q.key: q for q in earlier} | seen
                controller = controllers.get(condition)
                if controller is None or controller.type not in CHOICE_TYPES:
                    form.add_error("condition_key", _("Name an earlier yes/no or choice question of this form."))
                else:
                    values = (YES_NO_VALUES if controller.type == QuestionType.YES_NO
                              else [c["value"] for c in controller.choices])
                    if form.cleaned_data.get("condition_value") not in values:
                        form.add_error("condition_value", gettext("Give one of: %(values)s.") % {
                            "values": ", ".join(values)})
            seen[key] = Question(key=key, type=form.cleaned_data.get("type"),
                                 choices=form.cleaned_data.get("choices", []))


class FrozenReadOnlyMixin:
    """Nothing of a frozen version changes here: its pages are read-only, its inlines shown only."""

    def _definition(self, obj):
        raise NotImplementedError

    def _frozen(self, obj) -> bool:
        definition = self._definition(obj) if obj is not None else None
        return definition is not None and definition.frozen_at is not None

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


class QuestionInline(FrozenReadOnlyMixin, admin.StackedInline):
    model = Question
    form = QuestionAdminForm
    formset = QuestionFormSet
    extra = 0
    fieldsets = [
        (None, {"fields": ["position", "key", "type", "required", "label_ko", "label_en", "help_ko", "help_en"]}),
        (_("Limits"), {"fields": ["min_length", "max_length", "min_value", "max_value"]}),
        (_("Choices and table columns"), {"fields": ["choices_text", "columns_text"]}),
        (_("File"), {"fields": ["allowed_formats", "max_size_mb"]}),
        (_("Condition"), {"fields": ["condition_key", "condition_value"]}),
        (_("Validation message"), {"fields": ["error_message_ko", "error_message_en"]}),
    ]

    def _definition(self, obj):
        return obj.definition if isinstance(obj, FormStep) else obj

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)


class FormStepInline(FrozenReadOnlyMixin, admin.TabularInline):
    model = FormStep
    fields = ["position", "title_ko", "title_en", "question_count"]
    readonly_fields = ["question_count"]
    show_change_link = True
    extra = 0

    def _definition(self, obj):
        return obj

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_total=Count("questions"))

    @admin.display(description=_("questions"))
    def question_count(self, obj: FormStep) -> int:
        return getattr(obj, "question_total", 0)


class FormDefinitionAddForm(forms.ModelForm):
    copy_from = forms.ModelChoiceField(
        label=_("copy the questions of"), queryset=FormDefinition.objects.none(), required=False,
        help_text=_("A version of this call's form or of another call's: its steps and questions are copied into "
                    "the new version."))

    class Meta:
        model = FormDefinition
        fields = ["call", "note"]


@admin.register(FormDefinition)
class FormDefinitionAdmin(ProgrammeScopedAdminMixin, FrozenReadOnlyMixin, admin.ModelAdmin):
    """A call's form, one version per row. Staff add steps here and questions on each step's page; the version
    freezes when its call's first application starts (or with the action), and a change is then a new version."""

    list_display = ["__str__", "call", "version", "state", "question_total", "note", "created_at"]
    list_select_related = ["call"]
    list_filter = [("call", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["call__code", "call__title_ko", "note"]
    readonly_fields = ["version", "frozen_at", "created_at"]
    inlines = [FormStepInline]
    actions = ["freeze", "new_version"]

    def _definition(self, obj):
        return obj

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(questions_total=Count("questions"))

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = FormDefinitionAddForm
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            form.base_fields["copy_from"].queryset = programme_scope(
                FormDefinition.objects.select_related("call"), request.user, path="call__programme")
        return form

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["call", "note", "copy_from"]
        return ["call", "version", "note", "frozen_at", "created_at"]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "call"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        created = form_definition_create(call=form.cleaned_data["call"], note=form.cleaned_data.get("note", ""),
                                         copy_from=form.cleaned_data.get("copy_from"))
        obj.__dict__.update(created.__dict__)  # the page goes on with the saved version (its steps' inline)

    @admin.display(description=_("state"))
    def state(self, obj: FormDefinition) -> str:
        return gettext("frozen") if obj.frozen_at else gettext("editable")

    @admin.display(description=_("questions"), ordering="questions_total")
    def question_total(self, obj: FormDefinition) -> int:
        return getattr(obj, "questions_total", 0)

    @admin.action(description=_("Freeze the selected versions (applications answer them from then on)"))
    def freeze(self, request, queryset):
        for definition in queryset:
            try:
                form_definition_freeze(definition=definition)
            except DomainError as exc:
                self.message_user(request, f"{definition}: {exc.message}", messages.ERROR)
            else:
                self.message_user(request, gettext("%(form)s is frozen.") % {"form": definition}, messages.SUCCESS)

    @admin.action(description=_("Make a new version of each selected form, with its questions"))
    def new_version(self, request, queryset):
        for definition in queryset.select_related("call"):
            created = form_definition_create(call=definition.call, copy_from=definition)
            url = reverse("admin:applications_formdefinition_change", args=[created.pk])
            self.message_user(request, format_html('{} <a href="{}">{}</a>', gettext("New version made:"), url,
                                                   created), messages.SUCCESS)


@admin.register(FormStep)
class FormStepAdmin(ProgrammeScopedAdminMixin, FrozenReadOnlyMixin, admin.ModelAdmin):
    """A step of a form with its questions (reached from its version's page)."""

    programme_path = "definition__call__programme"
    list_display = ["__str__", "definition", "position"]
    list_select_related = ["definition__call"]
    fields = ["definition", "position", "title_ko", "title_en", "intro_ko", "intro_en"]
    inlines = [QuestionInline]

    def _definition(self, obj):
        return obj.definition

    def has_module_permission(self, request):
        return False  # reached from the version's page

    def get_readonly_fields(self, request, obj=None):
        return ["definition"] if obj is not None else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "definition":
            kwargs["queryset"] = programme_scope(
                FormDefinition.objects.filter(frozen_at__isnull=True).select_related("call"), request.user,
                path="call__programme")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def response_post_save_change(self, request, obj):
        return self._back_to_version(request, obj) or super().response_post_save_change(request, obj)

    def _back_to_version(self, request, obj):
        if "_continue" in request.POST or "_addanother" in request.POST:
            return None
        from django.http import HttpResponseRedirect

        return HttpResponseRedirect(reverse("admin:applications_formdefinition_change", args=[obj.definition_id]))
