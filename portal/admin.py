"""Shared pieces of the admin, and the admin of the portal's own model (the outbox)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import PendingTask


class ReadOnlyAdminMixin:
    """Records written only by services (logs, audit trails): staff read them, never add, edit or delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PendingTaskStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("pending", _("pending")), ("done", _("done"))]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.filter(done_at__isnull=True)
        if self.value() == "done":
            return queryset.filter(done_at__isnull=False)
        return queryset


@admin.register(PendingTask)
class PendingTaskAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The outbox (portal/queue.py): what still waits for the broker or a worker, and why."""

    list_display = ["name", "kwargs", "created_at", "sent_at", "attempts", "last_error", "done_at"]
    list_filter = [PendingTaskStateFilter, "name"]
    search_fields = ["name"]
    fields = ["name", "kwargs", "key", "created_at", "sent_at", "attempts", "last_error", "done_at"]
    readonly_fields = fields
