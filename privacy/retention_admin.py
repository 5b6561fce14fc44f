"""The retention schedule and the destruction register in the admin: staff set each rule's period (and are
recorded as approving it); the register is read-only and exported as CSV."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.admin import BoundedDateHierarchyMixin, ReadOnlyAdminMixin
from portal.exports import csv_response, register

from .models import DestructionRecord, PolicyKind, PolicyVersion, RetentionSchedule
from .registry import FILES
from .retention import RULES, retention_schedule_sync


@admin.register(RetentionSchedule)
class RetentionScheduleAdmin(admin.ModelAdmin):
    list_display = ["rule", "file", "what", "days", "counts_from", "active", "approved_by", "approved_at"]
    list_select_related = ["approved_by"]
    fields = ["rule", "file", "what", "days", "counts_from", "active", "note", "approved_by", "approved_at"]
    readonly_fields = ["rule", "file", "what", "counts_from", "approved_by", "approved_at"]

    def has_add_permission(self, request):
        return False  # a row per declared rule (privacy/retention.py), created from its default

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        retention_schedule_sync()
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("personal-data file"))
    def file(self, obj):
        rule = RULES.get(obj.rule)
        return FILES[rule.file].name if rule else "—"

    @admin.display(description=_("what"))
    def what(self, obj):
        rule = RULES.get(obj.rule)
        return rule.what if rule else _("(no longer declared)")

    def save_model(self, request, obj, form, change):
        obj.approved_by, obj.approved_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)
        if {"days", "active"} & set(form.changed_data):
            self._warn_published_policy(request)

    def _warn_published_policy(self, request) -> None:
        """A published policy never changes: the new period reaches it only with the next version."""
        published = PolicyVersion.objects.filter(kind=PolicyKind.PRIVACY, published_at__isnull=False).order_by(
            "-effective_on", "-published_at").first()
        if published is not None:
            self.message_user(request, format_html(
                gettext("The published privacy policy (version {version}) still states the period it was published "
                        "with. Publish a new version of the policy so that it states this one: {link}"),
                version=published.version, link=format_html('<a href="{}">{}</a>', reverse(
                    "admin:privacy_policyversion_add"), gettext("add a version"))), messages.WARNING)


CSV_COLUMNS = ["id", "destroyed_at", "file", "what", "whose", "count", "method", "rule", "period_days",
               "counts_from", "destroyed_older_than", "approved_by", "approved_at", "records"]


@admin.register(DestructionRecord)
class DestructionRecordAdmin(BoundedDateHierarchyMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["destroyed_at", "file_name", "what", "count", "method_label", "period_days", "counts_from",
                    "approved_by"]
    list_filter = ["rule", "destroyed_at"]
    # A receipt number finds the entry that destroyed that request's or application's data.
    search_fields = ["file_name", "what", "rule", "references"]
    date_hierarchy = "destroyed_at"
    readonly_fields = [("records" if f.name == "references" else f.name) for f in DestructionRecord._meta.fields]
    actions = ["export_csv"]

    @admin.display(description=_("destruction method"))
    def method_label(self, obj):
        return obj.get_method_display()

    @admin.display(description=_("records destroyed"))
    def records(self, obj):
        return obj.references_display or "—"

    @admin.action(description=_("Export the selected register entries as CSV"), permissions=["view"])
    @register("destruction-register")
    def export_csv(self, request, queryset):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        rows = ([row.pk, timezone.localtime(row.destroyed_at).isoformat(), row.file_name, row.what, row.subjects,
                 row.count, row.get_method_display(), row.rule, row.period_days, row.counts_from,
                 timezone.localtime(row.cutoff).isoformat(), row.approved_by,
                 timezone.localtime(row.approved_at).isoformat() if row.approved_at else "", row.references_display]
                for row in queryset.order_by("id").iterator())
        return csv_response(f"destruction-register-{stamp}.csv", CSV_COLUMNS, rows)
