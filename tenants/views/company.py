"""The company profile, its team and invitations."""

from __future__ import annotations

import mimetypes

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.invitation_views import invitation_respond
from accounts.throttle import rate_limit
from portal.exceptions import DomainError

from .. import selectors, services
from ..forms import (
    CompanyProfileForm,
    InvitationForm,
    RoleForm,
)
from ..models import (
    Company,
    Invitation,
    TeamMembership,
)
from .access import member_required


@login_required
def my_company(request):
    memberships = list(selectors.membership_list_for_user(user=request.user))
    if len(memberships) == 1:
        return redirect("tenants:company", memberships[0].company_id)
    return render(request, "tenants/my_companies.html", {"memberships": memberships})


@member_required()
def company_detail(request, membership):
    company = membership.company
    return render(request, "tenants/company_detail.html", {
        "membership": membership, "company": company,
        "leases": selectors.lease_list_for_company(company=company),
        "bookings": selectors.booking_list_upcoming(company=company)[:5],
    })


@member_required(manage=True)
def company_edit(request, membership):
    company = membership.company
    form = CompanyProfileForm(request.POST or None, request.FILES or None, instance=Company.objects.get(pk=company.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.company_update(
                company=company, actor=request.user,
                data={name: form.cleaned_data[name] for name in form.changed_data},
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The company profile is saved."))
            return redirect("tenants:company", company.pk)
    return render(request, "tenants/company_form.html", {"membership": membership, "company": company, "form": form})


@member_required()
def company_logo(request, membership):
    return logo_response(membership.company)


def logo_response(company: Company):
    if not company.logo:
        raise Http404
    content_type = mimetypes.guess_type(company.logo.name)[0] or "application/octet-stream"
    return FileResponse(company.logo.open("rb"), content_type=content_type)


@rate_limit("invitation")
@member_required()
def team(request, membership):
    company = membership.company
    members = TeamMembership.objects.filter(company=company).select_related("user").order_by("role", "user__email")
    invitations = Invitation.objects.filter(
        company=company, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at")
    form = InvitationForm(request.POST or None, acting_role=membership.role, language=request.LANGUAGE_CODE)
    if request.method == "POST":
        if not membership.can_manage:
            raise PermissionDenied
        if form.is_valid():
            replaces = Invitation.objects.filter(
                company=company, email__iexact=form.cleaned_data["email"], accepted_at__isnull=True,
                revoked_at__isnull=True, expires_at__gt=timezone.now(),
            ).exists()
            try:
                services.invitation_create(
                    company=company, email=form.cleaned_data["email"], role=form.cleaned_data["role"],
                    actor=request.user, language=form.cleaned_data["language"],
                )
            except DomainError as exc:
                form.add_error("email", exc.message)
            else:
                if replaces:
                    messages.success(request, _(
                        "A new invitation is on its way to %(email)s; the link sent to them earlier no longer works."
                    ) % {"email": form.cleaned_data["email"]})
                else:
                    messages.success(request, _("The invitation is on its way to %(email)s.") % {
                        "email": form.cleaned_data["email"]})
                return redirect("tenants:team", company.pk)
    return render(request, "tenants/team.html", {
        "membership": membership, "company": company, "members": members, "invitations": invitations,
        "form": form, "role_form": RoleForm(), "invitation_days": settings.TENANTS_INVITATION_DAYS,
    })


def _member_of(membership, member_id: int) -> TeamMembership:
    return get_object_or_404(TeamMembership.objects.select_related("company", "user"),
                             pk=member_id, company_id=membership.company_id)


@require_POST
@member_required(manage=True)
def team_remove(request, membership, member_id: int):
    target = _member_of(membership, member_id)
    try:
        services.membership_remove(membership=target, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(user)s is no longer on the team.") % {"user": target.user.get_full_name()})
    return redirect("tenants:team", membership.company_id)


@require_POST
@member_required(manage=True)
def team_role(request, membership, member_id: int):
    target = _member_of(membership, member_id)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.membership_change_role(membership=target, role=form.cleaned_data["role"], actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The role is changed."))
    return redirect("tenants:team", membership.company_id)


@require_POST
@member_required(manage=True)
def invitation_withdraw(request, membership, invitation_id: int):
    invitation = get_object_or_404(Invitation, pk=invitation_id, company_id=membership.company_id)
    services.invitation_revoke(invitation=invitation, actor=request.user)
    messages.success(request, _("The invitation is withdrawn."))
    return redirect("tenants:team", membership.company_id)


@require_http_methods(["GET", "POST"])
@member_required()
def team_leave(request, membership):
    """GET asks for confirmation; only the POST of that page leaves."""
    if request.method == "GET":
        return render(request, "tenants/team_leave.html", {"membership": membership, "company": membership.company})
    try:
        services.membership_leave(membership=membership)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("tenants:team", membership.company_id)
    messages.success(request, _("You have left %(company)s.") % {"company": membership.company.name})
    return redirect("portal:home")


@rate_limit("signup")
def invitation(request, token: str):
    """Accept an invitation: as the invited address when logged in, else by creating its account here
    (the portal's sign-up with its consents), or by logging in first when the account exists."""
    invitation = get_object_or_404(Invitation.objects.select_related("company"), token=token)
    membership, context = invitation_respond(request, invitation, accept=services.invitation_accept,
                                             accept_with_signup=services.invitation_accept_with_signup)
    if membership is not None:
        # A name that ends in a full stop ("… Inc.") does not get a second one.
        messages.success(request, _("Welcome to %(company)s.") % {"company": invitation.company.name.rstrip(".")})
        return redirect("tenants:company", invitation.company_id)
    return render(request, "tenants/invitation.html", context)

