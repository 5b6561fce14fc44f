"""Forms of accounts: sign-up with consents, login with lockout, profile, password reset, deletion."""

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.validators import normalize_korean_phone

from .consents import CONSENT_TEXTS
from .models import ConsentPurpose, User
from .throttle import account_limit_message, client_ip, lockout_message, login_account_wait, login_lock_remaining


class PhoneField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("label", _("Phone"))
        kwargs.setdefault("help_text", _("For example 010-1234-5678 or 02-123-4567."))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return normalize_korean_phone(value) if value else ""


class SignupForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    name = forms.CharField(label=_("Name"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = PhoneField(required=False, widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)
    password1 = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    consent_personal_data = forms.BooleanField(
        label=_("I agree to the collection and use of my personal data as described above."),
        error_messages={"required": _("Without this consent we cannot create an account. Please tick the box.")},
    )
    consent_news = forms.BooleanField(
        label=_("I would like to receive news of calls and programmes by e-mail."), required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("preferred_language", (get_language() or "ko")[:2])

    @property
    def consent_texts(self):
        return [
            (CONSENT_TEXTS[ConsentPurpose.PERSONAL_DATA], self["consent_personal_data"]),
            (CONSENT_TEXTS[ConsentPurpose.NEWS], self["consent_news"]),
        ]

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ. Type the same password twice."))
        elif password1:
            probe = User(email=cleaned.get("email", ""), name=cleaned.get("name", ""))
            try:
                password_validation.validate_password(password1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def consents(self) -> list[str]:
        given = [ConsentPurpose.PERSONAL_DATA.value] if self.cleaned_data.get("consent_personal_data") else []
        if self.cleaned_data.get("consent_news"):
            given.append(ConsentPurpose.NEWS.value)
        return given


class InvitationFormBase(forms.Form):
    """Who to invite (accounts/invitations.py) and, for an address without an account, the e-mail's language;
    each kind of invitation adds its role."""

    email = forms.EmailField(label=_("E-mail address"))
    language = forms.ChoiceField(
        label=_("Language of the e-mail"), choices=settings.LANGUAGES, required=False,
        help_text=_("Someone who already has an account gets it in the language of their account."),
    )

    def __init__(self, *args, language: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = language or settings.LANGUAGE_CODE

    def clean_language(self):
        return self.cleaned_data["language"] or self.fields["language"].initial


class InvitationSignupForm(SignupForm):
    """The portal's sign-up (name, phone, language, password, consents) for the invited address: the
    e-mail comes from the invitation, whose link proves the address."""

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["email"]
        self.invited_email = email

    def clean(self):
        self.cleaned_data["email"] = self.invited_email
        return super().clean()


class LoginForm(AuthenticationForm):
    """E-mail and password, refused during a lockout of this account from this address."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The e-mail address or the password is not correct."),
        "unverified": _("Your e-mail address is not verified yet. Open the link we sent you, or ask for a "
                        "new one below."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("E-mail address")
        self.fields["username"].widget.attrs.update({"autocomplete": "email", "type": "email"})
        self.unverified = False

    def clean(self):
        email = (self.cleaned_data.get("username") or "").strip().lower()
        self.cleaned_data["username"] = email
        ip = client_ip(self.request)
        try:
            return super().clean()
        except forms.ValidationError as error:
            # Say why when the account (or this account from this address) is refused for a while.
            if error.code == "invalid_login" and email:
                remaining = login_lock_remaining(email=email, ip=ip)
                if remaining:
                    raise forms.ValidationError(lockout_message(remaining), code="locked") from None
                wait = login_account_wait(email=email)
                if wait:
                    raise forms.ValidationError(account_limit_message(wait), code="account_limit") from None
            raise

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if user.email_verified_at is None:
            self.unverified = True
            raise forms.ValidationError(self.error_messages["unverified"], code="unverified")


class EmailForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class PortalPasswordResetForm(PasswordResetForm):
    """Django's reset form; `get_users` is whom a reset link may go to (accounts.notifications sends it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")

    def get_users(self, email):
        return [u for u in super().get_users(email) if u.anonymised_at is None]


class ProfileForm(forms.ModelForm):
    phone = PhoneField(required=False)

    class Meta:
        model = User
        fields = ["name", "phone", "preferred_language"]
        labels = {"name": _("Name"), "preferred_language": _("Preferred language")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account is deleted and cannot be restored."),
        error_messages={"required": _("Tick the box to confirm.")},
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."), code="password_incorrect")
        return password


class OTPTokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"), max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}),
        help_text=_("Six digits; a new code appears every 30 seconds."),
    )

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split())
        if not token.isdigit():
            raise forms.ValidationError(_("Enter the digits shown by your authenticator app."), code="invalid")
        return token
