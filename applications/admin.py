"""Admin of calls for applications; the review of applications lives in the evaluations app."""

from collections import defaultdict

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from portal.admin import BoundedDateHierarchyMixin, ReadOnlyAdminMixin
from portal.formatting import format_kst
from portal.uploads import sanitize_filename, validate_upload
from premises.models import Unit

from . import admin_collaborators, admin_forms  # noqa: F401  co-applicants; the builder of calls' own forms
from .models import (
    CALL_FILE_FORMATS,
    Call,
    CallDocumentType,
    CallFAQ,
    CallFile,
    CallScheduleItem,
    DocumentDestruction,
    DocumentFormat,
    EvaluationCriterion,
    Programme,
    ProgrammeStaff,
)
from .permissions import ProgrammeScopedAdminMixin, programme_scope
from .selectors import CallStatus, call_list_for_admin, call_status
from .services import call_add_defaults

KOREA_TIME_HELP = _("Korea time (KST, UTC+9).")


class CallAdminForm(forms.ModelForm):
    class Meta:
        model = Call
        fields = [
            "programme", "code", "building", "title_ko", "title_en", "summary_ko", "summary_en", "opens_at",
            "closes_at",
            "headcount_min", "headcount_max", "max_company_age_years", "ai_field_required", "relocation_required",
            "units_on_offer", "places", "pass_mark", "trim_extremes_from", "stage1_weight", "stage2_weight",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("opens_at", "closes_at"):
            if name in self.fields:
                self.fields[name].help_text = KOREA_TIME_HELP

    def clean(self):
        data = super().clean()
        opens_at, closes_at = data.get("opens_at"), data.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("The call must close after it opens."))
        low, high = data.get("headcount_min"), data.get("headcount_max")
        if low is not None and high is not None and high < low:
            self.add_error("headcount_max", _("The maximum headcount must not be below the minimum."))
        weight1, weight2 = data.get("stage1_weight"), data.get("stage2_weight")
        if weight1 is not None and weight2 is not None and weight1 + weight2 != 1:
            self.add_error("stage2_weight", _("The weights of stage 1 and stage 2 must add up to 1."))
        building, units = data.get("building"), data.get("units_on_offer")
        if building and units:
            elsewhere = sorted(u.code for u in units if u.floor.building_id != building.pk)
            if elsewhere:
                self.add_error("units_on_offer", _("These units are not in the call's building: %(units)s.")
                               % {"units": ", ".join(elsewhere)})
        return data


class DocumentTypeForm(forms.ModelForm):
    allowed_formats = forms.MultipleChoiceField(
        label=_("allowed formats"), choices=DocumentFormat.choices, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one format.")},
    )

    class Meta:
        model = CallDocumentType
        fields = ["name_ko", "name_en", "help_ko", "help_en", "required", "allowed_formats", "max_size_mb",
                  "generated_form", "position"]

    def clean_max_size_mb(self):
        size = self.cleaned_data["max_size_mb"]
        if not size:
            raise ValidationError(_("The maximum size must be at least 1 MB."))
        # One upload and the rest of its form must fit in the portal's request limit.
        ceiling = settings.PORTAL_MAX_REQUEST_BYTES // (1024 * 1024) - 1
        if size > ceiling:
            raise ValidationError(
                _("The maximum size can be at most %(limit)s MB, the largest upload the portal accepts."),
                params={"limit": ceiling},
            )
        return size


class CriteriaFormSet(forms.BaseInlineFormSet):
    """The criteria of each stage must add up to 100 points."""

    def clean(self):
        super().clean()
        totals: dict[int, int] = defaultdict(int)
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or data.get("stage") is None or data.get("max_points") is None:
                continue
            totals[int(data["stage"])] += data["max_points"]
        errors = [
            ValidationError(
                _("The criteria of %(stage)s add up to %(total)s points; they must add up to 100."),
                params={"stage": EvaluationCriterion.Stage(stage).label, "total": total},
            )
            for stage, total in sorted(totals.items()) if total != 100
        ]
        if errors:
            raise ValidationError(errors)


class DocumentTypeInline(admin.TabularInline):
    model = CallDocumentType
    form = DocumentTypeForm
    extra = 0


class CallFileForm(forms.ModelForm):
    """A notice document or form template, checked by content like every upload (HWP, HWPX or PDF)."""

    class Meta:
        model = CallFile
        fields = ["kind", "title_ko", "title_en", "file", "position"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "content_type"):  # a new file (not the one already stored)
            validate_upload(allowed_formats=CALL_FILE_FORMATS,
                            max_bytes=settings.PORTAL_MAX_REQUEST_BYTES - 1024 * 1024)(upload)
        return upload

    def save(self, commit=True):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "detected_format"):
            self.instance.original_name = sanitize_filename(upload.name)[:255]
            self.instance.detected_format = upload.detected_format
            self.instance.size = upload.size
        return super().save(commit)


class CallFileInline(admin.TabularInline):
    model = CallFile
    form = CallFileForm
    fields = ["kind", "title_ko", "title_en", "file", "position"]
    extra = 0


class CriterionInline(admin.TabularInline):
    model = EvaluationCriterion
    formset = CriteriaFormSet
    fields = ["stage", "name_ko", "name_en", "description_ko", "description_en", "max_points", "position"]
    extra = 0


class FAQInline(admin.StackedInline):
    model = CallFAQ
    fields = ["question_ko", "question_en", "answer_ko", "answer_en", "position"]
    extra = 0


class ScheduleInline(admin.TabularInline):
    model = CallScheduleItem
    fields = ["label_ko", "label_en", "starts_on", "ends_on"]
    extra = 0


class CallStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "window"

    def lookups(self, request, model_admin):
        return CallStatus.choices

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == CallStatus.OPEN:
            return queryset.filter(opens_at__lte=now, closes_at__gt=now)
        if self.value() == CallStatus.UPCOMING:
            return queryset.filter(opens_at__gt=now)
        if self.value() == CallStatus.CLOSED:
            return queryset.filter(closes_at__lte=now)
        return queryset


@admin.register(Call)
class CallAdmin(ProgrammeScopedAdminMixin, BoundedDateHierarchyMixin, SimpleHistoryAdmin):
    form = CallAdminForm
    programme_path = "programme"
    list_display = ["code", "title_ko", "programme", "window", "status", "application_count"]
    list_display_links = ["code", "title_ko"]
    list_select_related = ["building", "programme"]
    list_filter = [CallStatusFilter, ("programme", admin.RelatedOnlyFieldListFilter), "building",
                   "ai_field_required", "relocation_required"]
    search_fields = ["code", "title_ko", "title_en"]
    readonly_fields = ["last_receipt_sequence", "results_released_at", "application_form", "created_at",
                       "updated_at"]
    autocomplete_fields = ["building"]
    filter_horizontal = ["units_on_offer"]
    date_hierarchy = "opens_at"
    inlines = [CallFileInline, DocumentTypeInline, CriterionInline, ScheduleInline, FAQInline]
    fieldsets = [
        (None, {"fields": ["programme", "code", "notice_number", "building", "title_ko", "title_en", "summary_ko",
                           "summary_en"]}),
        (_("Contact"), {"fields": ["contact_department", "contact_phone"]}),
        (_("Application period"), {"fields": ["opens_at", "closes_at"]}),
        (_("Eligibility"), {"fields": ["headcount_min", "headcount_max", "max_company_age_years",
                                       "ai_field_required", "relocation_required"]}),
        (_("Units on offer"), {"fields": ["units_on_offer", "places"]}),
        (_("Application form"), {"fields": ["application_form"]}),
        (_("Evaluation"), {"fields": ["pass_mark", "trim_extremes_from", "stage1_weight", "stage2_weight",
                                      "results_released_at"]}),
        (_("Record"), {"fields": ["last_receipt_sequence", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return programme_scope(call_list_for_admin(), request.user, path="programme")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "units_on_offer":
            kwargs["queryset"] = Unit.objects.select_related("unit_type", "floor__building").order_by(
                "floor__building", "floor__number", "code"
            )
            field = super().formfield_for_manytomany(db_field, request, **kwargs)
            field.label_from_instance = lambda unit: f"{unit.code} · {unit.unit_type}"
            return field
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("the call's own form"))
    def application_form(self, obj: Call) -> str:
        if obj.pk is None:
            return gettext("Save the call first.")
        versions = reverse("admin:applications_formdefinition_changelist") + f"?call__id__exact={obj.pk}"
        add = reverse("admin:applications_formdefinition_add") + f"?call={obj.pk}"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a><div class="help">{}</div>', versions,
            gettext("Versions of the form"), add, gettext("Add a version"),
            gettext("Without a form of its own the call asks the fixed steps (company, team and space, plan)."))

    @admin.display(description=_("application period (KST)"), ordering="opens_at")
    def window(self, obj: Call) -> str:
        return f"{format_kst(obj.opens_at)} – {format_kst(obj.closes_at)}"

    @admin.display(description=_("status"))
    def status(self, obj: Call) -> str:
        return CallStatus(call_status(call=obj)).label

    @admin.display(description=_("applications"), ordering="application_count")
    def application_count(self, obj: Call) -> int:
        return obj.application_count

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:
            return
        call = form.instance
        had_documents, had_criteria = call.document_types.exists(), call.criteria.exists()
        if had_documents and had_criteria:
            return
        call_add_defaults(call=call)
        if not had_documents and not had_criteria:
            message = gettext("The usual documents and the default evaluation criteria were added; check them below.")
        elif not had_documents:
            message = gettext("The usual documents were added; check them below.")
        else:
            message = gettext("The default evaluation criteria were added; check them below.")
        self.message_user(request, message, messages.INFO)

    def view_on_site(self, obj: Call) -> str:
        return reverse("applications:call_detail", args=[obj.code])


@admin.register(DocumentDestruction)
class DocumentDestructionAdmin(ProgrammeScopedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """The log of documents destroyed at the end of their retention period (read only)."""

    programme_path = "application__call__programme"
    list_display = ["destroyed_at", "application", "document_type_name", "original_name", "application_status",
                    "retention_days"]
    list_select_related = ["application"]
    list_filter = ["application_status", "destroyed_at"]
    search_fields = ["application__receipt_number", "application__company_name_ko", "original_name", "sha256"]
    readonly_fields = ["application", "document_type_name", "original_name", "sha256", "application_status",
                       "retention_days", "destroyed_at"]
    autocomplete_fields: list[str] = []



@admin.register(Programme)
class ProgrammeAdmin(ProgrammeScopedAdminMixin, admin.ModelAdmin):
    programme_path = "pk"
    list_display = ["code", "name_ko", "name_en", "outcome", "is_active", "position"]
    list_display_links = ["code", "name_ko"]
    list_filter = ["outcome", "is_active"]
    search_fields = ["code", "name_ko", "name_en"]
    fields = ["code", "name_ko", "name_en", "description_ko", "description_en", "outcome", "is_active", "position"]

    def has_add_permission(self, request):
        """A new programme is the superusers' (staff see only the programmes they are assigned to)."""
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def view_on_site(self, obj: Programme) -> str:
        return reverse("applications:programme_detail", args=[obj.code])


@admin.register(ProgrammeStaff)
class ProgrammeStaffAdmin(admin.ModelAdmin):
    """Who works on which programme: superusers assign staff, as they hold groups and permissions."""

    list_display = ["user", "programme"]
    list_select_related = ["user", "programme"]
    list_filter = ["programme"]
    search_fields = ["user__name", "user__email"]
    autocomplete_fields = ["user"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
