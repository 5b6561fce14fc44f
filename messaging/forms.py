"""Forms of the messaging section of the account page: the number to verify, its code, the channel."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import PhoneField

from .models import Channel


class PhoneForm(forms.Form):
    phone = PhoneField(label=_("Mobile number"), help_text=_("For example 010-1234-5678."),
                       widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Verification code"), regex=r"^\s*\d{6}\s*$", max_length=12,
        error_messages={"invalid": _("Enter the 6 digits of the code.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))


class ChannelForm(forms.Form):
    channel = forms.ChoiceField(label=_("How the portal reaches you"), choices=Channel.choices,
                                widget=forms.RadioSelect)
