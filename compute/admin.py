"""Admin of GPU support, each list scoped to the staff member's programmes (applications/permissions.py):
capacity pools and the capacity-over-time chart, allocations (created from a selected application through
`allocation_create`, workflow buttons, adjustments with their reasons), usage reports and the import of the
compute operator's usage file. The reminders sent are outreach's (Sent reminders, kinds gpu_nearly_used and
gpu_unused)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from applications.models import Application, Outcome, Programme
from applications.permissions import ProgrammeScopedAdminMixin, programme_scope, staff_programme_ids
from applications.selectors import application_access_subject
from applications.workflow import Status as ApplicationStatus
from portal.admin import ReadOnlyAdminMixin, ReadOnlyInlineMixin, WorkflowAdminMixin
from portal.exceptions import DomainError
from portal.formatting import format_hours, format_month
from portal.imports import TableError
from portal.params import query_int
from privacy.access_log_admin import AccessLoggedAdminMixin

from . import chart, selectors, services
from .imports import usage_import
from .models import (
    Adjustment,
    Allocation,
    CapacityPool,
    UsageImport,
    UsageReport,
    month_first,
)
from .workflow import ALLOCATION_OPEN_STATUSES, ALLOCATION_WORKFLOW

MAX_IMPORT_BYTES = 5 * 1024 * 1024


def _gpu_programmes(request):
    return programme_scope(Programme.objects.filter(outcome=Outcome.GPU_ALLOCATION), request.user, path="pk")


class CapacityPoolForm(forms.ModelForm):
    class Meta:
        model = CapacityPool
        fields = ["programme", "name", "gpu_type", "gpu_count", "hours_per_month", "starts_on", "ends_on"]

    def clean(self):
        data = super().clean()
        if self.instance.pk and data.get("hours_per_month") and data.get("starts_on") and data.get("ends_on"):
            try:
                services.pool_change_check(pool=self.instance, hours_per_month=data["hours_per_month"],
                                           starts_on=data["starts_on"], ends_on=data["ends_on"])
            except DomainError as error:
                self.add_error(error.field or None, error.message)
        return data


@admin.register(CapacityPool)
class CapacityPoolAdmin(ProgrammeScopedAdminMixin, admin.ModelAdmin):
    programme_path = "programme"
    form = CapacityPoolForm
    list_display = ["name", "programme", "gpu_type", "gpu_count", "hours_per_month", "starts_on", "ends_on"]
    list_select_related = ["programme"]
    list_filter = ["programme", "gpu_type"]
    search_fields = ["name", "gpu_type"]
    change_list_template = "admin/compute/capacitypool/change_list.html"

    def has_delete_permission(self, request, obj=None):
        """A pool that allocations draw from stays: its period is shortened instead."""
        return obj is None or not obj.allocations.exists()

    def get_urls(self):
        return [path("capacity/", self.admin_site.admin_view(self.capacity_view), name="compute_capacitypool_capacity"),
                *super().get_urls()]

    def capacity_view(self, request):
        """Capacity, allocations and usage month by month: an SVG chart drawn here, and the same figures as a
        table (the chart's text alternative)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        programmes = list(_gpu_programmes(request))
        chosen = query_int(request, "programme")
        ids = frozenset(p.pk for p in programmes if chosen in (None, p.pk))
        months = selectors.capacity_over_time(programme_ids=ids)
        context = {
            **self.admin_site.each_context(request), "opts": self.opts, "title": gettext("GPU capacity over time"),
            "programmes": programmes, "chosen": chosen, "months": months, "chart": chart.capacity_chart(months),
            "current": month_first(timezone.localdate()),
        }
        return TemplateResponse(request, "admin/compute/capacitypool/capacity.html", context)


class AllocationForm(forms.ModelForm):
    """The new allocation: a selected application of a GPU programme, a pool of that programme, the hours and
    the term; checked by the service's rules so each message stands beside its field."""

    class Meta:
        model = Allocation
        fields = ["application", "pool", "hours_per_month", "starts_on", "ends_on"]

    def clean(self):
        data = super().clean()
        application, pool = data.get("application"), data.get("pool")
        try:
            if application and pool:
                services.allocation_application_check(application=application, pool=pool)
            if pool:
                services.allocation_terms_check(pool=pool, hours_per_month=data.get("hours_per_month"),
                                                starts_on=data.get("starts_on"), ends_on=data.get("ends_on"))
        except DomainError as error:
            self.add_error(error.field if error.field in self.fields else None, error.message)
        return data


class AdjustForm(forms.Form):
    hours_per_month = forms.IntegerField(label=_("GPU-hours per month"), min_value=1)
    ends_on = forms.DateField(label=_("term ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3, "cols": 60}))


class AdjustmentInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = Adjustment
    fields = ["adjusted_at", "adjusted_by", "hours_from", "hours_to", "ends_from", "ends_to", "reason"]
    readonly_fields = fields


class UsageReportInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = UsageReport
    fields = ["month", "hours", "source", "reported_by", "reported_at", "usage_import"]
    readonly_fields = fields
    ordering = ["-month", "-reported_at"]


@admin.register(Allocation)
class AllocationAdmin(AccessLoggedAdminMixin, ProgrammeScopedAdminMixin, WorkflowAdminMixin, admin.ModelAdmin):
    programme_path = "pool__programme"
    workflow = ALLOCATION_WORKFLOW
    workflow_services = {
        "activate": lambda obj, actor, reason: services.allocation_activate(allocation=obj, actor=actor),
        "end": lambda obj, actor, reason: services.allocation_end(allocation=obj, actor=actor, reason=reason),
        "cancel": lambda obj, actor, reason: services.allocation_cancel(allocation=obj, actor=actor, reason=reason),
    }
    form = AllocationForm
    list_display = ["number", "company_name", "pool", "hours_per_month", "used_this_month", "starts_on", "ends_on",
                    "status"]
    list_select_related = ["application", "pool"]
    list_filter = ["status", "pool__programme", "pool"]
    search_fields = ["number", "application__company_name_ko", "application__company_name_en",
                     "application__receipt_number"]
    readonly_fields = ["number", "application", "company", "pool", "hours_per_month", "starts_on", "ends_on",
                       "status", "created_by", "created_at", "used_months"]
    inlines = [AdjustmentInline, UsageReportInline]
    change_form_template = "admin/compute/allocation/change_form.html"

    def access_log_subject(self, obj):
        return application_access_subject(obj.application)

    def get_fields(self, request, obj=None):
        return AllocationForm.Meta.fields if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else super().get_readonly_fields(request, obj)

    def get_inlines(self, request, obj):
        return [] if obj is None else super().get_inlines(request, obj)

    def has_delete_permission(self, request, obj=None):
        """Allocations are never deleted: a mistaken one is cancelled."""
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "application":
            kwargs["queryset"] = Application.objects.filter(
                status=ApplicationStatus.SELECTED, call__programme__outcome=Outcome.GPU_ALLOCATION,
            ).exclude(gpu_allocations__status__in=ALLOCATION_OPEN_STATUSES).select_related("call")
        if db_field.name == "pool":
            kwargs["queryset"] = programme_scope(CapacityPool.objects.all(), request.user, path="programme")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        return selectors.allocation_list_with_usage(super().get_queryset(request),
                                                    month=month_first(timezone.localdate()))

    @admin.display(description=_("company"), ordering="application__company_name_ko")
    def company_name(self, obj) -> str:
        return obj.application.company_name_ko

    @admin.display(description=_("used this month"))
    def used_this_month(self, obj) -> str:
        if month_first(timezone.localdate()) not in obj.months:
            return "-"
        return f"{format_hours(obj.used_in_month or 0)} / {format_hours(obj.hours_per_month)}"

    @admin.display(description=_("months: used / allocated"))
    def used_months(self, obj) -> str:
        rows = [row for row in selectors.allocation_months(allocation=obj) if not row.is_future]
        return "; ".join(f"{format_month(row.month)} {format_hours(row.used)} / {format_hours(row.hours)}"
                         for row in rows) or "-"

    def save_model(self, request, obj, form, change):
        if change:
            return
        data = form.cleaned_data
        allocation = services.allocation_create(
            application=data["application"], pool=data["pool"], hours_per_month=data["hours_per_month"],
            starts_on=data["starts_on"], ends_on=data["ends_on"], actor=request.user)
        obj.pk = allocation.pk
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        """Nothing of an allocation is saved here but through its services."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(show_save=False, show_save_and_continue=False, show_save_and_add_another=False,
                           show_delete=False)
            context["can_adjust"] = obj.status in ALLOCATION_OPEN_STATUSES and self.has_workflow_permission(
                request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        return [path("<int:pk>/adjust/", self.admin_site.admin_view(self.adjust_view),
                     name="compute_allocation_adjust"), *super().get_urls()]

    def adjust_view(self, request, pk: int):
        allocation = self.get_object(request, str(pk))
        if allocation is None or not self.has_workflow_permission(request, allocation):
            raise Http404
        back = reverse("admin:compute_allocation_change", args=[allocation.pk])
        form = AdjustForm(request.POST or None, initial={"hours_per_month": allocation.hours_per_month,
                                                         "ends_on": allocation.ends_on})
        if request.method == "POST" and form.is_valid():
            try:
                services.allocation_adjust(allocation=allocation, actor=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                self.message_user(request, gettext("%(number)s adjusted.") % {"number": allocation.number},
                                  messages.SUCCESS)
                return HttpResponseRedirect(back)
        context = {**self.admin_site.each_context(request), "opts": self.opts, "objects": [allocation],
                   "title": gettext("Adjust %(number)s") % {"number": allocation.number}, "form": form,
                   "action": "", "cancel_url": back}
        return TemplateResponse(request, self.workflow_page_template, context)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Usage file (CSV or XLSX)"),
                           help_text=_("Columns: allocation (할당번호), month (사용월, e.g. 2026-03), "
                                       "hours (사용시간)."))

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return file


@admin.register(UsageReport)
class UsageReportAdmin(AccessLoggedAdminMixin, ProgrammeScopedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    programme_path = "allocation__pool__programme"
    list_display = ["allocation", "month", "hours", "source", "reported_by", "reported_at"]
    list_select_related = ["allocation__application", "reported_by"]
    list_filter = ["source", "month", "allocation__pool__programme"]
    search_fields = ["allocation__number", "allocation__application__company_name_ko"]
    change_list_template = "admin/compute/usagereport/change_list.html"

    def access_log_subject(self, obj):
        return application_access_subject(obj.allocation.application)

    def get_urls(self):
        return [path("import/", self.admin_site.admin_view(self.import_view), name="compute_usagereport_import"),
                *super().get_urls()]

    def import_view(self, request):
        """Upload the operator's file: every row recorded, or none and each bad row with its reason."""
        if not (request.user.is_district_staff and self.has_view_permission(request)):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            upload.seek(0)
            try:
                result = usage_import(data=upload.read(), filename=upload.name, actor=request.user,
                                      programme_ids=staff_programme_ids(request.user))
            except (TableError, DomainError) as error:
                form.add_error("file", error.message)
            else:
                if result.usage_import is not None:
                    self.message_user(request, gettext("%(rows)s rows imported: %(hours)s GPU-hours recorded.") % {
                        "rows": result.usage_import.rows, "hours": format_hours(result.usage_import.hours)},
                        messages.SUCCESS)
                    return HttpResponseRedirect(
                        reverse("admin:compute_usagereport_changelist")
                        + f"?usage_import__id__exact={result.usage_import.pk}")
                errors = result.errors
        report = None
        if errors:
            report = {"title": gettext("Rows refused"),
                      "summary": ngettext("%(count)s row was refused; nothing was recorded. Correct the file and "
                                          "upload it again.",
                                          "%(count)s rows were refused; nothing was recorded. Correct the file and "
                                          "upload it again.", len(errors)) % {"count": len(errors)},
                      "headings": [gettext("Row"), gettext("Allocation"), gettext("Why it was refused")],
                      "rows": errors}
        context = {
            **self.admin_site.each_context(request), "opts": self.opts,
            "title": gettext("Import the operator's usage file"), "form": form, "report": report,
            "intro": gettext("Upload the monthly usage file of the compute operator, one row per allocation and "
                             "month. Every row is checked first: if any row is refused, nothing is recorded and "
                             "each refused row is listed with its reason."),
            "submit_label": gettext("Import"),
            "submit_name": "submit", "cancel_url": reverse("admin:compute_usagereport_changelist")}
        return TemplateResponse(request, "admin/portal/form.html", context)


@admin.register(UsageImport)
class UsageImportAdmin(ProgrammeScopedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    programme_path = "reports__allocation__pool__programme"
    list_display = ["filename", "rows", "hours", "imported_by", "imported_at"]
    list_select_related = ["imported_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()
