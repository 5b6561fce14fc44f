"""The grantee's pages: their GPU allocations, and one allocation's months with used and remaining hours and
the form that reports a month's usage."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.exceptions import DomainError
from portal.formatting import format_hours, format_month

from . import selectors, services
from .forms import UsageReportForm, field_error_add
from .models import month_first
from .workflow import ALLOCATION_WORKFLOW


@login_required
def mine(request):
    month = month_first(timezone.localdate())
    allocations = selectors.allocation_list_with_usage(selectors.allocation_list_for_user(user=request.user),
                                                       month=month)
    rows = [{"allocation": a, "state": ALLOCATION_WORKFLOW.state(a.status), "in_term": month in a.months,
             "remaining": max(a.hours_per_month - (a.used_in_month or 0), 0)} for a in allocations]
    return render(request, "compute/mine.html", {"rows": rows, "month": month})


@login_required
def allocation_detail(request, allocation_id: int):
    found = selectors.allocation_for_user(user=request.user, allocation_id=allocation_id)
    if found is None:
        raise Http404
    allocation, can_report = found
    if request.method == "POST" and not can_report:
        raise PermissionDenied
    form = None
    if can_report:
        form = UsageReportForm(request.POST or None, allocation=allocation)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.usage_report_by_grantee(allocation=allocation, month=data["month"], hours=data["hours"],
                                                 actor=request.user)
            except DomainError as error:
                field_error_add(form, error)
            else:
                messages.success(request, _("%(hours)s GPU-hours recorded for %(month)s.") % {
                    "hours": format_hours(data["hours"]), "month": format_month(data["month"])})
                return redirect("compute:allocation", allocation.pk)
    rows = selectors.allocation_months(allocation=allocation)
    return render(request, "compute/allocation.html", {
        "allocation": allocation, "state": ALLOCATION_WORKFLOW.state(allocation.status), "rows": rows,
        "totals": selectors.allocation_totals(rows), "form": form,
        "can_report": can_report and allocation.status in services.USAGE_STATUSES,
        "reports": allocation.usage_reports.order_by("-reported_at", "-pk")[:12],
    })
