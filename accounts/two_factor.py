"""Two-factor authentication pages (TOTP with django-otp): set up an authenticator app, enter a code."""

import base64
from urllib.parse import urlencode

import segno
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import OTPTokenForm
from .models import SecurityEventKind
from .services import security_event_record
from .throttle import login_door, secret_failure_register


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


def _refusal(device) -> str:
    allowed, _info = device.verify_is_allowed()
    if not allowed:
        return _("Too many wrong codes. Wait a moment and try again with a new code.")
    return _("This code is not correct. Check the time of your phone and try the new code.")


def _qr_svg(data: str) -> str:
    """The QR code as an SVG element to embed in the page (large enough for a phone camera)."""
    return segno.make(data, error="m").svg_inline(scale=5, border=2)


@login_required
@login_door
def otp_setup(request):
    """Add a TOTP device: show its key as a QR code and as text, confirm it with a first code."""
    if any(devices_for_user(request.user, confirmed=True)):
        return redirect(f"{reverse('accounts:otp_verify')}?{urlencode({'next': _next(request)})}")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name=_("Authenticator app"), confirmed=False)
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
            refusal = _refusal(device)
            if device.verify_token(form.cleaned_data["token"]):
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                otp_login(request, device)
                security_event_record(kind=SecurityEventKind.TWO_FACTOR_ENABLED, request=request,
                                      user=request.user)
                return redirect(_next(request))
        secret_failure_register(request)
        form.add_error("token", refusal)
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    context = {
        "form": form, "key": " ".join(key[i:i + 4] for i in range(0, len(key), 4)),
        "qr": mark_safe(_qr_svg(device.config_url)),  # noqa: S308 (SVG produced by the QR library)
        "next": _next(request),
    }
    return render(request, "accounts/otp_setup.html", context)


@login_required
@login_door
def otp_verify(request):
    """Enter a code of a confirmed device to finish logging in."""
    if request.user.is_verified():
        return redirect(_next(request))
    devices = list(devices_for_user(request.user, confirmed=True))
    if not devices:
        return redirect(f"{reverse('accounts:otp_setup')}?{urlencode({'next': _next(request)})}")
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        refusal = ""
        for device in devices:
            with transaction.atomic():
                device = type(device).objects.select_for_update().get(pk=device.pk)
                refusal = refusal or _refusal(device)
                if device.verify_token(form.cleaned_data["token"]):
                    otp_login(request, device)
                    return redirect(_next(request))
        security_event_record(kind=SecurityEventKind.LOGIN_FAILED, request=request, user=request.user,
                              details={"step": "one-time code"})
        secret_failure_register(request)
        form.add_error("token", refusal)
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next(request)})
