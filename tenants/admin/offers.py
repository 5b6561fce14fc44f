"""Admin of unit offers: the "Offer a unit" page (applications awaiting a unit, the units that fit them
with seats versus headcount, the next on each waiting list), the offers with their status log, withdrawal."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from applications.models import Application, Call
from applications.selectors import application_access_subject
from applications.workflow import Status
from portal.admin import StatusChangeInline, WorkflowAdminMixin
from portal.exceptions import DomainError
from portal.formatting import format_kst
from portal.params import query_int
from privacy.access_log_admin import AccessLoggedAdminMixin

from .. import selectors_offers, services
from ..models import Offer, OfferStatus
from ..services.offers import offer_default_lease_start
from ..workflow import OFFER_WORKFLOW


class OfferAllocateForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("unit"), queryset=None, widget=forms.RadioSelect,
                                  error_messages={"required": _("Choose a unit.")})
    lease_start = forms.DateField(label=_("lease starts on"))
    note = forms.CharField(label=_("message to the applicant"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


@admin.register(Offer)
class OfferAdmin(AccessLoggedAdminMixin, WorkflowAdminMixin, SimpleHistoryAdmin):
    workflow = OFFER_WORKFLOW
    workflow_services = {
        "withdraw": lambda offer, user, reason: services.offer_withdraw(offer=offer, actor=user, reason=reason),
    }
    list_display = ["unit", "application", "seats_and_headcount", "status", "lease_start", "offered_at", "respond_by",
                    "responded_at"]
    list_select_related = ["unit", "application"]
    list_filter = ["status", "unit__floor__building", "application__call"]
    search_fields = ["unit__code", "application__company_name_ko", "application__company_name_en",
                     "application__receipt_number"]
    readonly_fields = ["application", "unit", "seats_and_headcount", "status", "lease_start", "note", "offered_by",
                       "offered_at", "respond_by", "responded_at", "decline_reason", "company", "lease", "created_at",
                       "updated_at"]
    fields = readonly_fields
    autocomplete_fields = ["application", "unit"]
    inlines = [StatusChangeInline]

    def access_log_subject(self, obj):
        return application_access_subject(obj.application)

    @admin.display(description=_("seats / headcount"))
    def seats_and_headcount(self, obj) -> str:
        return f"{obj.unit.seats} / {obj.application.headcount or '—'}"

    def has_delete_permission(self, request, obj=None):
        """Offers are never deleted: a mistaken one is withdrawn."""
        return False

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(show_save=False, show_save_and_continue=False, show_save_and_add_another=False,
                       show_delete=False)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def add_view(self, request, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:tenants_offer_allocate"))

    def get_urls(self):
        return [
            path("allocate/", self.admin_site.admin_view(self.allocate_view), name="tenants_offer_allocate"),
            path("promote/<int:call_id>/", self.admin_site.admin_view(self.promote_view),
                 name="tenants_offer_promote"),
            *super().get_urls(),
        ]

    def _require_staff(self, request) -> None:
        if not (request.user.is_district_staff and self.has_view_permission(request)):
            raise PermissionDenied

    def allocate_view(self, request):
        """Without ?application: who awaits a unit and who is next on each waiting list. With it: the units
        that fit that application (desired type first, seats versus headcount) and the offer form."""
        self._require_staff(request)
        application_id = query_int(request, "application")
        if application_id is None:
            return self._allocate_overview(request)
        application = get_object_or_404(
            Application.objects.select_related("call", "desired_unit_type", "applicant"), pk=application_id
        )
        units = selectors_offers.unit_list_for_application(application=application)
        form = OfferAllocateForm(
            request.POST or None, units=units,
            initial={"lease_start": offer_default_lease_start(application=application)},
        )
        if request.method == "POST" and form.is_valid():
            try:
                offer = services.offer_create(
                    application=application, unit=form.cleaned_data["unit"], actor=request.user,
                    lease_start=form.cleaned_data["lease_start"], note=form.cleaned_data["note"],
                )
            except DomainError as exc:
                self.message_user(request, exc.message, messages.ERROR)
            else:
                self.message_user(request, gettext("Unit %(unit)s offered to %(company)s; they have until %(date)s "
                                                   "to answer.") % {
                    "unit": offer.unit.code, "company": application.company_name_ko,
                    "date": format_kst(offer.respond_by)}, messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:tenants_offer_change", args=[offer.pk]))
        context = {
            **self.admin_site.each_context(request), "opts": self.opts, "title": gettext("Offer a unit"),
            "application": application, "units": list(units), "form": form,
            "is_selected": application.status == Status.SELECTED,
        }
        return TemplateResponse(request, "admin/tenants/offer/allocate.html", context)

    def _allocate_overview(self, request):
        awaiting = list(selectors_offers.application_list_awaiting_offer())
        calls = Call.objects.filter(applications__status=Status.WAITLISTED).distinct().order_by("code")
        next_by_call = [(call, services.waitlist_next(call=call)) for call in calls]
        context = {
            **self.admin_site.each_context(request), "opts": self.opts, "title": gettext("Offer a unit"),
            "awaiting": awaiting, "next_by_call": next_by_call,
            "pending": Offer.objects.filter(status=OfferStatus.PENDING).select_related("unit", "application"),
        }
        return TemplateResponse(request, "admin/tenants/offer/allocate.html", context)

    def promote_view(self, request, call_id: int):
        """Select the best-ranked application of the call's waiting list (POST)."""
        self._require_staff(request)
        call = get_object_or_404(Call, pk=call_id)
        back = reverse("admin:tenants_offer_allocate")
        if request.method != "POST":
            return HttpResponseRedirect(back)
        try:
            application = services.waitlist_promote_next(call=call, actor=request.user)
        except DomainError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return HttpResponseRedirect(back)
        self.message_user(request, gettext("%(company)s moved from the waiting list to selected; offer it a unit.")
                          % {"company": application.company_name_ko}, messages.SUCCESS)
        return HttpResponseRedirect(f"{back}?application={application.pk}")
