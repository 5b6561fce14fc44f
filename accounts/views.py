"""Account pages: sign-up with consent and e-mail verification, login, password reset and change,
profile, language switch, download of one's data and deletion of one's account."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language
from django_otp import devices_for_user

from portal.exceptions import DomainError
from portal.queue import enqueue_on_commit

from .consents import CONSENT_TEXTS
from .forms import DeleteAccountForm, EmailForm, LoginForm, PortalPasswordResetForm, ProfileForm, SignupForm
from .middleware import two_factor_required_for
from .models import SecurityEventKind, User
from .notifications import (
    account_notify_password_changed,
    account_notify_signup_existing,
    account_notify_verify_email,
)
from .roles import role_home_url
from .services import (
    consent_record_give,
    consent_record_withdraw,
    security_event_record,
    user_anonymise,
    user_export_data,
    user_find_by_email,
    user_set_language,
    user_signup,
    user_update_profile,
    user_verify_email,
)
from .tasks import password_reset_send_task
from .throttle import login_door, rate_limit, secret_failure_register
from .tokens import email_verification_token


def _set_language_cookie(response, language: str):
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@require_POST
def set_language(request):
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        user_set_language(user=request.user, language=language)
    return response


# ---- sign-up and verification ----------------------------------------------------------------

@rate_limit("signup")
def signup(request):
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            user, created = user_signup(
                email=data["email"], password=data["password1"], name=data["name"], phone=data["phone"],
                preferred_language=data["preferred_language"], consents=form.consents(), request=request,
            )
            if created or user.email_verified_at is None:
                if user.is_active and user.anonymised_at is None:
                    account_notify_verify_email(user=user)
            else:
                account_notify_signup_existing(user=user)
        # The same answer whether or not the address already had an account.
        return redirect("accounts:check_email")
    return render(request, "accounts/signup.html", {"form": form})


def check_email(request):
    return render(request, "accounts/check_email.html")


def verify_email(request, uidb64, token):
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError, User.DoesNotExist):
        user = None
    if user is not None and user.is_active and email_verification_token.check_token(user, token):
        user_verify_email(user=user, request=request)
        messages.success(request, _("Your e-mail address is verified. You can now log in."))
        return redirect("accounts:login")
    if user is not None and user.is_active and user.email_verified_at is not None:
        messages.info(request, _("Your e-mail address was already verified. You can log in."))
        return redirect("accounts:login")
    return render(request, "accounts/verify_invalid.html", {"form": EmailForm()}, status=400)


@rate_limit("signup")
def resend_verification(request):
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = user_find_by_email(email=form.cleaned_data["email"])
        if user is not None and user.is_active and user.email_verified_at is None:
            with transaction.atomic():
                account_notify_verify_email(user=user)
        return redirect("accounts:check_email")
    return render(request, "accounts/resend_verification.html", {"form": form})


# ---- login, logout, passwords ----------------------------------------------------------------

class LoginView(auth_views.LoginView):
    """The portal's login; its limits are those of every login door (accounts.backends, accounts.throttle)."""

    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_redirect_url(self):
        url = super().get_redirect_url()
        return "" if url == self.request.path else url  # never loop back to the login page

    def get_default_redirect_url(self):
        # Without a `next` address each role lands where its work is.
        return role_home_url(self.request.user)


class LogoutView(auth_views.LogoutView):
    pass


@method_decorator(rate_limit("password_reset"), name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    form_class = PortalPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        # The same work whether or not the address has an account: the lookup and the e-mail happen in
        # password_reset_send_task, after the response.
        with transaction.atomic():
            event = security_event_record(kind=SecurityEventKind.PASSWORD_RESET_REQUESTED, request=self.request,
                                          email=form.cleaned_data["email"])
            enqueue_on_commit(password_reset_send_task, event_id=event.id)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            user = form.user
            # The link reached the mailbox: the address is proven, too.
            user_verify_email(user=user, request=self.request)
            security_event_record(kind=SecurityEventKind.PASSWORD_CHANGED, request=self.request, user=user,
                                  details={"via": "reset"})
            account_notify_password_changed(user=user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@method_decorator(login_door, name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_invalid(self, form):
        if form.has_error("old_password", "password_incorrect"):
            secret_failure_register(self.request)
        return super().form_invalid(form)

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            security_event_record(kind=SecurityEventKind.PASSWORD_CHANGED, request=self.request,
                                  user=self.request.user, details={"via": "change"})
            account_notify_password_changed(user=self.request.user)
        messages.success(self.request, _("Your password was changed."))
        return response


# ---- profile and personal data ---------------------------------------------------------------

# Sections that apps above accounts add to the profile page (messaging's channel choice and phone number):
# a function (request, bound) -> HTML, registered with `profile_section_register` from the app's ready().
# `bound` holds the section's own forms as the user submitted them when its action refused them (else empty).
_profile_sections: list = []


def profile_section_register(render_section) -> None:
    if render_section not in _profile_sections:
        _profile_sections.append(render_section)


def profile_page(request, *, form=None, section=None, bound: dict | None = None):
    """The profile page. A section's action that refuses its input answers this page again (200, no
    redirect) with `section` and its `bound` forms, so the errors stand beside their fields and nothing
    typed is lost."""
    form = form or ProfileForm(instance=request.user)
    standing = set(request.user.consents.filter(withdrawn_at__isnull=True).values_list("purpose", flat=True))
    optional = [(text, text.purpose in standing) for text in CONSENT_TEXTS.values() if not text.required]
    return render(request, "accounts/profile.html", {
        "form": form, "consents": request.user.consents.all(), "optional_consents": optional,
        "two_factor_required": two_factor_required_for(request.user),
        "has_two_factor": any(devices_for_user(request.user, confirmed=True)),
        # rendered templates (safe strings)
        "sections": [render_section(request, bound if render_section is section else None)
                     for render_section in _profile_sections],
    })


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = User.objects.get(pk=request.user.pk)
        changed = user_update_profile(
            user=user, name=data["name"], phone=data["phone"], preferred_language=data["preferred_language"]
        )
        response = redirect("accounts:profile")
        if "preferred_language" in changed:
            translation.activate(user.preferred_language)
            _set_language_cookie(response, user.preferred_language)
        messages.success(request, _("Your profile was saved."))
        return response
    if request.method == "POST":
        request.user.refresh_from_db()
    return profile_page(request, form=form)


@login_required
@require_POST
def consent_change(request, purpose):
    if purpose not in CONSENT_TEXTS:
        raise Http404
    try:
        if request.POST.get("give"):
            consent_record_give(user=request.user, purpose=purpose)
            messages.success(request, _("Your consent was recorded."))
        else:
            consent_record_withdraw(user=request.user, purpose=purpose)
            messages.success(request, _("Your consent was withdrawn."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("accounts:profile")


@login_required
def my_data(request):
    data = user_export_data(user=request.user)
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.json"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@login_door
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.has_error("password", "password_incorrect"):
        secret_failure_register(request)
    if request.method == "POST" and form.is_valid():
        user = request.user
        user_anonymise(user=user, request=request)
        logout(request)
        messages.success(request, _("Your account was deleted."))
        return redirect(reverse("portal:home"))
    return render(request, "accounts/delete_account.html", {"form": form})
