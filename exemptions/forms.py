"""Request forms per exemption type (declared here, chosen through exemptions/registry.py), and the
staff forms of the admin (reasons for rejecting, asking for information and revoking)."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from portal.forms import ErrorSummaryMixin
from portal.uploads import validate_upload

UPLOAD_FORMATS = ["pdf", "jpeg", "png", "hwp", "hwpx"]
UPLOAD_MAX_BYTES = 10 * 1024 * 1024

PASSPORT_RE = re.compile(r"^[A-Z0-9]{6,12}$")
ARN_RE = re.compile(r"^(\d{6})-?([5-8]\d{6})$")
# 10-: patent application, 20-: utility-model application (실용신안등록출원).
APPLICATION_NUMBER_RE = re.compile(r"^(10|20)-?(\d{4})-?(\d{7})$")
# KIPO's applicant (and agent) customer number, 특허고객번호: one digit of kind, the year, six digits, a check digit.
CUSTOMER_NUMBER_RE = re.compile(r"^([1-9])-?(\d{4})-?(\d{6})-?(\d)$")
# An IPC symbol down to its group: section, class, subclass, main group / subgroup (e.g. G06N 3/08).
IPC_RE = re.compile(r"^([A-H])\s*(\d{2})\s*([A-Z])\s*(\d{1,4})\s*/\s*(\d{2,6})$")

E7_SUBCODES = [
    ("", "---------"),
    ("E-7-1", _("E-7-1 Professionals")),
    ("E-7-2", _("E-7-2 Semi-professionals")),
    ("E-7-3", _("E-7-3 General skilled workers")),
    ("E-7-4", _("E-7-4 Skilled workers (points system)")),
    ("E-7-S", _("E-7-S High-income and high-tech professionals")),
]

SEXES = [("M", _("Male")), ("F", _("Female"))]

# Reasons for priority examination (특허법 시행령 §9) a special-zone company gives.
PRIORITY_REASONS = [
    ("special_zone", _("Invention from a designated project of a special zone")),
    ("ai_technology", _("Technology of the fourth industrial revolution (artificial intelligence)")),
    ("startup", _("Application of a venture or start-up company")),
    ("sme", _("Application of a small or medium enterprise")),
]

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _country_choices():
    """Every country, named and ordered in the active language (django-countries)."""
    from django_countries import countries

    return [("", "---------"), *countries]


def nationality_display(data: dict) -> str:
    """A request's nationality in Korean and English ("베트남 (Vietnam)"), or as typed before the country list."""
    from django.utils import translation
    from django_countries import countries

    code = data.get("nationality") or ""
    if not code:
        return data.get("nationality_as_typed", "")
    names = []
    for language in ("ko", "en"):
        with translation.override(language):
            names.append(str(countries.name(code)) or code)
    return names[0] if names[0] == names[1] else f"{names[0]} ({names[1]})"


def _visa_choices():
    from .models import VisaType

    return [(v.code, f"{v.code} {v.name}") for v in VisaType.objects.all()]


def _project_choices():
    from tenants.models import DesignatedProject

    return [("", "---------"), *((p.pk, p.name) for p in DesignatedProject.objects.all())]


def _customer_number(value: str) -> str:
    match = CUSTOMER_NUMBER_RE.match(re.sub(r"\s", "", value))
    return "-".join(match.groups()) if match else ""


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ExemptionForm(ErrorSummaryMixin, forms.Form):
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
        kept_uploads: dict | None = None, ask_identifier_consent: bool = True, company=None, **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.exemption_type = exemption_type
        if "designated_project" in self.fields:
            from tenants.models import DesignatedProject

            self.fields["designated_project"].choices = [
                ("", "---------"), *((p.pk, p.name) for p in DesignatedProject.objects.filter(is_active=True))]
            if company is not None and company.designated_project_id and not self.is_bound:
                self.initial.setdefault("designated_project", company.designated_project_id)
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


def _designated_project_field(help_text):
    return forms.TypedChoiceField(
        label=_("Designated project (특화사업)"), coerce=int, choices=_project_choices, help_text=help_text,
        error_messages={"invalid_choice": _("Choose one of the zone's designated projects.")},
    )


class ImmigrationForm(ExemptionForm):
    sensitive_fields = ("passport_number", "alien_registration_number")
    consent_email_field = "employee_email"

    full_name = forms.CharField(
        label=_("Name as in the passport"), max_length=100,
        help_text=_("In Latin letters, exactly as printed in the passport."),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=SEXES, widget=forms.RadioSelect)
    nationality = forms.ChoiceField(
        label=_("Nationality"), choices=_country_choices,
        error_messages={"invalid_choice": _("Choose the country of the passport from the list.")},
    )
    date_of_birth = forms.DateField(label=_("Date of birth"), widget=_date_input())
    passport_number = forms.CharField(label=_("Passport number"), max_length=20)
    passport_expiry = forms.DateField(label=_("Passport expiry date"), widget=_date_input())
    alien_registration_number = forms.CharField(
        label=_("Alien registration number"), max_length=14, help_text=_("13 digits: XXXXXX-XXXXXXX"),
    )
    residence_address = forms.CharField(
        label=_("Address of residence in Korea"), max_length=300, help_text=_("Road-name address (도로명주소)."),
    )
    visa_status = forms.ChoiceField(
        label=_("Visa status"), choices=_visa_choices,
        error_messages={"invalid_choice": _("%(value)s is not among the visa statuses this request accepts. The "
                                            "zone's special case is for E-7; ask district staff about another.")},
    )
    e7_subcode = forms.ChoiceField(
        label=_("E-7 sub-category"), choices=E7_SUBCODES, required=False,
        help_text=_("As on the alien registration card, for an E-7 visa."),
    )
    permitted_stay_until = forms.DateField(label=_("Permitted stay until"), widget=_date_input())
    designated_project = _designated_project_field(_("The zone's designated project the employee works on."))
    job_title = forms.CharField(label=_("Job title"), max_length=100)
    duties = forms.CharField(
        label=_("Duties in the designated project"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
    )
    employment_start = forms.DateField(label=_("Employment start"), widget=_date_input())
    contract_end = forms.DateField(label=_("Employment contract ends"), widget=_date_input())
    requested_stay_until = forms.DateField(
        label=_("Stay requested until"), widget=_date_input(),
        help_text=_("The end of the extended stay asked of the immigration office (at most the contract's end)."),
    )
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import VisaType

        self.fields["visa_status"].choices = [
            (v.code, f"{v.code} {v.name}") for v in VisaType.objects.filter(is_enabled=True)]

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_passport_number(self):
        value = re.sub(r"[\s-]", "", self.cleaned_data["passport_number"]).upper()
        if not value and not self.fields["passport_number"].required:
            return ""
        if not PASSPORT_RE.match(value):
            raise forms.ValidationError(_("Enter the passport number: 6 to 12 letters and digits."), code="passport")
        return value

    def clean_passport_expiry(self):
        value = self.cleaned_data["passport_expiry"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("The passport has expired: give the dates of the valid passport."),
                                        code="expired")
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
        contract_end, requested = data.get("contract_end"), data.get("requested_stay_until")
        today = timezone.localdate()
        if born and start and start <= born:
            self.add_error("employment_start", _("The employment cannot start before the date of birth."))
        if stay and stay < today:
            self.add_error("permitted_stay_until", _("The permitted stay has already ended."))
        if data.get("visa_status") == "E-7" and not data.get("e7_subcode"):
            self.add_error("e7_subcode", _("Choose the E-7 sub-category of the employee's visa."))
        if contract_end and start and contract_end <= start:
            self.add_error("contract_end", _("The contract must end after the employment starts."))
        elif contract_end and contract_end < today:
            self.add_error("contract_end", _("The contract has already ended."))
        if requested and requested <= today:
            self.add_error("requested_stay_until", _("The stay requested must end in the future."))
        elif requested and contract_end and requested > contract_end:
            self.add_error("requested_stay_until", _("The stay requested cannot run past the contract's end."))
        return data


class PatentForm(ExemptionForm):
    application_number = forms.CharField(
        label=_("Application number"), max_length=16, help_text=_("10-YYYY-NNNNNNN, for example 10-2025-0123456."),
    )
    title = forms.CharField(label=_("Title of the invention"), max_length=300)
    applicant_name = forms.CharField(label=_("Patent applicant"), max_length=200)
    applicant_customer_number = forms.CharField(
        label=_("Applicant's KIPO customer number (특허고객번호)"), max_length=16,
        help_text=_("12 digits: X-YYYY-NNNNNN-N, as on the application."),
    )
    filing_date = forms.DateField(label=_("Filing date"), widget=_date_input())
    examination_requested = forms.ChoiceField(
        label=_("Has examination been requested for this application (심사청구)?"), choices=YES_NO,
        widget=forms.RadioSelect,
    )
    ipc_class = forms.CharField(
        label=_("IPC classification"), max_length=20, help_text=_("The main IPC symbol, for example G06N 3/08."),
    )
    technology_field = forms.CharField(label=_("Technology field"), max_length=100)
    priority_reason = forms.ChoiceField(label=_("Reason for priority examination"), choices=PRIORITY_REASONS)
    designated_project = _designated_project_field(_("The zone's designated project the invention results from."))
    project_link = forms.CharField(
        label=_("How the invention results from the designated project"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    agent_name = forms.CharField(label=_("Patent agent (대리인)"), max_length=200, required=False,
                                 help_text=_("The patent attorney or firm, if any."))
    agent_customer_number = forms.CharField(
        label=_("Agent's KIPO customer number"), max_length=16, required=False,
        help_text=_("12 digits: X-YYYY-NNNNNN-N."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.exemption_type.accepts_utility_models:
            self.fields["application_number"].label = _("Application number (patent or utility model)")
            self.fields["application_number"].help_text = _(
                "10-YYYY-NNNNNNN for a patent, 20-YYYY-NNNNNNN for a utility model.")

    def clean_application_number(self):
        value = re.sub(r"\s", "", self.cleaned_data["application_number"])
        match = APPLICATION_NUMBER_RE.match(value)
        if not match or not 1948 <= int(match.group(2)) <= timezone.localdate().year:
            raise forms.ValidationError(
                _("Enter a Korean patent application number: 10-YYYY-NNNNNNN (the year it was filed, then 7 digits)."),
                code="application_number",
            )
        if match.group(1) == "20" and not self.exemption_type.accepts_utility_models:
            raise forms.ValidationError(
                _("This is a utility-model application (20-…): this exemption covers patent applications (10-…) "
                  "only."),
                code="utility_model",
            )
        return "-".join(match.groups())

    def clean_applicant_customer_number(self):
        value = _customer_number(self.cleaned_data["applicant_customer_number"])
        if not value:
            raise forms.ValidationError(
                _("Enter the 12-digit KIPO customer number as X-YYYY-NNNNNN-N, for example 1-2020-012345-6."),
                code="customer_number",
            )
        return value

    def clean_agent_customer_number(self):
        raw = self.cleaned_data["agent_customer_number"].strip()
        if not raw:
            return ""
        value = _customer_number(raw)
        if not value:
            raise forms.ValidationError(
                _("Enter the agent's 12-digit KIPO customer number as X-YYYY-NNNNNN-N, or leave it empty."),
                code="customer_number",
            )
        return value

    def clean_examination_requested(self):
        value = self.cleaned_data["examination_requested"]
        if value != "yes":
            raise forms.ValidationError(
                _("Priority examination is open only to applications whose examination has been requested: "
                  "request examination (심사청구) with KIPO first, then file this request."),
                code="no_examination",
            )
        return value

    def clean_ipc_class(self):
        match = IPC_RE.match(self.cleaned_data["ipc_class"].strip().upper())
        if not match:
            raise forms.ValidationError(
                _("Enter an IPC symbol down to its group, for example G06N 3/08 (section A to H, two digits, a "
                  "letter, then group/subgroup)."),
                code="ipc",
            )
        section, klass, subclass, group, subgroup = match.groups()
        return f"{section}{klass}{subclass} {group}/{subgroup}"

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


class RejectForm(ReasonForm):
    """A refusal is a decision: its reasons go on the notice, in Korean (official) and, if given, in English."""

    reason_en = forms.CharField(
        label=_("Reasons in English (optional)"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
        required=False,
        help_text=_("Printed on the English translation of the decision notice. Left empty, the English notice "
                    "shows the Korean reasons with a note."))


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
    number = forms.CharField(label=_("Document number"), max_length=40, help_text=_("For example 제2026-0001호."))
    code = forms.CharField(label=_("Verification code"), max_length=40, help_text=_("Printed on the document."))

    def clean_number(self):
        return self.cleaned_data["number"].strip().upper()

    def clean_code(self):
        return self.cleaned_data["code"]
