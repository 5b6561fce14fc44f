"""Admin of the notification outbox."""

from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "title", "email", "language", "email_status", "email_attempts", "read_at"]
    list_select_related = ["recipient"]
    list_filter = ["email_status", "language", "template"]
    search_fields = ["title", "email", "recipient__email"]
    readonly_fields = [
        "recipient", "email", "language", "template", "context", "title", "link", "created_at",
        "read_at", "email_status", "email_sent_at", "email_attempts", "email_error", "attachments",
    ]
    autocomplete_fields: list[str] = []

    def has_delete_permission(self, request, obj=None):
        return False  # a record of what was declared, scored or sent: kept whole for the audit

    def has_add_permission(self, request):
        return False
