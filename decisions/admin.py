"""Admin of decisions: the notices' wording (edited by staff) and the notices given (read only)."""

from django.contrib import admin

from .models import DecisionNotice, DecisionWording


@admin.register(DecisionWording)
class DecisionWordingAdmin(admin.ModelAdmin):
    list_display = ["kind", "title", "objection_days", "appeal_days", "lawsuit_days", "updated_at"]
    readonly_fields = ["kind", "created_at", "updated_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DecisionNotice)
class DecisionNoticeAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "content_type", "object_id", "notice_date", "decided_at"]
    list_filter = ["kind", "notice_date"]
    readonly_fields = ["content_type", "object_id", "kind", "reasons", "decided_at", "notice_date", "facts",
                       "pdf_path", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
