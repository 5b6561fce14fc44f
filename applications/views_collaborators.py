"""The representative's colleagues on an application: inviting them, withdrawing an invitation, removing one,
and the invited person's page that accepts the invitation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.invitation_views import invitation_respond
from accounts.throttle import rate_limit
from portal.exceptions import DomainError

from . import services_collaborators as services
from .forms import CollaboratorInviteForm
from .models import ApplicationCollaborator, ApplicationInvitation
from .selectors_collaborators import OWNER, application_get_for_participant
from .views_applicant import _detail


def _team_url(application_id: int) -> str:
    return reverse("applications:detail", args=[application_id]) + "#team"


@rate_limit("invitation")
@login_required
@require_POST
def collaborator_invite(request, pk: int):
    """The representative invites a colleague by e-mail; a refused address shows beside the form."""
    application = application_get_for_participant(user=request.user, pk=pk, need=OWNER)
    form = CollaboratorInviteForm(request.POST, language=request.LANGUAGE_CODE)
    if form.is_valid():
        try:
            services.collaborator_invite(
                application=application,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                actor=request.user,
                language=form.cleaned_data["language"],
            )
        except DomainError as exc:
            form.add_error("email", exc.message)
        else:
            messages.success(
                request, _("The invitation is on its way to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect(_team_url(application.pk))
    return _detail(request, application, invite_form=form, status=400)


@login_required
@require_POST
def collaborator_invitation_revoke(request, pk: int, invitation_pk: int):
    application = application_get_for_participant(user=request.user, pk=pk, need=OWNER)
    invitation = get_object_or_404(ApplicationInvitation, pk=invitation_pk, application_id=application.pk)
    if services.collaborator_invitation_revoke(invitation=invitation, actor=request.user):
        messages.success(
            request,
            _("The invitation to %(email)s is withdrawn: its link no longer works.") % {"email": invitation.email},
        )
    return redirect(_team_url(application.pk))


@login_required
@require_POST
def collaborator_remove(request, pk: int, collaborator_pk: int):
    application = application_get_for_participant(user=request.user, pk=pk, need=OWNER)
    collaborator = get_object_or_404(
        ApplicationCollaborator.objects.select_related("user", "application"),
        pk=collaborator_pk,
        application_id=application.pk,
    )
    services.collaborator_remove(collaborator=collaborator, actor=request.user)
    messages.success(
        request, _("%(name)s no longer works on this application.") % {"name": collaborator.user.get_full_name()}
    )
    return redirect(_team_url(application.pk))


@rate_limit("signup")
@require_http_methods(["GET", "POST"])
def collaborator_invitation(request, token: str):
    """Accept an invitation to an application: as the invited address when signed in, else by creating its
    account here (the portal's sign-up with its consents), or by logging in first when the account exists. An
    expired, withdrawn or used link says so."""
    invitation = get_object_or_404(
        ApplicationInvitation.objects.select_related("application__call", "invited_by"), token=token
    )
    collaborator, context = invitation_respond(
        request,
        invitation,
        accept=services.collaborator_invitation_accept,
        accept_with_signup=services.collaborator_invitation_accept_with_signup,
    )
    if collaborator is not None:
        messages.success(
            request, _("You now work on this application as %(role)s.") % {"role": collaborator.get_role_display()}
        )
        return redirect("applications:detail", invitation.application_id)
    return render(request, "applications/applicant/invitation.html", context)
