"""Admin of late charges and deemed rent: each lessor's late-charge policy with its rate bands, the late charge of
each overdue invoice (read-only, waived with a reason), the NTS rates of deemed rent and the quarterly report."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.admin import StatusChangeInline, WorkflowAdminMixin
from portal.templatetags.portal_tags import format_won
from premises.models import Lessor

from . import reports_deemed_rent, services
from .models_late import DeemedRentRate, LateCharge, LateChargeBand, LateChargePolicy
from .services.deemed_rent import deemed_rent_report
from .workflow_late import LATE_CHARGE_WORKFLOW


class BandFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        starts = [f.cleaned_data.get("from_month") for f in self.forms
                  if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if 0 not in starts:
            raise forms.ValidationError(_("Add a band from month 0: the rate of the first month of delay."))


class LateChargeBandInline(admin.TabularInline):
    model = LateChargeBand
    formset = BandFormSet
    extra = 0
    min_num = 1


@admin.register(LateChargePolicy)
class LateChargePolicyAdmin(admin.ModelAdmin):
    """A lessor's late charges; a lessor without one gets the defaults (docs/billing.md) when first needed."""

    list_display = ["lessor", "active", "bands_text", "cap_months", "day_basis", "vatable", "updated_at"]
    list_select_related = ["lessor"]
    fields = ["lessor", "active", "cap_months", "day_basis", "vatable"]
    inlines = [LateChargeBandInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("bands")

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("rate bands"))
    def bands_text(self, obj) -> str:
        return ", ".join(gettext("from month %(month)s: %(rate)s%%") % {"month": band.from_month,
                                                                         "rate": f"{band.annual_rate.normalize():f}"}
                         for band in obj.bands.all())


def _waive(charge, user, reason):
    return services.late_charge_waive(charge=charge, actor=user, reason=reason)


@admin.register(LateCharge)
class LateChargeAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    """Written by the nightly accrual; staff read it and may waive it with a reason."""

    workflow = LATE_CHARGE_WORKFLOW
    workflow_services = {"waive": _waive}
    list_display = ["invoice", "company", "due_on", "status", "accrued_through"]
    list_select_related = ["invoice"]
    list_filter = ["status", "invoice__due_on"]
    search_fields = ["invoice__number", "invoice__company_name", "invoice__business_registration_number"]
    readonly_fields = ["invoice", "company", "due_on", "status", "accrued_through", "days", "accrued", "billed",
                       "waived", "to_bill"]
    fields = readonly_fields
    inlines = [StatusChangeInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        """Nothing of a late charge is edited here; only its workflow buttons act."""

    def _amounts(self, obj) -> dict:
        if not hasattr(obj, "_amounts"):
            obj._amounts = services.late_charge_amounts(obj)
        return obj._amounts

    @admin.display(description=_("company"), ordering="invoice__company_name")
    def company(self, obj) -> str:
        return obj.invoice.company_name

    @admin.display(description=_("due date"), ordering="invoice__due_on")
    def due_on(self, obj):
        return obj.invoice.due_on

    @admin.display(description=_("days of delay charged"))
    def days(self, obj) -> int:
        return self._amounts(obj)["days"]

    @admin.display(description=_("accrued"))
    def accrued(self, obj) -> str:
        return format_won(self._amounts(obj)["accrued"])

    @admin.display(description=_("billed"))
    def billed(self, obj) -> str:
        return format_won(self._amounts(obj)["billed"])

    @admin.display(description=_("waived"))
    def waived(self, obj) -> str:
        return format_won(self._amounts(obj)["waived"])

    @admin.display(description=_("to bill on the next invoice"))
    def to_bill(self, obj) -> str:
        return format_won(self._amounts(obj)["to_bill"])


class QuarterForm(forms.Form):
    lessor = forms.ModelChoiceField(label=_("Lessor"), queryset=Lessor.objects.order_by("name"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("Quarter"), coerce=int,
                                     choices=[(q, _("Q%(quarter)s") % {"quarter": q}) for q in range(1, 5)])


def _quarter_initial() -> dict:
    today = timezone.localdate()
    lessor = Lessor.objects.order_by("name").first()
    return {"lessor": lessor.pk if lessor else None, "year": today.year, "quarter": (today.month - 1) // 3 + 1}


@admin.register(DeemedRentRate)
class DeemedRentRateAdmin(admin.ModelAdmin):
    """The NTS interest rates of deemed rent, and the quarterly report (HTML and XLSX)."""

    list_display = ["valid_from", "annual_rate", "note"]
    change_list_template = "admin/billing/deemedrentrate/change_list.html"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("report/", self.admin_site.admin_view(self.report_view), name="{}_{}_report".format(*info)),
            path("report.xlsx", self.admin_site.admin_view(self.report_xlsx_view),
                 name="{}_{}_report_xlsx".format(*info)),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "report_url": reverse("admin:billing_deemedrentrate_report")}
        return super().changelist_view(request, extra_context)

    def _quarter(self, request):
        form = QuarterForm(request.GET or _quarter_initial())
        return form, (form.cleaned_data if form.is_valid() else None)

    def report_view(self, request):
        if not self.has_view_permission(request):
            raise Http404
        form, chosen = self._quarter(request)
        context = {**self.admin_site.each_context(request), "opts": self.opts, "form": form,
                   "title": gettext("Deemed rent on deposits"), "query": request.GET.urlencode()}
        if chosen:
            context["report"] = deemed_rent_report(**chosen)
            context["chosen"] = chosen
        return TemplateResponse(request, "admin/billing/deemedrentrate/report.html", context)

    def report_xlsx_view(self, request):
        if not self.has_view_permission(request):
            raise Http404
        _form, chosen = self._quarter(request)
        if chosen is None:
            raise Http404
        return reports_deemed_rent.deemed_rent_xlsx(request=request, **chosen)
