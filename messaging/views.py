"""The messaging section of the account page (registered with accounts' profile) and its actions: verify a
mobile number by a code, choose the channel, give or withdraw the consent to advertising messages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.views import profile_page
from portal.validators import format_phone

from . import selectors, services
from .forms import ChannelForm, CodeForm, PhoneForm


def _back():
    return redirect(reverse("accounts:profile") + "#messaging")


def profile_section(request, bound: dict | None = None) -> str:
    """The section "KakaoTalk and text messages" of the user's account page; `bound`: the form its action
    refused, as submitted, with its errors."""
    bound = bound or {}
    profile = selectors.profile_for(user=request.user)
    pending = selectors.verification_pending(user=request.user)
    forms = {
        "phone_form": bound.get("phone_form") or PhoneForm(initial={"phone": request.user.phone}),
        "code_form": bound.get("code_form") or CodeForm(),
        "channel_form": bound.get("channel_form") or ChannelForm(initial={"channel": profile.channel}),
    }
    refused = next((form for form in forms.values() if form.is_bound and form.errors), None)
    return render_to_string("messaging/_profile_section.html", {
        "profile": profile, "phone": format_phone(profile.verified_phone),
        "pending": pending, "pending_phone": format_phone(pending.phone) if pending else "",
        "off": services.channel_off_reason(), **forms,
        "error_items": refused.error_summary() if refused else [],
    }, request=request)


def _run(request, form, action, *, name: str, field: str, success: str):
    """Apply `action` to a valid form and come back to the section (PRG); otherwise the account page again
    with the form as typed and the refusal beside `field`."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except services.MessagingRefused as error:
            form.add_error(error.field or field, error.message)
        else:
            messages.success(request, success)
            return _back()
    return profile_page(request, section=profile_section, bound={name: form})


@login_required
@require_POST
def phone_start(request):
    return _run(request, PhoneForm(request.POST),
                lambda data: services.phone_verification_start(user=request.user, phone=data["phone"]),
                name="phone_form", field="phone", success=_("A code was sent by text message. Enter it below."))


@login_required
@require_POST
def phone_confirm(request):
    return _run(request, CodeForm(request.POST),
                lambda data: services.phone_verification_confirm(user=request.user, code=data["code"]),
                name="code_form", field="code", success=_("Your mobile number is verified."))


@login_required
@require_POST
def phone_forget(request):
    services.phone_forget(user=request.user)
    messages.success(request, _("Your mobile number was removed. The portal writes to you by e-mail only."))
    return _back()


@login_required
@require_POST
def channel(request):
    return _run(request, ChannelForm(request.POST),
                lambda data: services.channel_set(user=request.user, channel=data["channel"]),
                name="channel_form", field="channel", success=_("Your choice was saved."))


@login_required
@require_POST
def ads_consent(request):
    given = bool(request.POST.get("give"))
    services.ads_consent_set(user=request.user, given=given)
    messages.success(request, _("Your consent was recorded.") if given else _("Your consent was withdrawn."))
    return _back()
