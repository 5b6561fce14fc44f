"""Data subjects' requests in the admin: the staff queue by due date with the overdue marked, the workflow's
steps (each that concerns the requester e-mails them), each opening logged in the access log."""

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.admin import WorkflowAdminMixin

from .access_log import Subject, SubjectKind
from .access_log_admin import AccessLoggedAdminMixin
from .models import RightsRequest
from .notifications import workflow_services
from .workflow import OPEN, RIGHTS_WORKFLOW


class OpenFilter(admin.SimpleListFilter):
    title = _("open or closed")
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return [("open", _("Not yet answered")), ("overdue", _("Past due")), ("closed", _("Answered or refused"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(status__in=OPEN)
        if self.value() == "overdue":
            return queryset.overdue()
        if self.value() == "closed":
            return queryset.exclude(status__in=OPEN)
        return queryset


@admin.register(RightsRequest)
class RightsRequestAdmin(WorkflowAdminMixin, AccessLoggedAdminMixin, admin.ModelAdmin):
    workflow = RIGHTS_WORKFLOW
    workflow_services = workflow_services()
    list_display = ["id", "kind", "name", "email", "received_at", "due_on", "status", "overdue"]
    list_filter = [OpenFilter, "kind", "status"]
    search_fields = ["name", "email", "details"]
    ordering = ["due_on", "id"]
    fields = ["kind", "status", "name", "email", "phone", "language", "user", "details", "received_at",
              "email_verified_at", "due_on", "answer", "answered_at"]
    readonly_fields = ["kind", "name", "email", "phone", "language", "user", "details", "received_at",
                       "email_verified_at", "due_on", "answer", "answered_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("overdue"))
    def overdue(self, obj):
        if obj.status in OPEN and obj.due_on < timezone.localdate():
            return format_html('<strong class="alert-text">{}</strong>', gettext("Past due"))
        return ""

    def access_log_subject(self, obj) -> Subject:
        return Subject(kind=SubjectKind.USER, id=obj.user_id or "", label=f"{obj.name} <{obj.email}>")
