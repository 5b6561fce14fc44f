"""Admin of the privacy policy and terms versions: edited as drafts, published by an action, then read-only."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.exceptions import DomainError

from . import (
    access_log_admin,  # noqa: F401 (the access log's admin, beside its model)
    retention_admin,  # noqa: F401 (the retention schedule and the destruction register)
    rights_admin,  # noqa: F401 (data subjects' requests)
)
from .models import PolicyVersion
from .policy import policy_version_publish


@admin.register(PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "effective_on", "published_at", "page_link"]
    list_filter = ["kind"]
    actions = ["publish"]
    fieldsets = [
        (None, {"fields": ["kind", "version", "effective_on", "changes_ko", "changes_en", "body_ko", "body_en"]}),
        (_("Privacy officer and department"), {"fields": [
            "officer_name", "officer_title", "officer_phone", "officer_email",
            "department_ko", "department_en", "department_phone", "department_email",
        ]}),
        (_("Recipients and processors"), {"fields": ["processors"]}),
        (_("Publication"), {"fields": ["published_at", "published_by"]}),
    ]
    readonly_fields = ["published_at", "published_by"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_published:  # the published text never changes
            return [name for fieldset in self.fieldsets for name in fieldset[1]["fields"]]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.is_published)

    @admin.display(description=_("page"))
    def page_link(self, obj):
        if not obj.is_published:
            return "—"
        name = "privacy:terms_version" if obj.kind == "terms" else "privacy:policy_version"
        return format_html('<a href="{}">{}</a>', reverse(name, args=[obj.version]), gettext("open"))

    @admin.action(description=_("Publish the selected versions"))
    def publish(self, request, queryset):
        for version in queryset.order_by("pk"):
            try:
                policy_version_publish(version=version, actor=request.user)
            except DomainError as exc:
                self.message_user(request, f"{version}: {exc.message}", messages.ERROR)
            else:
                self.message_user(request, gettext("%(version)s published.") % {"version": version}, messages.SUCCESS)
