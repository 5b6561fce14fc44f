"""Forms of the tenant's company space: profile, invitations, relocation proof, bookings, indicators."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.forms import InvitationFormBase
from portal.params import DATE_BOUNDS
from portal.uploads import validate_upload
from portal.validators import format_phone
from premises.models import MeetingRoom

from .models import AIField, Company, LeaseRenewal, PerformanceReport, TeamRole
from .services.companies import PROFILE_FIELDS

MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_PROOF_BYTES = 10 * 1024 * 1024


class CompanyProfileForm(forms.ModelForm):
    logo = forms.ImageField(
        label=capfirst(_("logo")), required=False, help_text=_("PNG or JPG, up to 2 MB."),
        validators=[validate_upload(allowed_formats=["png", "jpeg"], max_bytes=MAX_LOGO_BYTES)],
        widget=forms.ClearableFileInput,
    )
    website = forms.URLField(label=capfirst(_("website")), required=False, assume_scheme="https")
    hiring_url = forms.URLField(label=capfirst(_("hiring page")), required=False, assume_scheme="https")

    class Meta:
        model = Company
        fields = PROFILE_FIELDS
        widgets = {
            "description_ko": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A tax invoice names the recipient's representative and is sent to this e-mail.
        for name in ("representative", "tax_invoice_email"):
            self.fields[name].required = True

    def clean_phone(self):
        return format_phone(self.cleaned_data["phone"])


class InvitationForm(InvitationFormBase):
    role = forms.ChoiceField(label=_("Role"), choices=TeamRole.choices, initial=TeamRole.MEMBER)
    field_order = ["email", "role", "language"]

    def __init__(self, *args, acting_role: str = TeamRole.MEMBER, **kwargs):
        super().__init__(*args, **kwargs)
        if acting_role != TeamRole.OWNER:
            self.fields["role"].choices = [c for c in TeamRole.choices if c[0] != TeamRole.OWNER]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=TeamRole.choices)


class RelocationProofForm(forms.Form):
    certificate = forms.FileField(
        label=_("New business registration certificate"),
        help_text=_("PDF, JPG or PNG, up to 10 MB, showing the center's address as the head office."),
        validators=[validate_upload(allowed_formats=["pdf", "jpeg", "png"], max_bytes=MAX_PROOF_BYTES)],
    )


class RenewalRequestForm(forms.ModelForm):
    class Meta:
        model = LeaseRenewal
        fields = ["term_months", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


def slot_choices(opens: dt.time = dt.time(0, 0), closes: dt.time | None = None) -> list[tuple[str, str]]:
    """Start times of the 30-minute slots between opening and closing (midnight when not given)."""
    day = dt.date(2000, 1, 3)
    start = dt.datetime.combine(day, opens)
    end = dt.datetime.combine(day, closes) if closes else dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0))
    choices = []
    while start + dt.timedelta(minutes=30) <= end:
        choices.append((f"{start:%H:%M}", f"{start:%H:%M}"))
        start += dt.timedelta(minutes=30)
    return choices


def duration_choices() -> list[tuple[int, str]]:
    """One to eight 30-minute slots, labelled in the language of the request (not of the import)."""
    return [(n, _("%(hours)s h") % {"hours": f"{n / 2:g}"}) for n in range(1, 9)]


class BookingForm(forms.Form):
    room = forms.ModelChoiceField(label=_("Room"), queryset=MeetingRoom.objects.none())
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}), validators=DATE_BOUNDS)
    start = forms.ChoiceField(label=_("From"), choices=slot_choices)
    duration = forms.TypedChoiceField(
        label=_("Length"), coerce=int, initial=2,
        choices=duration_choices,
    )
    purpose = forms.CharField(label=_("Purpose (optional)"), max_length=200, required=False)

    def __init__(self, *args, rooms=None, opens: dt.time | None = None, closes: dt.time | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms if rooms is not None else MeetingRoom.objects.filter(is_bookable=True)
        if opens is not None:
            self.fields["start"].choices = slot_choices(opens, closes)

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("start") and data.get("duration"):
            hour, minute = (int(x) for x in data["start"].split(":"))
            starts = timezone.make_aware(dt.datetime.combine(data["date"], dt.time(hour, minute)))
            data["starts_at"] = starts
            data["ends_at"] = starts + dt.timedelta(minutes=30 * data["duration"])
        return data


class PerformanceReportForm(forms.ModelForm):
    class Meta:
        model = PerformanceReport
        fields = ["year", "half", "employees", "foreign_employees", "revenue", "investment",
                  "patents_filed", "patents_granted"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revenue"].help_text = _("In won, for the half-year.")
        self.fields["investment"].help_text = _("In won, attracted during the half-year.")

    def clean(self):
        data = super().clean()
        if (data.get("foreign_employees") or 0) > (data.get("employees") or 0):
            self.add_error("foreign_employees", _("Foreign employees cannot outnumber all employees."))
        return data

    def validate_unique(self):
        """The service updates the half-year's report if there is one already."""


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Company name"), required=False, max_length=100)
    ai_field = forms.ChoiceField(label=_("AI field"), required=False, choices=[("", _("All fields")), *AIField.choices])
