"""Admin of outreach: compose a group message, see its recipients and preview in both languages, send it,
follow each recipient's delivery and send failed copies again; the record of reminders sent."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from portal.admin import ReadOnlyAdminMixin, StatusChangeInline
from portal.exceptions import DomainError
from privacy.access_log_admin import AccessLoggedAdminMixin

from . import notifications, selectors, services
from .forms import GroupMessageForm
from .models import Delivery, GroupMessage, GroupMessageRecipient, SentReminder
from .workflow import GroupMessageStatus

COMPOSE_FIELDS = ("audience", "call", "application_status", "stage", "building", "members",
                  "subject_ko", "body_ko", "subject_en", "body_en", "advertising")


@admin.register(GroupMessage)
class GroupMessageAdmin(admin.ModelAdmin):
    form = GroupMessageForm
    list_display = ["subject_ko", "audience", "call", "building", "created_at", "status", "sent_at", "sent_by"]
    list_select_related = ["call", "building", "sent_by"]
    list_filter = ["status", "audience"]
    search_fields = ["subject_ko", "subject_en"]
    autocomplete_fields: list[str] = []
    change_form_template = "admin/outreach/groupmessage/change_form.html"

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (_("To"), {"fields": ["audience", "call", "application_status", "stage", "building", "members"]}),
            (_("Message"), {"fields": ["subject_ko", "body_ko", "subject_en", "body_en", "advertising"]}),
        ]
        if obj is not None:
            fieldsets += [
                (_("Recipients and preview"), {"fields": ["recipients_summary", "preview_ko", "preview_en"]}),
                (_("Record"), {"fields": ["status", "created_by", "sent_at", "sent_by"]}),
            ]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        shown = ["recipients_summary", "preview_ko", "preview_en", "status", "created_by", "sent_at", "sent_by"]
        return [*COMPOSE_FIELDS, *shown] if obj is not None and obj.status != GroupMessageStatus.DRAFT else shown

    def get_inlines(self, request, obj):
        """The message's status changes (the sending: who, when), under its page once it exists."""
        return [StatusChangeInline] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.status == GroupMessageStatus.DRAFT)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        """After writing, the message's page: its recipients and preview, and the button that sends it."""
        messages.info(request, gettext("Check the recipients and the preview in both languages, then send."))
        return HttpResponseRedirect(reverse("admin:outreach_groupmessage_change", args=[obj.pk]))

    @admin.display(description=_("recipients"))
    def recipients_summary(self, obj):
        if obj.status == GroupMessageStatus.DRAFT:
            count = selectors.group_message_audience(message=obj).count()
            return format_html("<strong>{}</strong> {}", count, gettext("as the group stands now"))
        counts = selectors.group_message_delivery_counts(message=obj)
        link = reverse("admin:outreach_groupmessagerecipient_changelist") + f"?message__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>: {}', link, gettext("%(count)s recipients") % {
            "count": sum(counts.values())}, format_html_join(", ", "{} {}", (
                (Delivery(state).label, counts[state]) for state in Delivery.values if counts[state])))

    def _preview(self, obj, language: str):
        preview = notifications.group_message_preview(message=obj)[language]
        return format_html('<div lang="{}"><p><strong>{}</strong></p><pre style="white-space: pre-wrap">{}</pre></div>',
                           language, preview["subject"], preview["body"])

    @admin.display(description=_("preview in Korean"))
    def preview_ko(self, obj):
        return self._preview(obj, "ko")

    @admin.display(description=_("preview in English"))
    def preview_en(self, obj):
        return self._preview(obj, "en")

    def has_send_permission(self, request) -> bool:
        return self.has_change_permission(request) and request.user.is_district_staff

    def get_urls(self):
        return [
            path("<int:pk>/send/", self.admin_site.admin_view(require_POST(self.send_view)),
                 name="outreach_groupmessage_send"),
            path("<int:pk>/resend/", self.admin_site.admin_view(require_POST(self.resend_view)),
                 name="outreach_groupmessage_resend"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = {"can_send": self.has_send_permission(request)}
        obj = self.get_object(request, object_id)
        if obj is not None and obj.status == GroupMessageStatus.DRAFT:
            extra["recipient_count"] = selectors.group_message_audience(message=obj).count()
        elif obj is not None:
            extra["failed_count"] = selectors.group_message_delivery_counts(message=obj)[Delivery.FAILED]
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def _act(self, request, pk: int, act, done: str):
        if not self.has_send_permission(request):
            raise PermissionDenied
        message = get_object_or_404(GroupMessage, pk=pk)
        try:
            count = act(message=message, actor=request.user)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, done % {"count": count})
        return HttpResponseRedirect(reverse("admin:outreach_groupmessage_change", args=[pk]))

    def send_view(self, request, pk: int):
        return self._act(request, pk, services.group_message_send,
                         gettext("Sent to %(count)s recipients: their copies are on their way."))

    def resend_view(self, request, pk: int):
        return self._act(request, pk, services.group_message_failures_resend,
                         gettext("%(count)s failed e-mails are sent again."))


@admin.register(GroupMessageRecipient)
class GroupMessageRecipientAdmin(AccessLoggedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    access_log_user = "user"
    list_display = ["user", "user_email", "language", "delivery", "sent_at", "message"]
    list_select_related = ["user", "notification", "message"]
    list_filter = [("notification__email_status", admin.AllValuesFieldListFilter), "message"]
    search_fields = ["user__email", "user__name"]
    fields = ["message", "user", "notification", "created_at"]
    readonly_fields = fields

    @admin.display(description=_("e-mail address"), ordering="user__email")
    def user_email(self, obj):
        return obj.user.email

    @admin.display(description=_("language"))
    def language(self, obj):
        return obj.notification.get_language_display() if obj.notification_id else obj.user.preferred_language

    @admin.display(description=_("delivery"))
    def delivery(self, obj):
        return Delivery(obj.delivery).label

    @admin.display(description=_("e-mail sent at"))
    def sent_at(self, obj):
        return obj.notification.email_sent_at if obj.notification_id else None


@admin.register(SentReminder)
class SentReminderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["sent_at", "kind", "object_id", "step"]
    list_filter = ["kind"]
    search_fields = ["step"]
