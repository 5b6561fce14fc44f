"""Admin of messaging: the KakaoTalk templates staff edit, and the record of each message sent (read-only),
each page saying when the channel is off."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy

from portal.admin import BoundedDateHierarchyMixin, ReadOnlyAdminMixin
from privacy.access_log import Subject, SubjectKind
from privacy.access_log_admin import AccessLoggedAdminMixin

from .models import Delivery, MessageTemplate
from .registry import KINDS
from .services import channel_off_reason


class ChannelStateMixin:
    """Say on the list page that KakaoTalk and SMS are off, and why (the portal runs without them)."""

    def changelist_view(self, request, extra_context=None):
        off = channel_off_reason()
        if off:
            messages.warning(request, off)
        return super().changelist_view(request, extra_context)


@admin.register(MessageTemplate)
class MessageTemplateAdmin(ChannelStateMixin, admin.ModelAdmin):
    list_display = ["key", "provider_code", "approval", "advertising", "updated_at"]
    list_filter = ["approval", "advertising"]
    readonly_fields = ["declared_variables", "updated_at"]
    fields = ["key", "declared_variables", "provider_code", "approval", "advertising", "text", "sms_text",
              "updated_at"]

    @admin.display(description=gettext_lazy("variables"))
    def declared_variables(self, obj):
        kind = KINDS.get(obj.key) if obj else None
        return ", ".join(f"#{{{name}}}" for name in kind.variables) if kind else "—"


def _masked(phone: str) -> str:
    return f"{phone[:3]}-****-{phone[-4:]}" if len(phone) >= 10 else phone


@admin.register(Delivery)
class DeliveryAdmin(ChannelStateMixin, AccessLoggedAdminMixin, BoundedDateHierarchyMixin, ReadOnlyAdminMixin,
                    admin.ModelAdmin):
    list_display = ["created_at", "user", "kind", "template", "phone_masked", "status", "reason", "result_code",
                    "fallback_code", "attempts"]
    list_select_related = ["user", "template"]
    list_filter = ["kind", "status", "reason", "template", "advertising"]
    search_fields = ["user__email", "receipt_number"]
    date_hierarchy = "created_at"
    fields = ["user", "kind", "template", "notification", "template_code", "phone", "variables", "subject", "text",
              "sms_text", "advertising", "status", "reason", "send_after", "created_at", "submitted_at", "result_at",
              "receipt_number", "result_code", "fallback_code", "attempts", "error"]

    @admin.display(description=gettext_lazy("mobile number"))
    def phone_masked(self, obj):
        return _masked(obj.phone)

    def access_log_subject(self, obj: Delivery) -> Subject:
        return Subject(kind=SubjectKind.USER, id=obj.user_id, label=obj.user.email)
