"""The tenant's leases: details, relocation proof, renewal requests."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.exceptions import DomainError
from portal.uploads import private_file_response

from .. import services
from ..documents import lease_summary_response
from ..forms import (
    RelocationProofForm,
    RenewalRequestForm,
)
from ..models import (
    Lease,
    LeaseStatus,
    RenewalStatus,
)
from ..services.renewals import lease_renewal_opens_on
from .access import member_required


def _lease_for(membership, lease_id: int) -> Lease:
    return get_object_or_404(
        Lease.objects.select_related("unit__floor__building__lessor", "unit__unit_type").prefetch_related("renewals"),
        pk=lease_id, company_id=membership.company_id,
    )


def _lease_page(request, membership, lease: Lease, *, form=None, renewal_form=None):
    renewals = list(lease.renewals.all())
    renewal_opens = lease_renewal_opens_on(lease)
    renewal_open_now = timezone.localdate() >= renewal_opens
    return render(request, "tenants/lease_detail.html", {
        "membership": membership, "company": membership.company, "lease": lease,
        "form": form or RelocationProofForm(), "renewal_form": renewal_form or RenewalRequestForm(),
        "transitions": lease.transitions.select_related("actor"), "renewals": renewals,
        "can_upload": membership.can_manage and lease.relocation_confirmed_at is None
        and lease.status in (LeaseStatus.SIGNED, LeaseStatus.ACTIVE),
        "renewal_opens": renewal_opens,
        "renewal_open_now": renewal_open_now,
        "can_request_renewal": membership.can_manage and lease.status in (LeaseStatus.ACTIVE, LeaseStatus.ENDING)
        and not any(r.status == RenewalStatus.REQUESTED for r in renewals) and renewal_open_now,
    })


@member_required()
def lease_detail(request, membership, lease_id: int):
    lease = _lease_for(membership, lease_id)
    if request.method == "POST" and not membership.can_manage:
        raise PermissionDenied  # only owners and administrators send the relocation proof
    form = RelocationProofForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.lease_relocation_proof_upload(
                lease=lease, actor=request.user, upload=form.cleaned_data["certificate"]
            )
        except DomainError as exc:
            form.add_error("certificate", exc.message)
        else:
            messages.success(request, _("Thank you. Staff will check the certificate and confirm the relocation."))
            return redirect("tenants:lease", membership.company_id, lease.pk)
    return _lease_page(request, membership, lease, form=form if request.method == "POST" else None)


@require_POST
@member_required(manage=True)
def lease_renewal_request(request, membership, lease_id: int):
    lease = _lease_for(membership, lease_id)
    form = RenewalRequestForm(request.POST)
    if form.is_valid():
        try:
            services.lease_renewal_request(lease=lease, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your renewal request is sent. Staff will decide after a performance review."))
            return redirect("tenants:lease", membership.company_id, lease.pk)
    return _lease_page(request, membership, lease, renewal_form=form)


@member_required()
def lease_relocation_proof(request, membership, lease_id: int):
    lease = get_object_or_404(Lease, pk=lease_id, company_id=membership.company_id)
    if not lease.relocation_proof_path:
        raise Http404
    return private_file_response(lease.relocation_proof_path, lease.relocation_proof_name)


@member_required()
def lease_summary(request, membership, lease_id: int):
    """The lease summary PDF, for the company's members."""
    lease = get_object_or_404(
        Lease.objects.select_related("company", "unit__floor__building__lessor"), pk=lease_id,
        company_id=membership.company_id,
    )
    return lease_summary_response(lease=lease)

