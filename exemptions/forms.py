"""Request forms per exemption type (declared here, chosen through exemptions/registry.py), and the
staff forms of the admin (reasons for rejecting, asking for information and revoking)."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from portal.uploads import validate_upload

UPLOAD_FORMATS = ["pdf", "jpeg", "png", "hwp", "hwpx"]
UPLOAD_MAX_BYTES = 10 * 1024 * 1024

VISA_STATUSES = [
    ("D-8", _("D-8 Corporate investment")),
    ("D-9", _("D-9 Trade management")),
    ("D-10", _("D-10 Job seeking")),
    ("E-1", _("E-1 Professor")),
    ("E-3", _("E-3 Research")),
    ("E-5", _("E-5 Professional")),
    ("E-7", _("E-7 Specially designated activities")),
    ("F-2", _("F-2 Residence")),
    ("F-4", _("F-4 Overseas Korean")),
    ("F-6", _("F-6 Marriage migrant")),
]

PASSPORT_RE = re.compile(r"^[A-Z0-9]{6,12}$")
ARN_RE = re.compile(r"^(\d{6})-?([5-8]\d{6})$")
PATENT_NUMBER_RE = re.compile(r"^10-?(\d{4})-?(\d{7})$")


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ExemptionForm(forms.Form):
    """Base of every request form: adds one upload field per document the type asks for.

    Subclasses declare `sensitive_fields` (unique identifiers, 고유식별정보: encrypted, masked everywhere)
    and their own questions. A form with unique identifiers gets the filer's separate consent box
    (`identifier_consent`, never pre-ticked, never bundled with anything else) and names in
    `consent_email_field` the answer holding the address of the person they belong to, who consents too."""

    sensitive_fields: tuple[str, ...] = ()
    consent_email_field: str = ""
    # Fields of the form that are not answers: kept out of the request's data.
    not_answers: tuple[str, ...] = ("identifier_consent",)

    def __init__(
        self, *args, exemption_type, existing_uploads: dict | None = None, sensitive_masks: dict | None = None,
        kept_uploads: dict | None = None, ask_identifier_consent: bool = True, **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.exemption_type = exemption_type
        existing_uploads = existing_uploads or {}
        # Valid files of an earlier refused submission, by document code (KeptUpload rows of this user).
        self.kept_uploads = {}
        for name, masked in (sensitive_masks or {}).items():
            if masked and name in self.fields:
                self.fields[name].required = False
                self.fields[name].help_text = _("On file: %(masked)s. Leave empty to keep it.") % {"masked": masked}
        for name in self.sensitive_fields:
            self.fields[name].widget.attrs["autocomplete"] = "off"
        if self.sensitive_fields and ask_identifier_consent:  # a correction keeps the consent given
            self.fields["identifier_consent"] = forms.BooleanField(
                label=_("I agree to the collection and use of the unique identifiers (passport number and "
                        "alien registration number) described above."),
                required=True,
                error_messages={"required": _("Without this separate consent the request cannot be submitted: "
                                              "the district needs the numbers to issue the confirmation.")},
            )
        for doc in exemption_type.required_documents:
            have = doc["code"] in existing_uploads
            self.fields[f"doc_{doc['code']}"] = forms.FileField(
                label=exemption_type.document_label(doc), required=not have,
                validators=[validate_upload(allowed_formats=UPLOAD_FORMATS, max_bytes=UPLOAD_MAX_BYTES)],
                help_text=_("PDF, JPEG, PNG, HWP or HWPX, up to 10 MB.") if not have else
                _("Already uploaded; choose a file only to replace it."),
            )
        for code, kept in (kept_uploads or {}).items():
            self.keep(code, kept)

    def keep(self, code: str, kept) -> None:
        """A valid file of an earlier attempt stands in for this document unless another is chosen."""
        field = self.fields.get(f"doc_{code}")
        if field is None:
            return
        self.kept_uploads[code] = kept
        field.required = False
        # Help texts are rendered as HTML: the file's name is escaped.
        field.help_text = _("Kept from your last attempt: %(name)s. Choose another file only to replace it.") % {
            "name": escape(kept.name)}
        self._bound_fields_cache.pop(f"doc_{code}", None)  # a bound field copies its help text when made

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(field id, label, message) of every error, for the summary at the top of the form (the same
        include and script as the application's steps)."""
        items = []
        for name, errors in self.errors.items():
            if name == "__all__":
                items.extend(("", "", str(e)) for e in errors)
                continue
            items.extend((self[name].id_for_label, str(self.fields[name].label), str(e)) for e in errors)
        return items

    @classmethod
    def question_names(cls) -> list[str]:
        return list(cls.base_fields)

    def valid_uploads(self) -> dict:
        """The files chosen in this submission that passed their field's validation, by document code."""
        cleaned = getattr(self, "cleaned_data", {})
        return {
            name.removeprefix("doc_"): cleaned[name]
            for name in self.fields
            if name.startswith("doc_") and cleaned.get(name) and name not in self.errors
        }

    def split(self) -> tuple[dict, dict, dict]:
        """(answers as JSON values, sensitive values, uploaded files by document code)."""
        data, sensitive, files = {}, {}, {}
        for name, value in self.cleaned_data.items():
            if name.startswith("doc_"):
                if value:
                    files[name.removeprefix("doc_")] = value
            elif name in self.not_answers:
                continue
            elif name in self.sensitive_fields:
                sensitive[name] = value
            else:
                data[name] = value.isoformat() if isinstance(value, dt.date) else value
        return data, sensitive, files

    def answer_fields(self):
        """The bound fields shown as questions (the consent box is shown apart, with its notice)."""
        return [self[name] for name in self.fields if name not in self.not_answers]


class ImmigrationForm(ExemptionForm):
    sensitive_fields = ("passport_number", "alien_registration_number")
    consent_email_field = "employee_email"

    full_name = forms.CharField(
        label=_("Name as in the passport"), max_length=100,
        help_text=_("In Latin letters, exactly as printed in the passport."),
    )
    nationality = forms.CharField(label=_("Nationality"), max_length=60)
    date_of_birth = forms.DateField(label=_("Date of birth"), widget=_date_input())
    passport_number = forms.CharField(label=_("Passport number"), max_length=20)
    alien_registration_number = forms.CharField(
        label=_("Alien registration number"), max_length=14, help_text=_("13 digits: XXXXXX-XXXXXXX"),
    )
    visa_status = forms.ChoiceField(label=_("Visa status"), choices=VISA_STATUSES)
    permitted_stay_until = forms.DateField(label=_("Permitted stay until"), widget=_date_input())
    job_title = forms.CharField(label=_("Job title"), max_length=100)
    employment_start = forms.DateField(label=_("Employment start"), widget=_date_input())
    employee_email = forms.EmailField(
        label=_("The employee's e-mail address"), max_length=254,
        help_text=_("We e-mail the employee a link to read the notice and consent in Korean or English. "
                    "The request reaches district staff once the employee has consented."),
    )
    employee_language = forms.ChoiceField(
        label=_("Language of the e-mail to the employee"),
        choices=[("both", _("Korean and English")), ("ko", _("Korean")), ("en", _("English"))], initial="both",
        required=False,
        help_text=_("If the employee cannot use the link, download the consent form from the request's page, have "
                    "it signed and upload it there."),
    )

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_passport_number(self):
        value = re.sub(r"[\s-]", "", self.cleaned_data["passport_number"]).upper()
        if not value and not self.fields["passport_number"].required:
            return ""
        if not PASSPORT_RE.match(value):
            raise forms.ValidationError(_("Enter the passport number: 6 to 12 letters and digits."), code="passport")
        return value

    def clean_alien_registration_number(self):
        value = re.sub(r"\s", "", self.cleaned_data["alien_registration_number"])
        if not value and not self.fields["alien_registration_number"].required:
            return ""
        match = ARN_RE.match(value)
        if not match:
            raise forms.ValidationError(
                _("Enter the 13-digit alien registration number (XXXXXX-XXXXXXX; the 7th digit is 5 to 8)."),
                code="arn",
            )
        return f"{match.group(1)}-{match.group(2)}"

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        if value >= timezone.localdate():
            raise forms.ValidationError(_("The date of birth must be in the past."), code="future")
        return value

    def clean(self):
        data = super().clean()
        born, start, stay = data.get("date_of_birth"), data.get("employment_start"), data.get("permitted_stay_until")
        if born and start and start <= born:
            self.add_error("employment_start", _("The employment cannot start before the date of birth."))
        if stay and stay < timezone.localdate():
            self.add_error("permitted_stay_until", _("The permitted stay has already ended."))
        return data


class PatentForm(ExemptionForm):
    application_number = forms.CharField(
        label=_("Application number"), max_length=16, help_text=_("10-YYYY-NNNNNNN, for example 10-2025-0123456."),
    )
    title = forms.CharField(label=_("Title of the invention"), max_length=300)
    applicant_name = forms.CharField(label=_("Patent applicant"), max_length=200)
    filing_date = forms.DateField(label=_("Filing date"), widget=_date_input())
    technology_field = forms.CharField(label=_("Technology field"), max_length=100)

    def clean_application_number(self):
        value = re.sub(r"\s", "", self.cleaned_data["application_number"])
        match = PATENT_NUMBER_RE.match(value)
        if not match or not 1948 <= int(match.group(1)) <= timezone.localdate().year:
            raise forms.ValidationError(
                _("Enter a Korean patent application number: 10-YYYY-NNNNNNN (the year it was filed, then 7 digits)."),
                code="application_number",
            )
        return f"10-{match.group(1)}-{match.group(2)}"

    def clean_filing_date(self):
        value = self.cleaned_data["filing_date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The filing date cannot be in the future."), code="future")
        return value

    def clean(self):
        data = super().clean()
        number, filed = data.get("application_number"), data.get("filing_date")
        if number and filed and int(number[3:7]) != filed.year:
            self.add_error("filing_date", _("The year in the application number and the filing date differ."))
        return data


class EmployeeConsentForm(forms.Form):
    """The employee's own box on the consent link's page: not pre-ticked, nothing else bundled with it."""

    consent = forms.BooleanField(
        label=_("I agree that my passport number and alien registration number are collected and used as "
                "described above."),
        error_messages={"required": _("Tick the box to consent. If you do not agree, close this page: the "
                                      "request will not proceed.")},
    )


class SignedConsentForm(forms.Form):
    """The company's upload of the consent form the employee signed (the fallback to the e-mailed link)."""

    signed_form = forms.FileField(
        label=_("The consent form signed by the employee"),
        validators=[validate_upload(allowed_formats=["pdf", "jpeg", "png"], max_bytes=UPLOAD_MAX_BYTES)],
        help_text=_("A scan or photo of every page (PDF, JPEG or PNG, up to 10 MB). District staff check the "
                    "signature before they review the request."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("Extend by (working days)"), min_value=1)
    reason = forms.CharField(
        label=_("Reason for the extension (the tenant reads it)"), widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


class InfoRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("What the tenant should add or correct"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )


class ApproveForm(forms.Form):
    reason = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class VerifyForm(forms.Form):
    number = forms.CharField(label=_("Document number"), max_length=40, help_text=_("For example YAI-IMM-2026-0001."))
    code = forms.CharField(label=_("Verification code"), max_length=40, help_text=_("Printed on the document."))

    def clean_number(self):
        return self.cleaned_data["number"].strip().upper()

    def clean_code(self):
        return self.cleaned_data["code"]
