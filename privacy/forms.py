"""Forms of privacy: a data subject's request (PIPA §35–§37)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import PhoneField

from .models import RightsKind


class RightsRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("What do you ask for?"), choices=RightsKind.choices, widget=forms.RadioSelect)
    name = forms.CharField(label=_("Your name"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("Your e-mail address"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send a link to this address; the request is filed when you open it, and answered there."),
    )
    phone = PhoneField(required=False, widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    details = forms.CharField(
        label=_("Your request"), max_length=2000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Which information (for example the application, the company or the exemption request it "
                    "concerns), and for a correction what is wrong and what is right."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user is not None and user.is_authenticated:
            # A signed-in person asks about their own account: the address is the account's, verified already.
            del self.fields["email"]
            if not self.is_bound:
                self.initial.update({"name": user.name, "phone": getattr(user, "phone", "")})
