"""The admin of co-applicants: invitations to applications (read only), and the inlines of an application's
colleagues and edit log (shown on the application's page, evaluations/admin.py)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.invitations import InvitationAdminMixin
from portal.admin import ReadOnlyInlineMixin
from privacy.access_log_admin import AccessLoggedAdminMixin

from .models import ApplicationCollaborator, ApplicationEdit, ApplicationInvitation
from .permissions import ProgrammeScopedAdminMixin


@admin.register(ApplicationInvitation)
class ApplicationInvitationAdmin(ProgrammeScopedAdminMixin, AccessLoggedAdminMixin, InvitationAdminMixin,
                                 admin.ModelAdmin):
    programme_path = "application__call__programme"
    access_log_user = "application__applicant"
    list_display = ["email", "application", "role", "invited_by", "expires_at", "accepted_at", "revoked_at"]
    list_select_related = ["application", "invited_by"]
    list_filter = ["role", ("accepted_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "application__receipt_number", "application__company_name_ko"]
    readonly_fields = ["application", "role", *InvitationAdminMixin.INVITATION_FIELDS]
    autocomplete_fields: list[str] = []


class CollaboratorInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = ApplicationCollaborator
    fields = ["user", "role", "invited_by", "accepted_at"]
    readonly_fields = fields
    verbose_name_plural = _("co-applicants (colleagues invited by the applicant)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "invited_by")


class EditInline(ReadOnlyInlineMixin, admin.TabularInline):
    """Who saved which items of the application, newest first."""

    model = ApplicationEdit
    fields = ["at", "actor", "kind", "keys"]
    readonly_fields = fields
    verbose_name_plural = _("edits (who saved what)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")
