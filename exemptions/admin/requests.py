"""Admin of exemption types and the staff review of requests: checks, decision pages, days waiting."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db import models
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from portal.admin import ReadOnlyInlineMixin, WorkflowAdminMixin
from portal.exceptions import DomainError
from portal.formatting import format_kst_date
from portal.uploads import private_file_response
from portal.working_days import working_day_add
from premises.admin import UnlinkedFileInput
from privacy.access_log import Subject
from privacy.access_log_admin import AccessLoggedAdminMixin
from privacy.access_reason import access_log_download
from tenants.models import Lease

from .. import selectors, services
from ..forms import ApproveForm, ExtendForm, InfoRequestForm, RejectForm
from ..models import (
    ConsentMethod,
    DocumentIssuer,
    EmployeeConsent,
    ExemptionRequest,
    ExemptionType,
    IssuedDocument,
    RequestStatus,
    VisaType,
)
from ..registry import form_key_choices
from ..workflow import REQUEST_WORKFLOW, Actor

SIGNED_FORM_CODE = "employee-consent-form"  # the admin's download address of the signed consent form


class ExemptionTypeForm(forms.ModelForm):
    form_key = forms.ChoiceField(label=_("form"), choices=form_key_choices)

    class Meta:
        model = ExemptionType
        fields = [
            "code", "form_key", "name_ko", "name_en", "description_ko", "description_en", "legal_basis_ko",
            "legal_basis_en", "document_title_ko", "document_title_en", "statement_ko", "statement_en",
            "required_documents", "template", "english_version", "number_prefix", "validity_days", "processing_days",
            "accepts_utility_models", "is_active",
        ]

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        if not re.fullmatch(r"[A-Z0-9]{2,10}", code):
            raise forms.ValidationError(_("Use 2 to 10 capital letters or digits."))
        return code

    def clean_number_prefix(self):
        prefix = " ".join(self.cleaned_data["number_prefix"].split())
        if prefix and not re.fullmatch(r"[0-9A-Za-z가-힣()·\- ]+", prefix):
            raise forms.ValidationError(_("Use letters, digits, spaces, hyphens and brackets, for example 양재AI특구; "
                                          "or leave it empty."))
        return prefix

    def clean_template(self):
        name = self.cleaned_data["template"].strip()
        root = (settings.BASE_DIR / "templates").resolve()
        path_ = (root / name).resolve()
        if not name.endswith(".typ") or root not in path_.parents or not path_.is_file():
            raise forms.ValidationError(
                _("Name a Typst file (.typ) under templates/, for example exemptions/certificate.typ.")
            )
        return name

    def clean_required_documents(self):
        documents = self.cleaned_data["required_documents"] or []
        valid = isinstance(documents, list) and all(
            isinstance(d, dict) and re.fullmatch(r"[a-z0-9_]{1,40}", str(d.get("code", ""))) and d.get("label_ko")
            for d in documents
        )
        if not valid:
            raise forms.ValidationError(
                _('Give a list of {"code": "employment_contract", "label_ko": "...", "label_en": "..."}; '
                  "codes in small letters, digits and underscores.")
            )
        return documents


@admin.register(ExemptionType)
class ExemptionTypeAdmin(SimpleHistoryAdmin):
    form = ExemptionTypeForm
    list_display = ["code", "name_ko", "name_en", "number_prefix", "validity_days", "processing_days",
                    "english_version", "is_active"]
    list_select_related: list[str] = []
    list_filter = ["is_active", "english_version"]
    search_fields = ["code", "name_ko", "name_en"]
    readonly_fields = ["created_at", "updated_at"]
    autocomplete_fields: list[str] = []

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(VisaType)
class VisaTypeAdmin(admin.ModelAdmin):
    """The visa statuses the immigration request offers: E-7 only until staff enable another."""

    list_display = ["code", "name_ko", "name_en", "is_enabled"]
    list_editable = ["is_enabled"]
    list_filter = ["is_enabled"]
    search_fields = ["code", "name_ko", "name_en"]
    readonly_fields = ["created_at", "updated_at"]


class DocumentIssuerForm(forms.ModelForm):
    class Meta:
        model = DocumentIssuer
        fields = ["name_ko", "name_en", "seal"]

    def clean(self):
        data = super().clean()
        if self.instance.pk is None and DocumentIssuer.objects.exists():
            raise forms.ValidationError(_("Certificates have one issuing authority: change the one on record."))
        return data


@admin.register(DocumentIssuer)
class DocumentIssuerAdmin(SimpleHistoryAdmin):
    """In whose name certificates are issued and the seal printed beside it (one row)."""

    form = DocumentIssuerForm
    list_display = ["name_ko", "name_en"]
    readonly_fields = ["created_at", "updated_at"]
    formfield_overrides = {models.FileField: {"widget": UnlinkedFileInput}}

    def has_delete_permission(self, request, obj=None):
        return False


class EmployeeConsentInline(ReadOnlyInlineMixin, admin.TabularInline):
    """The employee's consent links: who, when, from which address, which notice; read only."""

    model = EmployeeConsent
    fields = ["name", "email", "method", "signed_form_name", "uploaded_by", "sent_at", "expires_at", "consented_at",
              "consent_ip", "notice_version", "language", "withdrawn_at", "withdraw_ip"]
    readonly_fields = fields

    def has_view_permission(self, request, obj=None):
        """Whoever may see the request may see its consents."""
        return request.user.has_perm("exemptions.view_exemptionrequest") or request.user.has_perm(
            "exemptions.change_exemptionrequest")


class WaitingFilter(admin.SimpleListFilter):
    title = _("days waiting")
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [("0", _("Not waiting for staff")), ("1", _("Up to 7 days")), ("8", _("8 to 14 days")),
                ("15", _("More than 14 days"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        tz = timezone.get_current_timezone()

        def since(days):  # the start of the day `days` ago
            return dt.datetime.combine(today - dt.timedelta(days=days), dt.time.min, tzinfo=tz)

        value = self.value()
        if value == "0":
            return queryset.filter(waiting_since__isnull=True)
        if value == "1":
            return queryset.filter(waiting_since__gte=since(7))
        if value == "8":
            return queryset.filter(waiting_since__lt=since(7), waiting_since__gte=since(14))
        if value == "15":
            return queryset.filter(waiting_since__lt=since(14))
        return queryset


class DueFilter(admin.SimpleListFilter):
    title = _("due date")
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [("overdue", _("Overdue")), ("soon", _("Due within the reminder period"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        waiting = queryset.filter(status=RequestStatus.SUBMITTED, due_date__isnull=False)
        if self.value() == "overdue":
            return waiting.filter(due_date__lt=today)
        if self.value() == "soon":
            horizon = working_day_add(today, settings.EXEMPTIONS_DUE_REMINDER_WORKING_DAYS)
            return waiting.filter(due_date__gte=today, due_date__lte=horizon)
        return queryset


@admin.register(ExemptionRequest)
class ExemptionRequestAdmin(AccessLoggedAdminMixin, WorkflowAdminMixin, SimpleHistoryAdmin):
    """The staff review: each decision has its own page with the request's checks and answers; the
    processing period's extension (not a status change) has a page of its own beside them."""

    workflow = REQUEST_WORKFLOW
    workflow_role = Actor.STAFF
    workflow_pages = {"approve": "decision_page", "ask_info": "decision_page", "reject": "decision_page"}
    list_display = ["receipt", "exemption_type", "company", "masked_subject", "status", "submitted_at", "due",
                    "days_waiting", "active_lease"]
    list_select_related = ["exemption_type", "company"]
    list_filter = ["status", "exemption_type", DueFilter, WaitingFilter, ("company", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["receipt_number", "subject", "company__name_ko", "company__name_en",
                     "company__business_registration_number"]
    readonly_fields = [
        "company", "exemption_type", "status", "masked_subject", "answers", "upload_links", "checks",
        "filed_by", "submitted_at", "received_at", "receipt_number", "due", "extension", "waiting_since",
        "decided_at", "decided_by", "staff_message",
        "document_link", "sensitive_purged_at", "identifier_consent_version", "identifier_consent_at",
    ]
    autocomplete_fields: list[str] = []
    inlines = [EmployeeConsentInline]
    ordering = ["-submitted_at"]

    def get_queryset(self, request):
        today = timezone.localdate()
        active = Lease.objects.filter(
            company_id=OuterRef("company_id"), status__in=selectors.ACTIVE_LEASE_STATUSES,
            start_date__lte=today, end_date__gte=today,
        )
        return super().get_queryset(request).defer("sensitive").annotate(has_active_lease=Exists(active))

    @admin.display(description=_("receipt number"), ordering="receipt_number")
    def receipt(self, obj) -> str:
        """The receipt number (접수번호), or the request's id until it reaches staff (awaiting consent)."""
        return obj.receipt_number or f"#{obj.pk}"

    @admin.display(boolean=True, description=_("active lease"), ordering="has_active_lease")
    def active_lease(self, obj) -> bool:
        return obj.has_active_lease

    def get_fields(self, request, obj=None):
        return self.readonly_fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def access_log_subject(self, obj) -> Subject:
        return selectors.request_access_subject(request=obj)

    @admin.display(description=_("subject"))
    def masked_subject(self, obj) -> str:
        return selectors.request_masked_summary(request=obj)

    @admin.display(description=_("due date"), ordering="due_date")
    def due(self, obj):
        if obj.due_date is None:
            return "—"
        if obj.is_overdue():
            return format_html('<strong class="errornote" data-overdue="1">{} · {}</strong>',
                               format_kst_date(obj.due_date), gettext("overdue"))
        return format_kst_date(obj.due_date)

    @admin.display(description=_("extension"))
    def extension(self, obj):
        if not obj.extension_days:
            return "—"
        return format_html("{} — {}", ngettext("%(days)s working day", "%(days)s working days",
                                               obj.extension_days) % {"days": obj.extension_days},
                           obj.extension_reason)

    @admin.display(description=_("days waiting"), ordering="waiting_since")
    def days_waiting(self, obj):
        return obj.days_waiting if obj.days_waiting is not None else "—"

    @admin.display(description=_("answers"))
    def answers(self, obj):
        return format_html(
            "<dl>{}</dl>",
            format_html_join("", "<dt>{}</dt><dd>{}</dd>", selectors.request_answers(request=obj)),
        )

    @admin.display(description=_("uploaded documents"))
    def upload_links(self, obj):
        links = [(reverse("admin:exemptions_exemptionrequest_upload", args=[obj.pk, code]), upload["name"])
                 for code, upload in obj.uploads.items()]
        signed = obj.employee_consents.filter(method=ConsentMethod.SIGNED_FORM).exclude(signed_form_path="").first()
        if signed is not None:
            label = gettext("Signed consent form")
            links.append((reverse("admin:exemptions_exemptionrequest_upload", args=[obj.pk, SIGNED_FORM_CODE]),
                          f"{label}: {signed.signed_form_name}"))
        if not links:
            return "—"
        return format_html_join(mark_safe("<br>"), '<a href="{}">{}</a>', links)

    @admin.display(description=_("checks"))
    def checks(self, obj):
        return format_html(
            '<ul class="exemption-checks">{}</ul>',
            format_html_join(
                "", "<li>{} <strong>{}</strong> {}</li>",
                (("✅" if c.ok else "⚠️", c.label, f"— {c.detail}" if c.detail else "")
                 for c in selectors.request_checks(request=obj)),
            ),
        )

    @admin.display(description=_("issued document"))
    def document_link(self, obj):
        document = IssuedDocument.objects.filter(request=obj).first()
        if document is None:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("admin:exemptions_issueddocument_change",
                                                          args=[document.pk]), document.number)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:  # nothing to save: staff decide through the workflow's buttons
            context.update(show_save=False, show_save_and_continue=False, show_save_and_add_another=False,
                           show_delete=False)
        response = super().render_change_form(request, context, add, change, form_url, obj)
        if obj is not None and self.extension_allowed(obj) and "workflow_buttons" in response.context_data:
            response.context_data["workflow_buttons"].append({
                "transition": SimpleNamespace(name="extend", label=gettext("Extend the processing period"),
                                              kind="aside"),
                "url": reverse("admin:exemptions_exemptionrequest_extend", args=[obj.pk]), "page": True, "css": "",
            })
        return response

    @staticmethod
    def extension_allowed(obj) -> bool:
        return bool(obj.due_date and not obj.extension_days
                    and obj.status in (RequestStatus.SUBMITTED, RequestStatus.INFO_REQUESTED))

    def extend_view(self, request, request_id: int):
        obj = get_object_or_404(ExemptionRequest, pk=request_id)
        if not self.has_workflow_permission(request, obj):  # the service refuses a second extension itself
            raise Http404
        back = reverse("admin:exemptions_exemptionrequest_change", args=[obj.pk])
        page = self.decision_page(request, objects=[obj], transition=SimpleNamespace(name="extend"),
                                  data=request.POST if request.method == "POST" else None, cancel_url=back)
        return page if page is not None else HttpResponseRedirect(back)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("<int:request_id>/uploads/<str:code>/", self.admin_site.admin_view(self.upload_view),
                 name="{}_{}_upload".format(*info)),
            path("<int:request_id>/extend/", self.admin_site.admin_view(self.extend_view),
                 name="{}_{}_extend".format(*info)),
            *super().get_urls(),
        ]

    DECISIONS = {
        "approve": (ApproveForm, services.request_approve, _("Approve the request")),
        "ask_info": (InfoRequestForm, services.request_ask_info, _("Ask the tenant for more information")),
        "reject": (RejectForm, services.request_reject, _("Reject the request")),
        "extend": (ExtendForm, services.request_extend, _("Extend the processing period")),
    }

    def decision_page(self, request, *, objects, transition, data, action="", cancel_url):
        """The page of a decision on one request: the checks and answers, then the reason, then the service."""
        (obj,) = objects
        form_class, service, title = self.DECISIONS[transition.name]
        form = form_class(data)
        if data is not None and form.is_valid():
            try:
                decided = service(request=obj, actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                self.message_user(request, gettext("The request is now “%(status)s”.") % {
                    "status": decided.get_status_display()}, messages.SUCCESS)
                return None
        context = {
            **self.admin_site.each_context(request), "opts": self.opts, "title": title, "obj": obj, "form": form,
            "checks": selectors.request_checks(request=obj), "answers": selectors.request_answers(request=obj),
            "back": cancel_url, "decision": transition.name,
        }
        return TemplateResponse(request, "admin/exemptions/decision.html", context)

    def upload_view(self, request, request_id: int, code: str):
        obj = get_object_or_404(ExemptionRequest, pk=request_id)
        upload = obj.uploads.get(code)
        if code == SIGNED_FORM_CODE:  # the employee's signed consent form, kept with the consent
            signed = obj.employee_consents.filter(method=ConsentMethod.SIGNED_FORM).exclude(signed_form_path="") \
                .first()
            upload = {"path": signed.signed_form_path, "name": signed.signed_form_name} if signed else None
        if not self.has_view_permission(request, obj) or upload is None:
            raise Http404
        asked = access_log_download(request, scope="exemptions.upload", obj=obj, object_label=upload["name"],
                                    subject=self.access_log_subject(obj))
        if asked is not None:
            return asked
        return private_file_response(upload["path"], upload["name"])
