"""Forms of the messaging section of the account page: the number to verify, its code, the channel."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import PhoneField
from portal.forms import ErrorSummaryMixin

from .models import Channel
from .services import MOBILE, phone_normalise


class SectionForm(ErrorSummaryMixin, forms.Form):
    """A form of the account page's messaging section: its ids kept apart from the profile form's own."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_messaging_%s")
        super().__init__(*args, **kwargs)


class PhoneForm(SectionForm):
    phone = PhoneField(label=_("Mobile number"), help_text=_("For example 010-1234-5678."),
                       widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"]
        if not MOBILE.match(phone_normalise(phone)):
            raise forms.ValidationError(_("Enter a Korean mobile number, e.g. 010-1234-5678."), code="phone")
        return phone


class CodeForm(SectionForm):
    code = forms.RegexField(
        label=_("Verification code"), regex=r"^\s*\d{6}\s*$", max_length=12,
        error_messages={"invalid": _("Enter the 6 digits of the code.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))


class ChannelForm(SectionForm):
    channel = forms.ChoiceField(label=_("How the portal reaches you"), choices=Channel.choices,
                                widget=forms.RadioSelect)
