"""Half-yearly performance indicators reported by the tenant."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.exceptions import DomainError

from .. import services
from ..forms import (
    PerformanceReportForm,
)
from ..models import (
    PerformanceReport,
)
from .access import member_required


@member_required()
def indicators(request, membership):
    company = membership.company
    reports = PerformanceReport.objects.filter(company=company).order_by("-year", "-half")
    form = None
    if membership.can_manage:
        today = timezone.localdate()
        initial = {"year": today.year, "half": 1 if today.month <= 6 else 2}
        form = PerformanceReportForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.performance_report_submit(company=company, actor=request.user, **data)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The indicators for %(year)s H%(half)s are saved.") % data)
                return redirect("tenants:indicators", company.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "tenants/indicators.html", {
        "membership": membership, "company": company, "reports": reports, "form": form,
    })
