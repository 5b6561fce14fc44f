"""Admin of users (e-mail login, roles as groups), their consents and the security-event log."""

import csv

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.admin import BoundedDateHierarchyMixin, ReadOnlyAdminMixin

from .models import ConsentRecord, SecurityEvent, User


class ConsentRecordInline(admin.TabularInline):
    model = ConsentRecord
    extra = 0
    can_delete = False
    fields = ["purpose", "version", "given_at", "withdrawn_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "phone", "preferred_language", "is_staff", "is_active", "email_verified_at",
                    "date_joined"]
    list_select_related: list[str] = []
    list_filter = ["is_staff", "is_superuser", "is_active", "groups", "preferred_language"]
    search_fields = ["email", "name", "phone"]
    readonly_fields = ["last_login", "date_joined", "email_verified_at", "anonymised_at"]
    autocomplete_fields: list[str] = []
    inlines = [ConsentRecordInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("name", "phone", "preferred_language", "email_verified_at",
                                         "anonymised_at")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "name", "password1", "password2")}),)

    def save_model(self, request, obj, form, change):
        if not change and obj.email_verified_at is None:
            # Staff who create an account vouch for its address (evaluators, staff colleagues).
            obj.email_verified_at = timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(ConsentRecord)
class ConsentRecordAdmin(BoundedDateHierarchyMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "purpose", "version", "given_at", "withdrawn_at"]
    list_select_related = ["user"]
    list_filter = ["purpose", "version", "withdrawn_at"]
    search_fields = ["user__email", "user__name"]
    readonly_fields = ["user", "purpose", "version", "given_at", "withdrawn_at"]
    autocomplete_fields: list[str] = []
    date_hierarchy = "given_at"


CSV_COLUMNS = ["at", "kind", "user_id", "email", "ip", "user_agent", "details"]


@admin.register(SecurityEvent)
class SecurityEventAdmin(BoundedDateHierarchyMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["at", "kind", "email", "user", "ip", "short_user_agent"]
    list_select_related = ["user"]
    list_filter = ["kind", "at"]
    search_fields = ["email", "user__email", "ip"]
    readonly_fields = ["at", "kind", "user", "email", "ip", "user_agent", "details"]
    autocomplete_fields: list[str] = []
    date_hierarchy = "at"
    actions = ["export_csv"]

    @admin.display(description=_("user agent"))
    def short_user_agent(self, obj):
        return obj.user_agent[:60]

    @admin.action(description=_("Export the selected events as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="security-events-{stamp}.csv"'
        response.write("\ufeff")  # so spreadsheet programs read the UTF-8 correctly
        writer = csv.writer(response)
        writer.writerow(CSV_COLUMNS)
        for event in queryset.order_by("at", "id").iterator():
            writer.writerow([
                timezone.localtime(event.at).isoformat(), event.kind, event.user_id or "", event.email,
                event.ip or "", event.user_agent, event.details,
            ])
        return response

