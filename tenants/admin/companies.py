"""Admin of companies (profile, team inline), invitations and the zone's designated projects."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from portal.exceptions import DomainError
from portal.validators import format_business_registration_number, format_phone
from privacy.access_log import Subject, SubjectKind
from privacy.access_log_admin import AccessLoggedAdminMixin

from .. import services
from ..models import (
    Company,
    DesignatedProject,
    Invitation,
    TeamMembership,
)


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0
    fields = ["user", "role", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["user"]


class CompanyAdminForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    hiring_url = forms.URLField(label=_("hiring page"), required=False, assume_scheme="https")

    class Meta:
        model = Company
        fields = [
            "name_ko", "name_en", "business_registration_number", "logo", "description_ko", "description_en",
            "ai_field", "website", "hiring_url", "is_published", "billing_contact_name", "billing_contact_email",
            "address", "phone", "designated_project", "room_quota_hours",
        ]

    def clean_business_registration_number(self):
        return format_business_registration_number(self.cleaned_data["business_registration_number"])

    def clean_phone(self):
        return format_phone(self.cleaned_data["phone"])


@admin.register(DesignatedProject)
class DesignatedProjectAdmin(admin.ModelAdmin):
    list_display = ["name_ko", "name_en", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name_ko", "name_en"]
    readonly_fields = ["created_at", "updated_at"]

    def has_delete_permission(self, request, obj=None):
        return False  # certificates name it: take it out of the plan instead


@admin.register(Company)
class CompanyAdmin(AccessLoggedAdminMixin, SimpleHistoryAdmin):
    form = CompanyAdminForm
    list_display = [
        "name_ko", "name_en", "business_registration_number", "ai_field", "is_published", "room_quota_hours",
    ]
    list_select_related: list[str] = []
    list_filter = ["is_published", "ai_field", "designated_project"]
    search_fields = ["name_ko", "name_en", "business_registration_number"]
    readonly_fields = ["created_at", "updated_at"]
    autocomplete_fields: list[str] = []
    inlines = [TeamMembershipInline]

    def access_log_subject(self, obj) -> Subject:
        return Subject(kind=SubjectKind.COMPANY, id=obj.pk, label=obj.name_ko or obj.name_en)
    fieldsets = (
        (_("Public profile"), {"fields": (
            "name_ko", "name_en", "business_registration_number", "logo", "description_ko", "description_en",
            "ai_field", "website", "hiring_url", "is_published",
        )}),
        (_("Private details"), {"fields": ("billing_contact_name", "billing_contact_email", "address", "phone")}),
        (_("Set by staff"), {"fields": ("designated_project", "room_quota_hours")}),
        (_("Record"), {"fields": ("created_at", "updated_at")}),
    )

    def save_formset(self, request, form, formset, change):
        """New members join through the service (it grants the tenant-member role); removals keep an owner."""
        if formset.model is not TeamMembership:
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        for membership in formset.deleted_objects:
            try:
                services.membership_remove(membership=membership, actor=None)
            except DomainError as exc:
                messages.error(request, exc.message)
        for membership in instances:
            if membership.pk is None:
                services.membership_add(company=form.instance, user=membership.user, role=membership.role)
            else:
                try:
                    services.membership_change_role(membership=membership, role=membership.role, actor=None)
                except DomainError as exc:
                    messages.error(request, exc.message)


@admin.register(Invitation)
class InvitationAdmin(AccessLoggedAdminMixin, admin.ModelAdmin):
    access_log_company = "company"
    access_log_name = "email"
    list_display = ["email", "company", "role", "invited_by", "expires_at", "accepted_at", "revoked_at"]
    list_select_related = ["company", "invited_by"]
    list_filter = ["role", ("accepted_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "company__name_ko", "company__name_en"]
    readonly_fields = ["company", "email", "role", "invited_by", "expires_at", "accepted_at", "accepted_by",
                       "revoked_at", "created_at"]
    autocomplete_fields: list[str] = []
    exclude = ["token"]

    def has_add_permission(self, request):
        return False
