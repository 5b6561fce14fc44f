"""Forms of the applicant's application: one per step, documents, messages; messages beside the fields."""

from __future__ import annotations

import re

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import InvitationFormBase
from portal.formatting import format_area
from portal.forms import ErrorSummaryMixin
from portal.validators import (
    format_business_registration_number,
    format_corporate_registration_number,
    format_phone,
    only_digits,
    validate_business_registration_number,
    validate_corporate_registration_number,
    validate_phone,
)
from premises.models import UnitType

from .consents import TRUTH_DECLARATION
from .models import AIField, Application, CollaboratorRole
from .selectors import (
    STEP_FIELDS,
    application_duplicate_company_exists,
    application_field_is_editable,
    application_required_fields,
    company_age_limit_date,
)

MAX_WON = 10**15  # a thousand trillion won: far above any startup's figures, well inside the column


class WonField(forms.Field):
    """An amount in whole won: accepts "1,200,000", "1200000", "1 200 000원"; refuses negatives and decimals."""

    default_error_messages = {
        "negative": _("Enter an amount of zero or more."),
        "decimal": _("Enter whole won, without decimals (for example 1,200,000)."),
        "invalid": _("Enter an amount in won using digits only, for example 1,200,000."),
        "too_large": _("This amount is too large."),
    }

    widget = forms.TextInput

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "maxlength": "30"})

    def prepare_value(self, value):
        if isinstance(value, int):
            return f"{value:,}"
        return value

    def to_python(self, value):
        if value in self.empty_values or not str(value).strip():
            return None
        if len(str(value)) > 30:
            raise ValidationError(self.error_messages["too_large"], code="too_large")
        text = re.sub(r"[\s,₩원]", "", str(value)).replace("KRW", "").replace("krw", "")
        if text.startswith("-") or text.startswith("−"):
            raise ValidationError(self.error_messages["negative"], code="negative")
        if re.fullmatch(r"\d+[.]\d*", text):
            raise ValidationError(self.error_messages["decimal"], code="decimal")
        if not re.fullmatch(r"\d+", text):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        amount = int(text)
        if amount > MAX_WON:
            raise ValidationError(self.error_messages["too_large"], code="too_large")
        return amount


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class StepForm(ErrorSummaryMixin, forms.ModelForm):
    """A step of the application: saves what is valid even when other fields have errors.

    Fields the applicant may not change now (after a request for information, all but the reopened
    ones) are disabled.
    """

    step = ""

    def __init__(self, *args, application: Application, **kwargs):
        self.application = application
        self.call = application.call
        super().__init__(*args, instance=application, **kwargs)
        required = set(application_required_fields(call=self.call))
        for name, field in self.fields.items():
            # Required fields are marked but an empty one does not block saving the others.
            field.required = False
            if name in required:
                field.label = f"{field.label} *" if not str(field.label).endswith("*") else field.label
                field.widget.attrs["aria-required"] = "true"
            if not application_field_is_editable(application=application, key=name):
                field.disabled = True
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def _post_clean(self):
        """Validation lives in the form's clean methods; the model instance is not touched here."""

    def valid_changes(self) -> dict:
        """The values of the fields that passed validation and may be changed."""
        return {
            name: self.cleaned_data[name]
            for name in self.fields
            if name in self.cleaned_data and name not in self.errors and not self.fields[name].disabled
        }


class CompanyForm(StepForm):
    step = "company"
    business_registration_number = forms.CharField(
        label=_("Business registration number"), max_length=20,
        help_text=_("10 digits, for example 123-45-67890."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    corporate_registration_number = forms.CharField(
        label=_("Corporate registration number"), max_length=20,
        help_text=_("Optional. 13 digits, for example 110111-1234567."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    website = forms.URLField(label=_("Website"), max_length=200, assume_scheme="https")
    founded_on = forms.DateField(label=_("Founding date"), widget=DateInput())

    class Meta:
        model = Application
        fields = STEP_FIELDS["company"]
        labels = {
            "company_name_ko": _("Company name (Korean)"),
            "company_name_en": _("Company name (English)"),
            "ceo_name": _("CEO"),
            "head_office_address": _("Head-office address"),
            "ai_field": _("AI field"),
        }
        help_texts = {"head_office_address": _("Road-name address (도로명주소).")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["business_registration_number"] = format_business_registration_number(
            self.instance.business_registration_number
        )
        self.initial["corporate_registration_number"] = format_corporate_registration_number(
            self.instance.corporate_registration_number
        )
        self.fields["ai_field"].choices = [("", "---------"), *AIField.choices]
        limit = company_age_limit_date(call=self.call)
        if limit:
            self.fields["founded_on"].help_text = _(
                "This call accepts companies founded on or after %(date)s."
            ) % {"date": limit.isoformat()}

    def clean_business_registration_number(self):
        value = self.cleaned_data["business_registration_number"]
        if not value:
            return ""
        validate_business_registration_number(value)
        digits = only_digits(value)
        if application_duplicate_company_exists(application=self.application, business_registration_number=digits):
            raise ValidationError(
                _("Another application with this business registration number has already been submitted "
                  "to this call. If this is your company, please contact the district office."),
                code="duplicate",
            )
        return digits

    def clean_corporate_registration_number(self):
        value = self.cleaned_data["corporate_registration_number"]
        if not value:
            return ""
        validate_corporate_registration_number(value)
        return only_digits(value)

    def clean_founded_on(self):
        value = self.cleaned_data["founded_on"]
        if value is None:
            return None
        if value > timezone.localdate():
            raise ValidationError(_("The founding date cannot be in the future."), code="future")
        limit = company_age_limit_date(call=self.call)
        if limit and value < limit:
            raise ValidationError(
                _("This call accepts companies founded at most %(years)s years ago (on or after %(date)s).")
                % {"years": self.call.max_company_age_years, "date": limit.isoformat()},
                code="too_old",
            )
        return value


class TeamForm(StepForm):
    step = "team"
    headcount = forms.IntegerField(label=_("Full-time headcount"), min_value=0, max_value=32767)
    foreign_employees = forms.IntegerField(label=_("Foreign employees"), min_value=0, max_value=32767)
    desired_move_in = forms.DateField(label=_("Desired move-in date"), widget=DateInput())

    class Meta:
        model = Application
        fields = STEP_FIELDS["team"]
        labels = {
            "desired_unit_type": _("Desired unit type"),
            "relocation_commitment": _("We commit to moving our head office into the center."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["headcount"].help_text = _("This call accepts companies of %(min)s to %(max)s people.") % {
            "min": self.call.headcount_min, "max": self.call.headcount_max,
        }
        offered = UnitType.objects.filter(units__calls=self.call).distinct()
        unit_types = offered if offered.exists() else UnitType.objects.all()
        self.fields["desired_unit_type"].queryset = unit_types.order_by("area_pyeong")
        self.fields["desired_unit_type"].label_from_instance = lambda t: _(
            "%(code)s pyeong (%(area)s, %(seats_min)s–%(seats_max)s seats)"
        ) % {"code": t.code, "area": format_area(t.area_m2), "seats_min": t.seats_min, "seats_max": t.seats_max}
        if self.call.relocation_required:
            self.fields["relocation_commitment"].help_text = _(
                "Required by this call: the head office moves into the center within a month of moving in."
            )

    def clean_headcount(self):
        value = self.cleaned_data["headcount"]
        if value is not None and not (self.call.headcount_min <= value <= self.call.headcount_max):
            raise ValidationError(
                _("This call accepts companies of %(min)s to %(max)s full-time employees.")
                % {"min": self.call.headcount_min, "max": self.call.headcount_max},
                code="range",
            )
        return value

    def clean_desired_move_in(self):
        value = self.cleaned_data["desired_move_in"]
        if value is not None and value < timezone.localdate():
            raise ValidationError(_("The desired move-in date cannot be in the past."), code="past")
        return value

    def clean(self):
        cleaned = super().clean()
        headcount, foreign = cleaned.get("headcount"), cleaned.get("foreign_employees")
        if headcount is None and "headcount" in self.errors:
            headcount = self.instance.headcount  # the saved one stays while the typed one is refused
        if headcount is not None and foreign is not None and foreign > headcount:
            self.add_error("foreign_employees", _("Foreign employees cannot outnumber the full-time headcount."))
        if (
            self.call.relocation_required
            and "relocation_commitment" in self.fields
            and not self.fields["relocation_commitment"].disabled
            and self.is_bound
            and not cleaned.get("relocation_commitment")
        ):
            self.add_error("relocation_commitment", ValidationError(
                _("This call requires moving the head office into the center. Tick the box to commit."),
                code="required",
            ))
        return cleaned

    def valid_changes(self) -> dict:
        changes = super().valid_changes()
        if "relocation_commitment" in self.errors and not self.fields["relocation_commitment"].disabled:
            changes["relocation_commitment"] = False
        return changes


class PlanForm(StepForm):
    step = "plan"
    business_summary = forms.CharField(
        label=_("Business summary"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What your company does with AI, its customers and its plans (up to 5,000 characters)."),
    )
    revenue_last_year = WonField(label=_("Revenue last year (won)"), help_text=_("Whole won, for example 1,200,000."))
    total_investment = WonField(label=_("Total investment received (won)"),
                                help_text=_("Whole won, for example 1,200,000."))
    patents_held = forms.IntegerField(label=_("Patents held"), min_value=0, max_value=32767)
    awards = forms.CharField(label=_("Awards"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=20,
                                    help_text=_("For example 02-1234-5678 or 010-1234-5678."),
                                    widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))

    class Meta:
        model = Application
        fields = STEP_FIELDS["plan"]
        labels = {
            "wants_immigration_exemption": _("Interested in the Immigration Act exemption (longer stays for foreign "
                                             "employees)"),
            "wants_patent_exemption": _("Interested in the Patent Act exemption (priority examination)"),
            "wants_fund": _("Interested in the Seocho AI startup fund"),
            "wants_gpu": _("Interested in GPU computing support"),
            "contact_name": _("Contact person"),
            "contact_email": _("Contact e-mail"),
        }

    def clean_contact_phone(self):
        value = self.cleaned_data["contact_phone"]
        if not value:
            return ""
        validate_phone(value)
        return format_phone(value)


STEP_FORMS = {"company": CompanyForm, "team": TeamForm, "plan": PlanForm}


class DocumentUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"), required=False,
        error_messages={"empty": _("This file is empty."),
                        "invalid": _("No file was received. Please choose the file again.")},
    )

    def __init__(self, *args, document_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if document_name:
            self.fields["file"].label = _("File for “%(name)s”") % {"name": document_name}

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if not uploaded:
            raise ValidationError(_("Choose a file to upload."), code="required")
        return uploaded


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Please write a message.")},
    )


class StartConsentForm(forms.Form):
    """The two separate consents of the start page; neither is pre-ticked nor bundled with the other."""

    consent_collection = forms.BooleanField(
        label=_("I agree to the collection and use of the personal data in the application as described above."),
        error_messages={"required": _("Without this consent you cannot apply online, as the application cannot "
                                      "be evaluated.")},
    )
    consent_committee = forms.BooleanField(
        label=_("I agree that the outside evaluation committee reads the application as described above."),
        error_messages={"required": _("Without this consent the application cannot be evaluated, so you cannot "
                                      "apply.")},
    )


class SubmitForm(forms.Form):
    """The truthfulness declaration ticked on submission."""

    declared_true = forms.BooleanField(
        label=TRUTH_DECLARATION,
        error_messages={"required": _("Tick the declaration that the application is true to submit it. Nothing "
                                      "you entered is lost.")},
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}),
    )


class CollaboratorInviteForm(InvitationFormBase):
    """The applicant invites a colleague to the draft as an editor or a viewer."""

    role = forms.ChoiceField(label=_("Role"), choices=CollaboratorRole.choices, initial=CollaboratorRole.EDITOR,
                             widget=forms.RadioSelect)
    field_order = ["email", "role", "language"]
