"""The admin's compose form of a group message: what each group needs is asked for beside its field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Audience, GroupMessage

# The fields each group is chosen by; the others are cleared.
AUDIENCE_FIELDS = {
    Audience.APPLICANTS: ("call", "application_status"),
    Audience.EVALUATORS: ("call", "stage"),
    Audience.TENANTS: ("members",),
    Audience.BUILDING: ("building", "members"),
}
REQUIRED = {
    "call": _("Choose the call."),
    "stage": _("Choose the stage."),
    "building": _("Choose the building."),
}
CLEARED = {"call": None, "application_status": "", "stage": None, "building": None}


class GroupMessageForm(forms.ModelForm):
    class Meta:
        model = GroupMessage
        fields = ["audience", "call", "application_status", "stage", "building", "members",
                  "subject_ko", "body_ko", "subject_en", "body_en", "advertising"]
        widgets = {"body_ko": forms.Textarea(attrs={"rows": 10}), "body_en": forms.Textarea(attrs={"rows": 10})}

    def clean(self):
        data = super().clean()
        audience = data.get("audience")
        if audience not in AUDIENCE_FIELDS:
            return data
        wanted = AUDIENCE_FIELDS[audience]
        for name, message in REQUIRED.items():
            if name in wanted and not data.get(name):
                self.add_error(name, message)
        for name, empty in CLEARED.items():
            if name not in wanted:
                data[name] = empty
        return data
