"""The exemption types declared in code: for each `ExemptionType.form_key`, its form, how to name the
request, the date reminders count down to, the staff checks and the facts its document certifies.

A third type: add a form in forms.py, a spec here, a row of ExemptionType (a data migration or the
admin) naming this spec, and, if it needs one, its own Typst template."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms import ExemptionForm, ImmigrationForm, PatentForm


@dataclass(frozen=True)
class Check:
    label: str
    ok: bool
    detail: str = ""


@dataclass(frozen=True)
class TypeSpec:
    label: str
    form_class: type[ExemptionForm]
    subject: Callable[[dict], str]
    checks: Callable[[dict, object], list[Check]] = lambda data, ctx: []
    deadline: Callable[[dict], dt.date | None] = lambda data: None
    # The answers the document certifies, in order (the designated project is certified for every type).
    certified: tuple[str, ...] = field(default_factory=tuple)
    # The answer that names what the request is about: a company files one request per value at a time
    # (a new one only after a rejection, or once the document is no longer valid).
    once_per: str = ""

    @property
    def sensitive_fields(self) -> tuple[str, ...]:
        return self.form_class.sensitive_fields


def _date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def normalize_name(value: str) -> str:
    """Names compared loosely: case, spaces, dots, commas and hyphens ignored."""
    return re.sub(r"[\s.,\-·]", "", (value or "")).casefold()


LEGAL_FORMS = re.compile(
    r"(주식회사|유한회사|유한책임회사|\(주\)|㈜|\(유\)|co\.?,?\s*ltd\.?|inc\.?|corp\.?|corporation|llc|ltd\.?)",
    re.IGNORECASE,
)


def normalize_company(value: str) -> str:
    return normalize_name(LEGAL_FORMS.sub("", value or ""))


def _project_check(data: dict, ctx) -> Check:
    """The project named in the request is the one staff recorded for the company."""
    ok = bool(data.get("designated_project")) and data.get("designated_project") == ctx.designated_project_id
    return Check(str(_("The designated project is the company's")), ok,
                 "" if ok else str(_("The company's record names another designated project, or none.")))


def _immigration_checks(data: dict, ctx) -> list[Check]:
    today = timezone.localdate()
    born, start, stay = (_date(data.get(k)) for k in ("date_of_birth", "employment_start", "permitted_stay_until"))
    name = normalize_name(data.get("full_name", ""))
    on_team = bool(name) and name in {normalize_name(n) for n in ctx.team_names}
    problems = []
    if born and start and start <= born:
        problems.append(str(_("employment starts before birth")))
    if born and start and (start - born).days < 15 * 365:
        problems.append(str(_("employed before the age of 15")))
    if start and start > today + dt.timedelta(days=365):
        problems.append(str(_("employment starts more than a year from now")))
    if stay and stay < today:
        problems.append(str(_("the permitted stay has ended")))
    passport = _date(data.get("passport_expiry"))
    requested = _date(data.get("requested_stay_until"))
    if passport and requested and passport < requested:
        problems.append(str(_("the passport expires before the end of the stay requested")))
    return [
        Check(str(_("The employee is on the company's team list")), on_team,
              "" if on_team else str(_("No team member is named “%(name)s”.") % {"name": data.get("full_name", "")})),
        _project_check(data, ctx),
        Check(str(_("Dates are coherent")), not problems, "; ".join(problems)),
    ]


def _patent_checks(data: dict, ctx) -> list[Check]:
    today = timezone.localdate()
    applicant = normalize_company(data.get("applicant_name", ""))
    names = {normalize_company(n) for n in ctx.company_names if n}
    matches = bool(applicant) and applicant in names
    filed = _date(data.get("filing_date"))
    number = data.get("application_number", "")
    problems = []
    if filed and filed > today:
        problems.append(str(_("filed in the future")))
    if filed and number[3:7].isdigit() and int(number[3:7]) != filed.year:
        problems.append(str(_("the application number's year is not the filing year")))
    return [
        Check(str(_("The applicant is the company")), matches,
              "" if matches else str(_("“%(applicant)s” differs from the company name.") % {
                  "applicant": data.get("applicant_name", "")})),
        _project_check(data, ctx),
        Check(str(_("Dates are coherent")), not problems, "; ".join(problems)),
    ]


REGISTRY: dict[str, TypeSpec] = {
    "immigration": TypeSpec(
        label=_("Immigration: stay extension of a foreign employee"),
        form_class=ImmigrationForm,
        subject=lambda data: data.get("full_name", ""),
        checks=_immigration_checks,
        deadline=lambda data: _date(data.get("permitted_stay_until")),
        # The immigration office matches the confirmation to the employee by these (numbers masked).
        certified=("full_name", "sex", "nationality", "date_of_birth", "passport_number", "alien_registration_number",
                   "visa_status", "e7_subcode", "job_title", "duties", "employment_start", "contract_end",
                   "requested_stay_until"),
    ),
    "patent": TypeSpec(
        label=_("Patent: priority examination"),
        form_class=PatentForm,
        subject=lambda data: data.get("application_number", ""),
        checks=_patent_checks,
        certified=("application_number", "title", "applicant_name", "applicant_customer_number", "filing_date",
                   "ipc_class", "technology_field", "priority_reason", "project_link", "agent_name"),
        once_per="application_number",
    ),
}


def spec_for(exemption_type) -> TypeSpec:
    return REGISTRY[exemption_type.form_key]


def form_key_choices() -> list[tuple[str, str]]:
    return [(key, spec.label) for key, spec in REGISTRY.items()]
