"""Data subjects' requests (PIPA §35–§37): the form, for a signed-in user and for anyone (filed once the
address is verified through a link e-mailed to it), the link's page and a signed-in user's list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.throttle import rate_limit

from .forms import RightsRequestForm
from .models import RightsKind
from .notifications import rights_link_send, rights_request_notify_received
from .rights import (
    rights_link_read,
    rights_request_file,
    rights_request_file_from_link,
    rights_request_for_link,
    rights_request_list_for_user,
)
from .workflow import RIGHTS_WORKFLOW


def _language() -> str:
    return "en" if get_language() == "en" else "ko"


@rate_limit("rights_request")
def rights_request_new(request):
    user = request.user if request.user.is_authenticated else None
    form = RightsRequestForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "language": _language()}
        if user is not None and user.email_verified_at:
            filed = rights_request_file(**data, email=user.email, user=user, verified_at=user.email_verified_at)
            rights_request_notify_received(request=filed)
            messages.success(request, _("Your request is received. We answer it by %(due)s.") % {
                "due": filed.due_on.strftime("%Y-%m-%d")})
            return redirect("privacy:rights_list")
        if user is not None:
            data["email"] = user.email
        rights_link_send(data=data)
        return render(request, "privacy/rights_sent.html", {"email": data["email"]})
    return render(request, "privacy/rights_form.html", {"form": form})


def rights_confirm(request, token: str):
    """The verification link: GET shows what will be filed, POST files it (a mail scanner opening the link
    files nothing); the same link files one request, however often it is opened."""
    filed = rights_request_for_link(token)
    data = None if filed else rights_link_read(token)
    if request.method == "POST" and filed is None and data is not None:
        user = request.user if request.user.is_authenticated and request.user.email.lower() == data["email"].lower() \
            else None
        filed, created = rights_request_file_from_link(token=token, user=user)
        if created:
            rights_request_notify_received(request=filed)
    return render(request, "privacy/rights_confirm.html", {
        "filed": filed, "data": data, "kind": RightsKind(data["kind"]).label if data else "",
        "status": RIGHTS_WORKFLOW.state(filed.status) if filed else None,
    })


@login_required
def rights_list(request):
    requests = rights_request_list_for_user(user=request.user)
    return render(request, "privacy/rights_list.html", {
        "requests": [(item, RIGHTS_WORKFLOW.state(item.status)) for item in requests]})
