"""Admin of decisions: the notices' wording (edited by staff, Korean and English) and the notices given (read only)."""

from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from privacy.access_log import Subject, SubjectKind
from privacy.access_log_admin import AccessLoggedAdminMixin

from .models import DecisionNotice, DecisionWording


@admin.register(DecisionWording)
class DecisionWordingAdmin(admin.ModelAdmin):
    list_display = ["kind", "title", "objection_days", "appeal_days", "lawsuit_days", "updated_at"]
    readonly_fields = ["kind", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["kind", "objection_days", "appeal_days", "lawsuit_days", "contact_phone"]}),
        (_("Korean (the official notice)"), {"fields": [
            "title", "matter_label", "decision_text", "authority", "objection_text", "appeal_text", "lawsuit_text",
            "contact_department"]}),
        (_("English (a translation for information)"), {"fields": [
            "translation_note_en", "title_en", "matter_label_en", "decision_text_en", "authority_en",
            "objection_text_en", "appeal_text_en", "lawsuit_text_en", "contact_department_en"]}),
        (None, {"fields": ["created_at", "updated_at"]}),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DecisionNotice)
class DecisionNoticeAdmin(AccessLoggedAdminMixin, admin.ModelAdmin):
    list_display = ["id", "kind", "content_type", "object_id", "notice_date", "decided_at"]
    list_filter = ["kind", "notice_date"]
    fields = ["content_type", "object_id", "kind", "reasons", "english_reasons", "decided_at", "notice_date",
              "facts", "pdf_path", "pdf_en_path", "created_at"]
    readonly_fields = fields

    def access_log_subject(self, obj) -> Subject:
        """The addressee: an application's applicant, or the company of an exemption request."""
        label = " ".join(part for part in (obj.facts.get("addressee", ""), obj.facts.get("reference", "")) if part)
        decided = obj.subject
        applicant_id = getattr(decided, "applicant_id", None)
        if applicant_id is not None:
            return Subject(kind=SubjectKind.APPLICANT, id=applicant_id, label=label)
        return Subject(kind=SubjectKind.COMPANY, id=getattr(decided, "company_id", ""), label=label)

    @admin.display(description=_("reasons (English)"))
    def english_reasons(self, obj):
        """The reasons the English notice prints: their English, or the Korean ones under a note."""
        if obj.reasons_en:
            return obj.reasons_en
        return gettext("None given: the English notice prints the Korean reasons with a note that they were "
                       "given in Korean only.")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
