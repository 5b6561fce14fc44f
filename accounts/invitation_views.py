"""The page of an invitation's link (accounts/invitations.py), shared by every kind: accept it signed in with
the invited address, or create that address's account there (the portal's sign-up with its consents)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.urls import reverse

from portal.exceptions import DomainError

from .forms import InvitationSignupForm
from .models import User


def invitation_respond(request, invitation, *, accept, accept_with_signup):
    """Answer the invitation page's request: on POST of an open invitation, `accept(invitation=, user=)` for the
    signed-in user, or `accept_with_signup(invitation=, name=, password=, phone=, preferred_language=, consents=,
    request=)` for a new account, which is then signed in. Returns (what the acceptance returned, or None; the
    page's context for templates/accounts/_invitation_accept.html); a refusal is a message on the page."""
    existing = User.objects.filter(email__iexact=invitation.email).exists()
    signup = None
    if not existing and not request.user.is_authenticated:
        signup = InvitationSignupForm(request.POST or None, email=invitation.email)
    result = None
    if request.method == "POST" and invitation.is_open:
        try:
            if request.user.is_authenticated:
                result = accept(invitation=invitation, user=request.user)
            elif signup is not None and signup.is_valid():
                data = signup.cleaned_data
                result = accept_with_signup(
                    invitation=invitation,
                    name=data["name"],
                    password=data["password1"],
                    phone=data["phone"],
                    preferred_language=data["preferred_language"],
                    consents=signup.consents(),
                    request=request,
                )
                login(request, result.user, backend=settings.AUTHENTICATION_BACKENDS[0])
        except DomainError as exc:
            messages.error(request, exc.message)
    context = {
        "invitation": invitation,
        "signup": signup,
        "account_exists": existing,
        "login_url": f"{reverse('accounts:login')}?next={request.path}",
    }
    return result, context
