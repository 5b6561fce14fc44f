"""The tenant's company space (profile, team, leases, rooms, indicators), invitations and the public
tenant directory. Someone else's company, lease or booking answers 404."""

from __future__ import annotations

import datetime as dt
import mimetypes
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import storages
from django.core.paginator import Paginator
from django.db.models import Max, Min
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.services import user_create
from portal.exceptions import DomainError
from premises.models import Building, MeetingRoom

from . import selectors, services
from .forms import (
    BookingForm,
    CompanyProfileForm,
    DayForm,
    DirectoryFilterForm,
    InvitationForm,
    InvitationSignupForm,
    PerformanceReportForm,
    RelocationProofForm,
    RoleForm,
)
from .models import AIField, Booking, Company, Invitation, Lease, LeaseStatus, PerformanceReport, TeamMembership
from .services.bookings import company_hours_booked


def member_required(*, manage: bool = False):
    """Load the user's membership of the company in the URL; 404 for anyone outside it."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, company_id: int, *args, **kwargs):
            membership = selectors.membership_for(user=request.user, company_id=company_id)
            if membership is None:
                raise Http404
            if manage and not membership.can_manage:
                raise PermissionDenied
            return view(request, membership, *args, **kwargs)

        return wrapper

    return decorator


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
    return _logo_response(membership.company)


def _logo_response(company: Company):
    if not company.logo:
        raise Http404
    content_type = mimetypes.guess_type(company.logo.name)[0] or "application/octet-stream"
    return FileResponse(company.logo.open("rb"), content_type=content_type)


@member_required()
def team(request, membership):
    company = membership.company
    members = TeamMembership.objects.filter(company=company).select_related("user").order_by("role", "user__email")
    invitations = Invitation.objects.filter(
        company=company, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at")
    form = InvitationForm(request.POST or None, acting_role=membership.role)
    if request.method == "POST":
        if not membership.can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.invitation_create(
                    company=company, email=form.cleaned_data["email"], role=form.cleaned_data["role"],
                    actor=request.user,
                )
            except DomainError as exc:
                form.add_error("email", exc.message)
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


@require_POST
@member_required()
def team_leave(request, membership):
    try:
        services.membership_leave(membership=membership)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("tenants:team", membership.company_id)
    messages.success(request, _("You have left %(company)s.") % {"company": membership.company.name})
    return redirect("portal:home")


def invitation(request, token: str):
    """Accept an invitation: log in with the invited address, or create an account for it."""
    invitation = get_object_or_404(Invitation.objects.select_related("company"), token=token)
    existing = User.objects.filter(email__iexact=invitation.email).exists()
    signup = InvitationSignupForm(request.POST or None) if not existing and not request.user.is_authenticated else None
    if request.method == "POST" and invitation.is_open:
        user = request.user if request.user.is_authenticated else None
        if user is None and signup is not None and signup.is_valid():
            user = user_create(email=invitation.email, password=signup.cleaned_data["password1"],
                               name=signup.cleaned_data["name"], preferred_language=request.LANGUAGE_CODE,
                               email_verified_at=timezone.now())
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        if user is not None:
            try:
                services.invitation_accept(invitation=invitation, user=user)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Welcome to %(company)s.") % {"company": invitation.company.name})
                return redirect("tenants:company", invitation.company_id)
    return render(request, "tenants/invitation.html", {
        "invitation": invitation, "signup": signup, "account_exists": existing,
        "login_url": f"{reverse('accounts:login')}?next={request.path}",
    })


@member_required()
def lease_detail(request, membership, lease_id: int):
    lease = get_object_or_404(
        Lease.objects.select_related("unit__floor__building", "unit__unit_type"), pk=lease_id,
        company_id=membership.company_id,
    )
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
    return render(request, "tenants/lease_detail.html", {
        "membership": membership, "company": membership.company, "lease": lease, "form": form,
        "transitions": lease.transitions.select_related("actor"),
        "can_upload": membership.can_manage and lease.relocation_confirmed_at is None
        and lease.status in (LeaseStatus.SIGNED, LeaseStatus.ACTIVE),
    })


@member_required()
def lease_relocation_proof(request, membership, lease_id: int):
    lease = get_object_or_404(Lease, pk=lease_id, company_id=membership.company_id)
    if not lease.relocation_proof_path:
        raise Http404
    name = lease.relocation_proof_path.rsplit("/", 1)[-1]
    return FileResponse(storages["private"].open(lease.relocation_proof_path, "rb"), as_attachment=True, filename=name)


@member_required()
def rooms(request, membership):
    company = membership.company
    day_form = DayForm(request.GET or None)
    date = timezone.localdate()
    floor = None
    if day_form.is_valid():
        date = day_form.cleaned_data["date"] or date
        floor = day_form.cleaned_data["floor"]
    room_qs = MeetingRoom.objects.filter(is_bookable=True).order_by("floor__number", "name_ko")
    if floor is not None:
        room_qs = room_qs.filter(floor__number=floor)
    hours = Building.objects.filter(floors__meeting_rooms__is_bookable=True).aggregate(
        opens=Min("rooms_open_from"), closes=Max("rooms_open_until"))
    initial = {"date": date, "start": "10:00"}
    for key in ("room", "start"):
        if request.GET.get(key):
            initial[key] = request.GET[key]
    form = BookingForm(request.POST or None, rooms=MeetingRoom.objects.filter(is_bookable=True).order_by(
        "floor__number", "name_ko"), initial=initial, opens=hours["opens"], closes=hours["closes"])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.booking_create(
                room=data["room"], company=company, actor=request.user, starts_at=data["starts_at"],
                ends_at=data["ends_at"], purpose=data["purpose"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Booked: %(room)s, %(start)s–%(end)s.") % {
                "room": data["room"].name, "start": timezone.localtime(data["starts_at"]).strftime("%Y-%m-%d %H:%M"),
                "end": timezone.localtime(data["ends_at"]).strftime("%H:%M")})
            return redirect(f"{reverse('tenants:rooms', args=[company.pk])}?date={data['date']:%Y-%m-%d}")
    return render(request, "tenants/rooms.html", {
        "membership": membership, "company": company, "date": date, "day_form": day_form, "form": form,
        "days": selectors.room_day(rooms=room_qs, date=date, company=company),
        "previous_day": date - dt.timedelta(days=1), "next_day": date + dt.timedelta(days=1),
        "bookings": selectors.booking_list_upcoming(company=company),
        "hours_used": company_hours_booked(company=company, moment=timezone.make_aware(
            dt.datetime.combine(date, dt.time(12, 0)))),
        "floors": sorted(set(MeetingRoom.objects.filter(is_bookable=True).values_list("floor__number", flat=True))),
        "selected_floor": floor,
    })


@member_required()
def room_week(request, membership, room_id: int):
    company = membership.company
    room = get_object_or_404(MeetingRoom.objects.select_related("floor__building"), pk=room_id, is_bookable=True)
    day_form = DayForm(request.GET or None)
    date = (day_form.cleaned_data["date"] if day_form.is_valid() else None) or timezone.localdate()
    monday = date - dt.timedelta(days=date.weekday())
    days = selectors.room_week(room=room, monday=monday, company=company)
    return render(request, "tenants/room_week.html", {
        "membership": membership, "company": company, "room": room, "days": days, "monday": monday,
        "previous_week": monday - dt.timedelta(days=7), "next_week": monday + dt.timedelta(days=7),
        "times": [slot["start"] for slot in days[0].slots],
        "rows": [[day.slots[i] for day in days] for i in range(len(days[0].slots))],
    })


@require_POST
@member_required()
def booking_cancel(request, membership, booking_id: int):
    booking = get_object_or_404(Booking, pk=booking_id, company_id=membership.company_id)
    try:
        services.booking_cancel(booking=booking, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The booking is cancelled."))
    return redirect(f"{reverse('tenants:rooms', args=[membership.company_id])}"
                    f"?date={timezone.localtime(booking.starts_at):%Y-%m-%d}")


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


def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    query, ai_field = "", ""
    if form.is_valid():
        query, ai_field = form.cleaned_data["q"].strip(), form.cleaned_data["ai_field"]
    page = Paginator(selectors.company_directory_list(query=query, ai_field=ai_field), 24).get_page(
        request.GET.get("page")
    )
    return render(request, "tenants/directory.html", {
        "form": form, "page": page, "query": query, "ai_field": ai_field, "ai_fields": AIField.choices,
    })


def directory_detail(request, company_id: int):
    company = get_object_or_404(Company, pk=company_id, is_published=True)
    return render(request, "tenants/directory_detail.html", {"company": company})


def directory_logo(request, company_id: int):
    return _logo_response(get_object_or_404(Company, pk=company_id, is_published=True))
