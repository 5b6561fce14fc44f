"""Forms of GPU support: the grantee's usage report, and the admin's allocation, adjustment and import forms."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.exceptions import DomainError
from portal.formatting import format_month
from portal.forms import ErrorSummaryMixin

from . import services
from .models import Allocation, month_first


def month_choices(allocation: Allocation, *, today=None) -> list[tuple[str, str]]:
    """The term's months up to this one, the latest first."""
    current = month_first(today or timezone.localdate())
    return [(f"{month:%Y-%m}", format_month(month)) for month in reversed(allocation.months) if month <= current]


def field_error_add(form: forms.Form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


class UsageReportForm(ErrorSummaryMixin, forms.Form):
    month = forms.ChoiceField(label=_("Month"), error_messages={"required": _("Choose the month.")})
    hours = forms.DecimalField(
        label=_("GPU-hours used"), max_digits=9, decimal_places=2, min_value=Decimal("0.01"),
        help_text=_("The hours used since your last report for that month; they are added to it."),
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )

    def __init__(self, *args, allocation: Allocation, **kwargs):
        super().__init__(*args, **kwargs)
        self.allocation = allocation
        self.fields["month"].choices = month_choices(allocation)

    def clean_month(self):
        year, month = self.cleaned_data["month"].split("-")
        return dt.date(int(year), int(month), 1)

    def clean(self):
        data = super().clean()
        if data.get("month") and data.get("hours") is not None:
            try:
                services.usage_check(allocation=self.allocation, month=data["month"], hours=data["hours"])
            except DomainError as error:
                field_error_add(self, error)
        return data
