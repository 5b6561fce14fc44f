"""Admin registry of issued documents (filters, masked CSV export, revocation) and stay reminders."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from portal.exceptions import DomainError
from portal.exports import csv_response, register
from portal.uploads import private_file_response
from privacy.access_log import Subject
from privacy.access_log_admin import AccessLoggedAdminMixin
from privacy.access_reason import access_log_download

from .. import selectors, services
from ..forms import ReasonForm
from ..models import (
    DOCUMENT_FORMATS,
    DocumentStatus,
    IssuedDocument,
    StayReminder,
)


class DocumentStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return DocumentStatus.choices

    def queryset(self, request, queryset):
        today = timezone.localdate()
        value = self.value()
        if value == DocumentStatus.REVOKED:
            return queryset.filter(status=DocumentStatus.REVOKED)
        if value == DocumentStatus.EXPIRED:
            return queryset.filter(status=DocumentStatus.VALID, valid_until__lt=today)
        if value == DocumentStatus.VALID:
            return queryset.filter(status=DocumentStatus.VALID, valid_until__gte=today)
        return queryset


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(AccessLoggedAdminMixin, SimpleHistoryAdmin):
    list_display = ["number", "exemption_type", "company", "masked_subject", "issued_on", "valid_until",
                    "state"]
    list_select_related = ["exemption_type", "company", "request__exemption_type"]
    list_filter = ["exemption_type", DocumentStatusFilter, ("company", admin.RelatedOnlyFieldListFilter), "year"]
    search_fields = ["number", "company__name_ko", "company__name_en", "request__subject"]
    readonly_fields = [
        "number", "exemption_type", "company", "request_link", "state", "issued_on", "valid_until",
        "certified", "pdf_links", "revoked_at", "revoked_by", "revocation_reason", "created_at",
    ]
    autocomplete_fields: list[str] = []
    change_form_template = "admin/exemptions/issueddocument/change_form.html"
    change_list_template = "admin/exemptions/issueddocument/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).defer("request__sensitive")

    def get_fields(self, request, obj=None):
        return self.readonly_fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def access_log_subject(self, obj) -> Subject:
        return selectors.request_access_subject(request=obj.request)

    @admin.display(description=_("status"))
    def state(self, obj) -> str:
        return obj.get_current_status_display()

    @admin.display(description=_("subject"))
    def masked_subject(self, obj) -> str:
        return selectors.request_masked_summary(request=obj.request)

    @admin.display(description=_("request"))
    def request_link(self, obj):
        return format_html('<a href="{}">#{}</a>', reverse("admin:exemptions_exemptionrequest_change",
                                                           args=[obj.request_id]), obj.request_id)

    @admin.display(description=_("facts certified"))
    def certified(self, obj):
        return format_html("<dl>{}</dl>", format_html_join(
            "", "<dt>{}</dt><dd>{}</dd>", selectors.document_certified_rows(document=obj)))

    @admin.display(description=_("files"))
    def pdf_links(self, obj):
        links = []
        for field, fmt, language, label in (
            ("pdf_path", "pdf", "ko", gettext("PDF (Korean)")), ("hwpx_path", "hwpx", "ko", gettext("HWPX (Korean)")),
            ("pdf_en_path", "pdf", "en", gettext("PDF (English)")),
            ("hwpx_en_path", "hwpx", "en", gettext("HWPX (English)")),
        ):
            if getattr(obj, field):
                links.append((reverse(f"admin:exemptions_issueddocument_{fmt}", args=[obj.pk, language]), label))
        return format_html_join(" · ", '<a href="{}">{}</a>', links)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(show_save=False, show_save_and_continue=False, show_save_and_add_another=False,
                           show_delete=False)
            context["can_revoke"] = obj.status == DocumentStatus.VALID and self.has_change_permission(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("export.csv", self.admin_site.admin_view(self.export_view), name="{}_{}_export".format(*info)),
            path("<int:document_id>/revoke/", self.admin_site.admin_view(self.revoke_view),
                 name="{}_{}_revoke".format(*info)),
            path("<int:document_id>/pdf/<str:language>/", self.admin_site.admin_view(self.pdf_view),
                 name="{}_{}_pdf".format(*info)),
            path("<int:document_id>/hwpx/<str:language>/", self.admin_site.admin_view(self.pdf_view),
                 {"format": "hwpx"}, name="{}_{}_hwpx".format(*info)),
            *super().get_urls(),
        ]

    def revoke_view(self, request, document_id: int):
        document = get_object_or_404(IssuedDocument.objects.select_related("company", "exemption_type"),
                                     pk=document_id)
        if not self.has_change_permission(request, document):
            raise Http404
        back = reverse("admin:exemptions_issueddocument_change", args=[document.pk])
        form = ReasonForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                services.document_revoke(document=document, actor=request.user, reason=form.cleaned_data["reason"])
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                self.message_user(request, gettext("Document %(number)s is revoked.") % {
                    "number": document.number}, messages.SUCCESS)
                return HttpResponseRedirect(back)
        context = {
            **self.admin_site.each_context(request), "opts": self.opts, "obj": document, "form": form,
            "title": gettext("Revoke document %(number)s") % {"number": document.number}, "back": back,
        }
        return TemplateResponse(request, "admin/exemptions/revoke.html", context)

    def pdf_view(self, request, document_id: int, language: str, format: str = "pdf"):
        """A file of the document (the PDF or the HWPX, Korean or English)."""
        document = get_object_or_404(IssuedDocument.objects.select_related(
            "company", "request__company", "request__exemption_type").defer("request__sensitive"), pk=document_id)
        path_ = getattr(document, f"{format}_en_path" if language == "en" else f"{format}_path")
        if not self.has_view_permission(request, document) or not path_:
            raise Http404
        name = f"{document.number}{'-en' if language == 'en' else ''}.{format}"
        asked = access_log_download(request, scope="exemptions.document", obj=document, object_label=name,
                                    subject=self.access_log_subject(document))
        if asked is not None:
            return asked
        return private_file_response(path_, name, content_type=DOCUMENT_FORMATS[format])

    @register("exemption-documents")
    def export_view(self, request):
        """The documents the change list shows (same filters), as CSV; identifiers masked."""
        if not self.has_view_permission(request):
            raise Http404
        queryset = self.get_changelist_instance(request).get_queryset(request)
        header = [gettext("Document number"), gettext("Type"), gettext("Company"),
                  gettext("Business registration number"), gettext("Subject"), gettext("Issued on"),
                  gettext("Valid until"), gettext("Status"), gettext("Revoked at"), gettext("Reason for revocation")]
        rows = ([
            document.number, document.exemption_type.code, document.company.name_ko,
            document.company.business_registration_number,
            selectors.request_masked_summary(request=document.request),
            document.issued_on.isoformat(), document.valid_until.isoformat(),
            document.get_current_status_display(),
            timezone.localtime(document.revoked_at).strftime("%Y-%m-%d %H:%M") if document.revoked_at else "",
            document.revocation_reason,
        ] for document in queryset.select_related("exemption_type", "company", "request__exemption_type").defer(
            "request__sensitive"
        ))
        return csv_response("exemption-documents.csv", header, rows)


@admin.register(StayReminder)
class StayReminderAdmin(admin.ModelAdmin):
    list_display = ["request", "days_before", "sent_at"]
    list_select_related = ["request__exemption_type"]
    list_filter = ["days_before"]
    search_fields = ["request__subject", "request__company__name_ko"]
    readonly_fields = ["request", "days_before", "sent_at"]
    autocomplete_fields: list[str] = []

    def has_delete_permission(self, request, obj=None):
        return False  # a record of what was declared, scored or sent: kept whole for the audit

    def get_queryset(self, request):
        return super().get_queryset(request).defer("request__sensitive")

    def has_add_permission(self, request):
        return False
