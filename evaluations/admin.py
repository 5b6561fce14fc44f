"""Staff review in the admin: applications with their workflow actions, the committee, slots, results."""

from __future__ import annotations

import re

from django.contrib import admin, messages
from django.db.models import Q
from django.http import Http404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from applications.admin_collaborators import CollaboratorInline, EditInline
from applications.consents import agreed_retention_texts
from applications.models import (
    Application,
    ApplicationDocument,
    Call,
)
from applications.permissions import ProgrammeCallListFilter, ProgrammeScopedAdminMixin, programme_scope
from applications.selectors import application_access_subject
from applications.workflow import WORKFLOW, Actor
from portal.admin import ReadOnlyAdminMixin, ReadOnlyInlineMixin, WorkflowAdminMixin, file_size_column
from portal.admin_rows import OnlyFieldsChangeList
from portal.exceptions import DomainError
from portal.formatting import format_amount, format_kst
from portal.providers.nts import FLAGGED, nts_configured
from privacy.access_log_admin import AccessLoggedAdminMixin

from . import admin_views
from .forms import SlotAdminForm, TransitionForm
from .models import (
    Assignment,
    ConflictDeclaration,
    PresentationSlot,
    ResultNotice,
    Scorecard,
    ScoreItem,
    ScoringDeadline,
)
from .selectors import application_annotate_scores
from .services import (
    application_staff_transition,
    presentation_slot_assign,
    presentation_slot_release,
    scorecard_reopen,
)


class HeadcountRangeFilter(admin.SimpleListFilter):
    title = _("headcount")
    parameter_name = "headcount"
    RANGES = {"lt20": (None, 19), "20-29": (20, 29), "30-42": (30, 42), "gt42": (43, None)}

    def lookups(self, request, model_admin):
        return [("lt20", _("fewer than 20")), ("20-29", _("20 to 29")), ("30-42", _("30 to 42")),
                ("gt42", _("more than 42"))]

    def queryset(self, request, queryset):
        bounds = self.RANGES.get(self.value() or "")
        if bounds is None:
            return queryset
        low, high = bounds
        if low is not None:
            queryset = queryset.filter(headcount__gte=low)
        if high is not None:
            queryset = queryset.filter(headcount__lte=high)
        return queryset


class ReadOnlyInline(ReadOnlyInlineMixin, admin.TabularInline):
    pass


class DocumentInline(ReadOnlyInline):
    model = ApplicationDocument
    fields = ["document_type", "original_name", "detected_format", "file_size", "uploaded_at", "download"]
    readonly_fields = fields
    file_size = file_size_column()

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("document_type")

    @admin.display(description=_("file"))
    def download(self, obj):
        url = reverse("admin:applications_application_document", args=[obj.application_id, obj.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Download"))


class ConflictInline(ReadOnlyInline):
    model = ConflictDeclaration
    fields = ["evaluator", "stage", "has_conflict", "note", "declared_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("evaluator")


class ScorecardInline(ReadOnlyInline):
    model = Scorecard
    fields = ["evaluator", "stage", "total", "submitted_at", "locked", "reopened_by", "reopened_at"]
    readonly_fields = fields
    show_change_link = True

    def get_queryset(self, request):
        # Each row shows the scorecard's name, which names its application and evaluator.
        return super().get_queryset(request).select_related("application", "evaluator", "reopened_by")


@admin.register(Application)
class ApplicationAdmin(ProgrammeScopedAdminMixin, AccessLoggedAdminMixin, WorkflowAdminMixin, ReadOnlyAdminMixin,
                       SimpleHistoryAdmin):
    """Staff read the applicant's data, never edit it (ReadOnlyAdminMixin); the status changes through the
    workflow's buttons and bulk actions, which call `application_staff_transition`."""

    workflow = WORKFLOW
    workflow_role = Actor.STAFF
    # Asking for more information names the items the applicant may change again: its own page, for one
    # application or several of one call.
    # Marking ineligible and not selecting are decisions with a notice: their page also takes the reasons in
    # English for the notice's translation.
    workflow_pages = {"request_information": "transition_page", "mark_ineligible": "transition_page",
                      "not_select": "transition_page"}
    workflow_bulk = tuple(t.name for t in WORKFLOW.transitions.values() if t.actor == Actor.STAFF)
    workflow_page_template = "admin/evaluations/application/transition_form.html"
    change_form_template = "admin/evaluations/application/change_form.html"
    change_list_template = "admin/evaluations/application/change_list.html"
    list_display = ["receipt_number", "company", "business", "headcount", "desired_unit_type", "status", "stage1",
                    "stage2", "submitted_at"]
    list_display_links = ["receipt_number", "company"]
    list_select_related = ["desired_unit_type"]
    # The list's rows load only what its columns and each row's name show (portal/admin_rows.py); the rows are
    # rendered by portal_admin's fast_result_list (its change_list.html), the same markup as Django's.
    list_only_fields = ["call", "receipt_number", "company_name_ko", "company_name_en", "headcount",
                        "desired_unit_type", "status", "submitted_at", "business_status"]
    list_filter = [("call", ProgrammeCallListFilter), "status", "business_status", "ai_field",
                   "desired_unit_type", HeadcountRangeFilter]
    search_fields = ["company_name_ko", "company_name_en", "receipt_number", "business_registration_number"]
    autocomplete_fields: list[str] = []
    date_hierarchy = None
    list_per_page = 100
    list_max_show_all = 1000
    # A filtered list says "Show all" rather than counting the whole table a second time on every page.
    show_full_result_count = False
    inlines = [DocumentInline, CollaboratorInline, EditInline, ConflictInline, ScorecardInline]
    fieldsets = [
        (None, {"fields": ["call", "receipt_number", "status", "submitted_at", "applicant"]}),
        (_("Company"), {"fields": ["company_name_ko", "company_name_en", "brn", "crn",
                                   "ceo_name", "founded_on", "business_check", "head_office_address", "website",
                                   "ai_field"]}),
        (_("Team and space"), {"fields": ["headcount", "foreign_employees", "desired_unit_type", "desired_move_in",
                                          "relocation_commitment"]}),
        (_("Plan and needs"), {"fields": ["business_summary", "revenue_last_year_won", "total_investment_won",
                                          "patents_held", "awards", "wants_immigration_exemption",
                                          "wants_patent_exemption", "wants_fund", "wants_gpu", "contact_name",
                                          "contact_email", "contact_phone"]}),
        (_("Consents and declaration"), {"fields": ["consent_version", "consent_retention", "consent_collection_at",
                                                     "consent_committee_at", "truth_declared_at"]}),
        (_("Requests for more information"), {"fields": ["info_request_message", "reopened_fields"]}),
        (_("Scores"), {"fields": ["stage1", "stage2", "presentation"]}),
    ]
    readonly_fields = [f for _title, options in fieldsets for f in options["fields"]]
    FIXED_STEP_TITLES = (fieldsets[1][0], fieldsets[2][0], fieldsets[3][0])

    def get_queryset(self, request):
        return application_annotate_scores(super().get_queryset(request))

    def get_fieldsets(self, request, obj=None):
        """An application to a call with its own form shows its answers (below) instead of the fixed steps."""
        if obj is not None and obj.form_definition_id is not None:
            return [fieldset for fieldset in self.fieldsets if fieldset[0] not in self.FIXED_STEP_TITLES]
        return self.fieldsets

    def get_changelist(self, request, **kwargs):
        return OnlyFieldsChangeList

    def access_log_subject(self, obj):
        return application_access_subject(obj)

    def has_workflow_permission(self, request, obj=None):
        return request.user.is_district_staff

    def workflow_apply(self, request, obj, transition, reason="", **data):
        return application_staff_transition(application=obj, name=transition.name, actor=request.user,
                                            reason=reason, reopened_fields=data.get("reopened_fields"),
                                            reason_en=data.get("reason_en", ""))

    def transition_page(self, request, *, objects, transition, data, action="", cancel_url):
        """The message to the applicant and, asking for more information, the items to reopen, chosen from the
        call's form (the call of the selected applications, when they share one); for a decision with a notice
        (ineligible, not selected), the reasons in English too."""
        call_ids = {application.call_id for application in objects}
        form = TransitionForm(data, transition=transition, call_id=next(iter(call_ids)) if len(call_ids) == 1 else None)
        if data is not None and form.is_valid():
            for application in objects:
                self.workflow_report(request, application, transition, form.cleaned_data["reason"],
                                     reopened_fields=form.cleaned_data.get("reopened_fields"),
                                     reason_en=form.cleaned_data.get("reason_en", ""))
            return None
        return self.workflow_page_render(request, objects=objects, transition=transition, form=form, action=action,
                                         cancel_url=cancel_url)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":  # reverting would bypass the workflow
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)

    @admin.display(description=_("company"), ordering="company_name_ko")
    def company(self, obj):
        return obj.company_name_ko or obj.company_name_en or "—"

    @admin.display(description=_("NTS status"), ordering="business_status")
    def business(self, obj):
        if obj.business_status in FLAGGED:
            return format_html('<strong class="errornote" data-business-flag="{}">⚠ {}</strong>', obj.business_status,
                               obj.get_business_status_display())
        return obj.get_business_status_display() if obj.business_status else "—"

    @admin.display(description=_("NTS business status"))
    def business_check(self, obj):
        if not obj.business_checked_at:
            if not nts_configured():
                return gettext("Not checked: the NTS business-status check is off (no NTS_SERVICE_KEY configured).")
            return gettext("Not checked yet: the check runs after submission and is retried while the NTS "
                           "service does not answer.")
        identity = {True: gettext("number, CEO and founding date match"),
                    False: gettext("number, CEO and founding date do NOT match"), None: ""}[obj.business_identity_valid]
        return format_html(
            '<span{}>{}</span> — {} ({}){}', mark_safe(' class="errornote"') if obj.business_status in FLAGGED else "",
            obj.get_business_status_display(), obj.business_status_label or "—",
            format_kst(obj.business_checked_at), f" · {identity}" if identity else "")

    @admin.display(description=_("retention periods agreed to"))
    def consent_retention(self, obj):
        """The notice's retention item as the applicant agreed to it, in both languages of the notice."""
        texts = agreed_retention_texts(obj)
        if not texts:
            return gettext("Not recorded: the notice of this version stated no periods.") if obj.consent_version \
                else "—"
        return format_html('<p lang="ko">{}</p><p lang="en">{}</p>', texts["ko"], texts["en"])

    @admin.display(description=_("business registration number"))
    def brn(self, obj):
        return obj.business_registration_number_display

    @admin.display(description=_("corporate registration number"))
    def crn(self, obj):
        return obj.corporate_registration_number_display

    @admin.display(description=_("revenue last year (won)"))
    def revenue_last_year_won(self, obj) -> str:
        return format_amount(obj.revenue_last_year) or "—"

    @admin.display(description=_("total investment (won)"))
    def total_investment_won(self, obj) -> str:
        return format_amount(obj.total_investment) or "—"

    @admin.display(description=_("stage 1"), ordering="stage1_score")
    def stage1(self, obj):
        return obj.stage1_score if obj.stage1_score is not None else "—"

    @admin.display(description=_("stage 2"), ordering="stage2_score")
    def stage2(self, obj):
        return obj.stage2_score if obj.stage2_score is not None else "—"

    @admin.display(description=_("presentation slot"))
    def presentation(self, obj):
        slot = PresentationSlot.objects.filter(application=obj).first()
        if slot is None:
            return "—"
        confirmed = gettext("confirmed") if slot.confirmed_at else gettext("not confirmed yet")
        return f"{slot} ({confirmed})"

    def get_search_results(self, request, queryset, search_term):
        """Business registration numbers match with or without hyphens (123-45-67890 or 1234567890)."""
        term = search_term.strip()
        digits = re.sub(r"[\s-]", "", term)
        if term and digits.isdigit() and len(digits) >= 3:
            return queryset.filter(
                Q(business_registration_number__contains=digits) | Q(receipt_number__icontains=term)
                | Q(company_name_ko__icontains=term) | Q(company_name_en__icontains=term)
            ), False
        return super().get_search_results(request, queryset, search_term)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        custom = [
            path("<int:object_id>/documents/<int:document_id>/download/",
                 wrap(admin_views.document_download), name="applications_application_document"),
            path("<int:object_id>/answers/<int:file_id>/download/", wrap(admin_views.answer_file_download),
                 name="applications_application_answer_file"),
            path("<int:object_id>/reply/", wrap(admin_views.message_reply), name="applications_application_reply"),
            path("calls/<int:call_id>/ranking/", wrap(admin_views.call_ranking_view),
                 name="evaluations_call_ranking"),
            path("calls/<int:call_id>/export.<str:fmt>", wrap(admin_views.call_export),
                 name="evaluations_call_export"),
            path("calls/<int:call_id>/decisions/", wrap(admin_views.call_decisions),
                 name="evaluations_call_decisions"),
            path("calls/<int:call_id>/release/", wrap(admin_views.call_release),
                 name="evaluations_call_release"),
            path("calls/<int:call_id>/slots/", wrap(admin_views.call_assign_slots),
                 name="evaluations_call_assign_slots"),
        ]
        return custom + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        calls = [(call, reverse("admin:evaluations_call_ranking", args=[call.pk]))
                 for call in programme_scope(Call.objects.order_by("-opens_at"), request.user,
                                             path="programme")[:8]]
        return super().changelist_view(request, {"ranking_links": calls, **(extra_context or {})})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, object_id)
        extra = {}
        if application is not None:
            extra = admin_views.change_page_context(request, application)
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})


# ---------------------------------------------------------------------------------------------
# The committee
# ---------------------------------------------------------------------------------------------

@admin.register(Assignment)
class AssignmentAdmin(ProgrammeScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["evaluator", "call", "stage", "assigned_by", "created_at"]
    list_select_related = ["evaluator", "call", "assigned_by"]
    list_filter = ["call", "stage"]
    search_fields = ["evaluator__name", "evaluator__email", "call__code"]
    readonly_fields = ["assigned_by", "created_at"]
    autocomplete_fields = ["evaluator"]
    fields = ["evaluator", "call", "stage", "assigned_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.assigned_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ScoringDeadline)
class ScoringDeadlineAdmin(ProgrammeScopedAdminMixin, admin.ModelAdmin):
    list_display = ["call", "stage", "due_on"]
    list_select_related = ["call"]
    list_filter = ["stage", "call"]
    search_fields = ["call__code"]


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(AccessLoggedAdminMixin, ProgrammeScopedAdminMixin, ReadOnlyAdminMixin,
                               SimpleHistoryAdmin):
    programme_path = "application__call__programme"
    list_display = ["application", "evaluator", "stage", "has_conflict", "declared_at"]
    list_select_related = ["application", "evaluator"]
    list_filter = ["has_conflict", "stage", "application__call"]
    search_fields = ["evaluator__name", "application__receipt_number", "application__company_name_ko"]
    readonly_fields = ["evaluator", "application", "stage", "has_conflict", "note", "declared_at"]
    autocomplete_fields: list[str] = []

    def access_log_subject(self, obj):
        return application_access_subject(obj.application)


class ScoreItemInline(ReadOnlyInline):
    model = ScoreItem
    fields = ["criterion", "points", "comment"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("criterion")


@admin.register(Scorecard)
class ScorecardAdmin(AccessLoggedAdminMixin, ProgrammeScopedAdminMixin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    programme_path = "application__call__programme"
    list_display = ["application", "evaluator", "stage", "total", "submitted_at", "locked", "reopened_by"]
    list_select_related = ["application", "evaluator", "reopened_by"]
    list_filter = ["stage", "locked", "application__call"]
    search_fields = ["evaluator__name", "application__receipt_number", "application__company_name_ko"]
    readonly_fields = ["evaluator", "application", "stage", "total", "submitted_at", "locked", "reopened_by",
                       "reopened_at"]
    autocomplete_fields: list[str] = []
    inlines = [ScoreItemInline]
    actions = ["reopen"]

    def access_log_subject(self, obj):
        return application_access_subject(obj.application)

    def has_review_permission(self, request, obj=None):
        return request.user.is_district_staff

    @admin.action(description=_("Reopen the selected scorecards"), permissions=["review"])
    def reopen(self, request, queryset):
        for scorecard in queryset.select_related("application", "evaluator"):
            try:
                scorecard_reopen(scorecard=scorecard, actor=request.user)
            except DomainError as exc:
                messages.error(request, f"{scorecard}: {exc}")
            else:
                messages.success(request, gettext("%(card)s: reopened") % {"card": scorecard})


# ---------------------------------------------------------------------------------------------
# Stage 2 and results
# ---------------------------------------------------------------------------------------------

@admin.register(PresentationSlot)
class PresentationSlotAdmin(ProgrammeScopedAdminMixin, SimpleHistoryAdmin):
    form = SlotAdminForm
    list_display = ["starts_at", "ends_at", "place", "call", "application", "notified_at", "confirmed_at"]
    list_select_related = ["call", "application"]
    list_filter = ["call"]
    search_fields = ["place", "application__receipt_number", "application__company_name_ko"]
    readonly_fields = ["notified_at", "confirmed_at"]
    autocomplete_fields = ["application"]
    fields = ["call", "starts_at", "ends_at", "place", "application", "notified_at", "confirmed_at"]

    def save_model(self, request, obj, form, change):
        """Slot details are saved as typed; who gets the slot goes through the service (which notifies)."""
        application = form.cleaned_data.get("application")
        previous = PresentationSlot.objects.filter(pk=obj.pk).values_list("application_id", flat=True).first()
        obj.application_id = previous
        super().save_model(request, obj, form, change)
        if application is None and previous is not None:
            presentation_slot_release(slot=obj, actor=request.user)
        elif application is not None and application.pk != previous:
            if previous is not None:
                presentation_slot_release(slot=obj, actor=request.user)
            presentation_slot_assign(slot=obj, application=application, actor=request.user)
        obj.refresh_from_db()


@admin.register(ResultNotice)
class ResultNoticeAdmin(ProgrammeScopedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    programme_path = "application__call__programme"
    list_display = ["application", "status", "queued_at", "sent_at"]
    list_select_related = ["application"]
    list_filter = ["status", "application__call"]
    search_fields = ["application__receipt_number", "application__company_name_ko"]
    readonly_fields = ["application", "status", "queued_at", "sent_at", "notification"]
    autocomplete_fields: list[str] = []
