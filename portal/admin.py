"""Shared pieces of the admin, and the admin of the portal's own model (the outbox)."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.utils.translation import gettext_lazy as _
from django_celery_beat.admin import PeriodicTaskAdmin
from django_celery_beat.models import PeriodicTask

from .models import PendingTask


class ReadOnlyAdminMixin:
    """Records written only by services (logs, audit trails): staff read them, never add, edit or delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class BoundedDateHierarchyMixin:
    """For a list with `date_hierarchy`: a year, month or day in the address that is no date, or whose next
    day, month or year is none (`?starts_at__year=9999`), answers Django's "incorrect filter" page (`?e=1`)
    like any other malformed filter, instead of a server error. Every admin with a date hierarchy uses it
    (tests/security/test_query_parameters.py finds them from the admin site)."""

    def get_changelist(self, request, **kwargs):
        changelist = super().get_changelist(request, **kwargs)

        class BoundedChangeList(changelist):
            def get_filters(self, request):
                try:
                    return super().get_filters(request)
                except (ValueError, OverflowError) as exc:
                    raise IncorrectLookupParameters(exc) from exc

        return BoundedChangeList


# django-celery-beat's own admin of the schedules has a date hierarchy too.
admin.site.unregister(PeriodicTask)


@admin.register(PeriodicTask)
class BoundedPeriodicTaskAdmin(BoundedDateHierarchyMixin, PeriodicTaskAdmin):
    pass


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
