"""Two-factor authentication pages (TOTP with django-otp): set up an authenticator app, enter a code.

An app is set up only through a link e-mailed to the account's address and opened by the same account
while logged in: the password alone never reaches the QR code. The link works once (see
`accounts.tokens.TwoFactorLinkTokenGenerator`); opening it lets this session set up the pending device.
"""

import base64
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import OTPTokenForm
from .models import SecurityEventKind
from .notifications import account_notify_two_factor_link
from .services import security_event_record, two_factor_link_open
from .throttle import login_door, rate_limit, secret_failure_register

# The pending device this session may set up, once its owner opened the e-mailed link here.
SETUP_SESSION_KEY = "otp_setup_device"
# The account whose set-up link this session already sent (one automatic e-mail per login).
LINK_SENT_SESSION_KEY = "otp_setup_link_sent"
# Where to go once the app is set up (the page that asked for the code).
NEXT_SESSION_KEY = "otp_setup_next"


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


def masked_address(email: str) -> str:
    """The address with most of its local part hidden: `k•••@district.go.kr`."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}" if domain else "•••"


def _verify_url(request) -> str:
    return f"{reverse('accounts:otp_verify')}?{urlencode({'next': _next(request)})}"


def _granted_device(request):
    """The pending device whose link was opened in this session by its owner, if any."""
    grant = request.session.get(SETUP_SESSION_KEY)
    if not grant or grant.get("user") != request.user.pk:
        return None
    return TOTPDevice.objects.filter(pk=grant.get("device"), user=request.user, confirmed=False).first()


def _send_link(request) -> bool:
    with transaction.atomic():
        sent = account_notify_two_factor_link(user=request.user)
    if sent:
        request.session[LINK_SENT_SESSION_KEY] = request.user.pk
    return sent


def _link_sent_page(request):
    """What a not-yet-enrolled account sees instead of the QR code: a set-up link went to its address."""
    if "next" in request.GET:
        request.session[NEXT_SESSION_KEY] = _next(request)
    sent = True
    if request.session.get(LINK_SENT_SESSION_KEY) != request.user.pk:
        sent = _send_link(request)
    return render(request, "accounts/otp_link_sent.html", {
        "address": masked_address(request.user.email), "sent": sent,
        "minutes": max(1, settings.PORTAL_TWO_FACTOR_LINK_TIMEOUT // 60),
    })


def _qr_svg(data: str) -> str:
    """The QR code as an SVG element to embed in the page (large enough for a phone camera)."""
    import segno  # imported where used: the QR code library stays out of processes that draw none

    return segno.make(data, error="m").svg_inline(scale=5, border=2)


@login_required
@login_door
def otp_setup(request):
    """Add a TOTP device: show its key as a QR code and as text, confirm it with a first code. Without an
    opened set-up link, the page says where the link was sent."""
    if any(devices_for_user(request.user, confirmed=True)):
        return redirect(_verify_url(request))
    device = _granted_device(request)
    if device is None:
        return _link_sent_page(request)
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
                for key in (SETUP_SESSION_KEY, LINK_SENT_SESSION_KEY, NEXT_SESSION_KEY):
                    request.session.pop(key, None)
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
@require_POST
@rate_limit("two_factor_link")
def otp_setup_send(request):
    """Send a new set-up link (it spends the one sent before)."""
    if any(devices_for_user(request.user, confirmed=True)):
        return redirect(_verify_url(request))
    if _send_link(request):
        messages.success(request, _("A new link was sent to %(address)s.")
                         % {"address": masked_address(request.user.email)})
    else:
        messages.error(request, _("Too many e-mails were sent to your address in the last hour. "
                                  "Use the newest link you received, or try again later."))
    return redirect("accounts:otp_setup")


def otp_setup_link(request, uidb64, token):
    """The e-mailed link: opens the set-up for the account it was sent to, logged in, once."""
    if not request.user.is_authenticated:
        messages.info(request, _("Log in with the account the link was sent to; the set-up then opens."))
        return redirect_to_login(request.get_full_path())
    try:
        owner_id = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        owner_id = None
    if owner_id != request.user.pk:
        security_event_record(kind=SecurityEventKind.PERMISSION_DENIED, request=request, user=request.user,
                              details={"path": request.path[:500], "method": request.method,
                                       "reason": "two-factor set-up link of another account"})
        return render(request, "accounts/otp_link_invalid.html", {"other_account": True}, status=403)
    if any(devices_for_user(request.user, confirmed=True)):
        messages.info(request, _("Two-factor authentication is already set up for your account."))
        return redirect(_verify_url(request))
    device = two_factor_link_open(user=request.user, token=token)
    if device is None:
        return render(request, "accounts/otp_link_invalid.html", {"other_account": False}, status=400)
    request.session[SETUP_SESSION_KEY] = {"user": request.user.pk, "device": device.pk}
    target = request.session.get(NEXT_SESSION_KEY, "/")
    return redirect(f"{reverse('accounts:otp_setup')}?{urlencode({'next': target})}")


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
