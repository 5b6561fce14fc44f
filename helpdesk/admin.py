"""Admin of helpdesk: notices with attachments, the FAQ, the routing of inquiries by category, and the queue
of inquiries sorted by due date with overdue ones marked (status from the workflow table)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from portal.admin import BoundedDateHierarchyMixin, WorkflowAdminMixin, file_size_column
from portal.exceptions import DomainError
from portal.formatting import format_file_size
from portal.uploads import private_file_response
from privacy.access_log import Subject, SubjectKind
from privacy.access_log_admin import AccessLoggedAdminMixin
from privacy.access_reason import access_log_download

from . import services
from .forms import NoticeAttachmentForm
from .markdown import render_markdown
from .models import FAQ, Inquiry, InquiryNote, InquiryRoute, Notice, NoticeAttachment
from .workflow import INQUIRY_WORKFLOW, InquiryStatus


class NoticeAttachmentInline(admin.TabularInline):
    model = NoticeAttachment
    form = NoticeAttachmentForm
    fields = ["file", "name", "file_size"]
    readonly_fields = ["name", "file_size"]
    file_size = file_size_column()
    extra = 1


@admin.register(Notice)
class NoticeAdmin(BoundedDateHierarchyMixin, admin.ModelAdmin):
    list_display = ["title_ko", "category", "pinned", "publish_at", "unpublish_at", "is_visible"]
    list_filter = ["category", "pinned"]
    search_fields = ["title_ko", "title_en", "body_ko", "body_en"]
    date_hierarchy = "publish_at"
    inlines = [NoticeAttachmentInline]
    readonly_fields = ["preview_ko", "preview_en", "created_by"]
    fieldsets = [
        (None, {"fields": ["category", "pinned", "publish_at", "unpublish_at"]}),
        (_("Korean"), {"fields": ["title_ko", "body_ko", "preview_ko"]}),
        (_("English"), {"fields": ["title_en", "body_en", "preview_en"]}),
        (None, {"fields": ["created_by"]}),
    ]

    @admin.display(boolean=True, description=_("visible now"))
    def is_visible(self, obj: Notice) -> bool:
        now = timezone.now()
        return bool(obj.publish_at and obj.publish_at <= now and (obj.unpublish_at is None or obj.unpublish_at > now))

    @admin.display(description=_("as visitors see it (Korean)"))
    def preview_ko(self, obj: Notice):
        return render_markdown(obj.body_ko) if obj.pk else "-"

    @admin.display(description=_("as visitors see it (English)"))
    def preview_en(self, obj: Notice):
        return render_markdown(obj.body_en) if obj.pk and obj.body_en else "-"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(FAQ)
class FAQAdmin(admin.ModelAdmin):
    list_display = ["question_ko", "category", "position", "is_published"]
    list_editable = ["position", "is_published"]
    list_filter = ["category", "is_published"]
    search_fields = ["question_ko", "question_en", "answer_ko", "answer_en"]
    readonly_fields = ["source_inquiry"]


@admin.register(InquiryRoute)
class InquiryRouteAdmin(admin.ModelAdmin):
    list_display = ["category", "staff_names"]
    filter_horizontal = ["staff"]

    @admin.display(description=_("staff"))
    def staff_names(self, obj: InquiryRoute) -> str:
        return ", ".join(user.get_full_name() or user.email for user in obj.staff.all()) or gettext(
            "every district staff member")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("staff")


class InquiryNoteInline(admin.StackedInline):
    """Notes among staff: added here, never changed or shown to the asker."""

    model = InquiryNote
    fields = ["body", "author", "created_at"]
    readonly_fields = ["author", "created_at"]
    extra = 1
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False  # existing notes are read-only; the add form still shows

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields


class OverdueFilter(admin.SimpleListFilter):
    title = _("due")
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [("overdue", pgettext_lazy("inquiry", "Overdue")), ("open", _("Waiting for an answer"))]

    def queryset(self, request, queryset):
        open_statuses = (InquiryStatus.RECEIVED, InquiryStatus.ASSIGNED)
        if self.value() == "overdue":
            return queryset.filter(status__in=open_statuses, due_on__lt=timezone.localdate())
        if self.value() == "open":
            return queryset.filter(status__in=open_statuses)
        return queryset


def _answer(obj, actor, reason):
    return services.inquiry_answer(inquiry=obj, actor=actor)


def _assign(obj, actor, reason):
    return services.inquiry_assign(inquiry=obj, officer=obj.assigned_to or actor, actor=actor)


@admin.register(Inquiry)
class InquiryAdmin(AccessLoggedAdminMixin, WorkflowAdminMixin, admin.ModelAdmin):
    workflow = INQUIRY_WORKFLOW
    workflow_services = {"answer": _answer, "assign": _assign}
    list_display = ["number", "subject", "category", "status", "assigned_to", "due", "received_at"]
    list_filter = [OverdueFilter, "status", "category", "assigned_to"]
    search_fields = ["number", "subject", "body", "asker__email", "asker__name"]
    list_select_related = ["assigned_to"]
    inlines = [InquiryNoteInline]
    actions = ["make_faq"]
    fieldsets = [
        (None, {"fields": ["number", "asker", "category", "received_at", "due_on", "assigned_to"]}),
        (_("Question"), {"fields": ["subject", "body", "about", "attachment_links"]}),
        (_("Answer"), {"fields": ["answer", "answered_at", "answered_by"]}),
    ]
    readonly_fields = ["number", "asker", "received_at", "due_on", "subject", "body", "about", "attachment_links",
                       "answered_at", "answered_by"]

    def access_log_subject(self, obj: Inquiry) -> Subject:
        return Subject(kind=SubjectKind.USER, id=obj.asker_id, label=obj.asker.email)

    def get_queryset(self, request):
        # The queue: inquiries still waiting first, by due date.
        return self.model._default_manager.annotate(waiting=Case(
            When(status__in=(InquiryStatus.RECEIVED, InquiryStatus.ASSIGNED), then=Value(0)),
            default=Value(1), output_field=IntegerField())).order_by(*self.get_ordering(request))

    def get_ordering(self, request):
        return ["waiting", "due_on", "id"]

    def has_add_permission(self, request):
        return False  # inquiries are filed by their askers on the portal

    @admin.display(description=_("answer due"), ordering="due_on")
    def due(self, obj: Inquiry):
        if obj.is_overdue():
            return format_html('<strong class="inquiry-overdue">{} · {}</strong>', obj.due_on.isoformat(),
                               gettext("overdue"))
        return obj.due_on.isoformat()

    @admin.display(description=_("about"))
    def about(self, obj: Inquiry) -> str:
        parts = [str(o) for o in (obj.application, obj.invoice, obj.booking) if o is not None]
        return ", ".join(parts) or "-"

    @admin.display(description=_("attachments"))
    def attachment_links(self, obj: Inquiry):
        rows = [(reverse("admin:helpdesk_inquiry_attachment", args=[obj.pk, a.pk]), a.name, format_file_size(a.size))
                for a in obj.attachments.all()]
        return format_html_join(", ", '<a href="{}">{}</a> ({})', rows) if rows else "-"

    def get_urls(self):
        return [
            path("<int:inquiry_id>/files/<int:attachment_id>/", self.admin_site.admin_view(self.attachment_view),
                 name="helpdesk_inquiry_attachment"),
            *super().get_urls(),
        ]

    def attachment_view(self, request, inquiry_id: int, attachment_id: int):
        inquiry = get_object_or_404(self.get_queryset(request), pk=inquiry_id)
        if not self.has_view_or_change_permission(request, inquiry):
            raise PermissionDenied
        attachment = get_object_or_404(inquiry.attachments.all(), pk=attachment_id)
        asked = access_log_download(request, scope="helpdesk.inquiry_attachment", obj=inquiry,
                                    subject=self.access_log_subject(inquiry), object_label=attachment.name)
        if asked is not None:
            return asked  # the reason page first (privacy/access_reason.py)
        return private_file_response(attachment.file.name, attachment.name)

    def save_model(self, request, obj, form, change):
        """The answer is kept as a draft until "Send the answer"; a new officer is assigned by the service."""
        officer = obj.assigned_to if "assigned_to" in form.changed_data else None
        obj.assigned_to_id = form.initial.get("assigned_to")
        obj.save(update_fields=["category", "answer", "updated_at"])
        if officer is not None:
            try:
                services.inquiry_assign(inquiry=obj, officer=officer, actor=request.user)
            except DomainError as exc:
                self.message_user(request, exc.message, messages.ERROR)

    def save_formset(self, request, form, formset, change):
        for note in formset.save(commit=False):
            if note.pk is None:
                services.inquiry_note_add(inquiry=form.instance, author=request.user, body=note.body)

    @admin.action(description=_("Make an FAQ entry (unpublished) from the answer"))
    def make_faq(self, request, queryset):
        made = []
        for inquiry in queryset:
            try:
                made.append(services.faq_create_from_inquiry(inquiry=inquiry, actor=request.user))
            except DomainError as exc:
                self.message_user(request, f"{inquiry.number}: {exc.message}", messages.ERROR)
            else:
                self.message_user(request, f"{inquiry.number}: {gettext('FAQ entry made; check and publish it.')}",
                                  messages.SUCCESS)
        if len(made) == 1:
            return HttpResponseRedirect(reverse("admin:helpdesk_faq_change", args=[made[0].pk]))
        return None
