"""Reads of calls and applications."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import models
from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from portal.models import StatusChange
from premises.models import Unit, UnitType
from privacy.access_log import Subject, SubjectKind

from .models import Application, ApplicationDocument, Call, EvaluationCriterion
from .workflow import STATES, Status

# ---------------------------------------------------------------------------------------------
# Calls
# ---------------------------------------------------------------------------------------------


class CallStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open for applications")
    CLOSED = "closed", _("Closed")


@dataclass(frozen=True)
class CallGroups:
    """Calls split by their window at one moment: open now, opening later, closed."""

    open: list
    upcoming: list
    closed: list


def call_status(*, call: Call, at: datetime | None = None) -> str:
    """Open, upcoming or closed at the given moment (now by default); the window is [opens_at, closes_at)."""
    at = at or timezone.now()
    if at < call.opens_at:
        return CallStatus.UPCOMING
    if at < call.closes_at:
        return CallStatus.OPEN
    return CallStatus.CLOSED


def call_list_public(*, at: datetime | None = None, programme_id: int | None = None) -> CallGroups:
    """Every call (of one programme), grouped; open ones closing soonest first, upcoming soonest first, closed
    latest first.

    One query, whatever the number of calls.
    """
    at = at or timezone.now()
    calls = Call.objects.annotate(unit_count=Count("units_on_offer", distinct=True)).order_by("opens_at", "code")
    if programme_id is not None:
        calls = calls.filter(programme_id=programme_id)
    groups: dict[str, list] = {CallStatus.OPEN: [], CallStatus.UPCOMING: [], CallStatus.CLOSED: []}
    for call in calls:
        call.status = call_status(call=call, at=at)
        groups[call.status].append(call)
    return CallGroups(
        open=sorted(groups[CallStatus.OPEN], key=lambda c: c.closes_at),
        upcoming=groups[CallStatus.UPCOMING],
        closed=sorted(groups[CallStatus.CLOSED], key=lambda c: c.closes_at, reverse=True),
    )


@dataclass(frozen=True)
class UnitGroup:
    """Units on offer of one unit type."""

    unit_type: UnitType
    units: list


def call_get_public(*, code: str, at: datetime | None = None) -> Call:
    """A call with everything its public page shows, in a fixed number of queries; Http404 if unknown.

    Adds `status`, `unit_groups` (units on offer by type, smallest first), `criteria_by_stage`
    ([(stage label, [criteria], total points)]).
    """
    call = get_object_or_404(
        Call.objects.select_related("building").prefetch_related(
            "document_types",
            "files",
            "criteria",
            "faqs",
            "schedule",
            Prefetch(
                "units_on_offer",
                queryset=Unit.objects.select_related("unit_type", "floor").order_by(
                    "unit_type__area_pyeong", "floor__number", "code"
                ),
            ),
        ),
        code=code,
    )
    call.status = call_status(call=call, at=at)
    groups: dict[int, UnitGroup] = {}
    for unit in call.units_on_offer.all():
        groups.setdefault(unit.unit_type_id, UnitGroup(unit_type=unit.unit_type, units=[])).units.append(unit)
    call.unit_groups = list(groups.values())
    stages: dict[int, list] = {}
    for criterion in call.criteria.all():
        stages.setdefault(criterion.stage, []).append(criterion)
    call.criteria_by_stage = [
        (EvaluationCriterion.Stage(stage).label, items, sum(c.max_points for c in items))
        for stage, items in sorted(stages.items())
    ]
    return call


def call_list_for_admin():
    """Calls with their number of applications (drafts included), for the admin's list (one query)."""
    return Call.objects.select_related("building", "programme").annotate(
        application_count=Count("applications", distinct=True))



# ---------------------------------------------------------------------------------------------
# Applications
# ---------------------------------------------------------------------------------------------

# The steps of the applicant's form, in order: (slug, label). Documents and review have their own pages.
APPLICATION_STEPS = [
    ("company", pgettext_lazy("application form step", "Company")),
    ("team", gettext_lazy("Team and space")),
    ("plan", gettext_lazy("Plan and needs")),
    ("documents", gettext_lazy("Documents")),
    ("review", gettext_lazy("Review and submit")),
]

# Which fields each form step holds (the order of the form).
STEP_FIELDS: dict[str, list[str]] = {
    "company": [
        "company_name_ko", "company_name_en", "business_registration_number", "corporate_registration_number",
        "ceo_name", "founded_on", "head_office_address", "website", "ai_field",
    ],
    "team": ["headcount", "foreign_employees", "desired_unit_type", "desired_move_in", "relocation_commitment"],
    "plan": [
        "business_summary", "revenue_last_year", "total_investment", "patents_held", "awards",
        "wants_immigration_exemption", "wants_patent_exemption", "wants_fund", "wants_gpu",
        "contact_name", "contact_email", "contact_phone",
    ],
}
FIELD_STEP = {field: step for step, fields in STEP_FIELDS.items() for field in fields}
DOCUMENT_KEY_PREFIX = "document:"


def document_key(document_type_id: int) -> str:
    """The key of a document type in `Application.reopened_fields`."""
    return f"{DOCUMENT_KEY_PREFIX}{document_type_id}"


def application_required_fields(*, call) -> list[str]:
    """Fields that must be filled before the application can be submitted."""
    fields = [
        "company_name_ko", "business_registration_number", "ceo_name", "founded_on", "head_office_address",
        "headcount", "desired_unit_type", "business_summary", "contact_name", "contact_email", "contact_phone",
    ]
    if call.ai_field_required:
        fields.append("ai_field")
    if call.relocation_required:
        fields.append("relocation_commitment")
    return fields


def application_filled_steps(*, application: Application) -> set[str]:
    """The form steps whose required fields all hold a value (as saved), for the step indicator."""
    required = set(application_required_fields(call=application.call))
    return {
        step for step, fields in STEP_FIELDS.items()
        if all(getattr(application, name) not in (None, "", False) for name in fields if name in required)
    }


@dataclass(frozen=True)
class ApplicationProblem:
    """Something that keeps an application from being submitted, with where to fix it."""

    step: str
    anchor: str  # the id of the field on that step's page
    message: str
    key: str = ""  # the item staff reopen for it (`reopened_fields`), when it is not the anchor's field


def company_age_limit_date(*, call, today: date | None = None) -> date | None:
    """The earliest founding date the call accepts, or None without an age limit."""
    if not call.max_company_age_years:
        return None
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - call.max_company_age_years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - call.max_company_age_years, day=28)


def application_duplicate_company_exists(*, application: Application, business_registration_number: str) -> bool:
    """Whether another company's submitted application to the same call has this registration number."""
    if not business_registration_number:
        return False
    return (
        Application.objects.filter(call_id=application.call_id,
                                   business_registration_number=business_registration_number)
        .exclude(pk=application.pk)
        .exclude(status__in=[Status.DRAFT, Status.WITHDRAWN])
        .exists()
    )


def application_problems(*, application: Application) -> list[ApplicationProblem]:
    """What is missing or breaks the call's rules, in the order of the form (empty: ready to submit)."""
    call = application.call
    problems: list[ApplicationProblem] = []
    if application.consent_collection_at is None or application.consent_committee_at is None:
        problems.append(ApplicationProblem("start", "consents", gettext(
            "The consents to the collection of personal data and to the evaluation committee reading the "
            "application are missing.")))
    if application.form_definition_id is not None:
        problems += _answer_problems(application)
    else:
        problems += _fixed_field_problems(application)
    uploaded = {d.document_type_id for d in application.documents.all()}
    for document_type in call.document_types.all():
        if document_type.required and document_type.id not in uploaded:
            name = document_type.name_en if _is_english() and document_type.name_en else document_type.name_ko
            problems.append(ApplicationProblem(
                "documents", f"document-{document_type.id}",
                gettext("The document “%(name)s” is missing.") % {"name": name},
            ))
    return problems


def _answer_problems(application: Application) -> list[ApplicationProblem]:
    from .selectors_forms import answer_problems, form_load

    loaded = getattr(application, "_loaded_form", None) or form_load(definition=application.form_definition)
    return [ApplicationProblem(step, anchor, message, key)
            for step, anchor, message, key in answer_problems(loaded=loaded, answers=application.answers or {})]


def _fixed_field_problems(application: Application) -> list[ApplicationProblem]:
    call = application.call
    problems: list[ApplicationProblem] = []
    required = set(application_required_fields(call=call))
    for step, fields in STEP_FIELDS.items():
        for field_name in fields:
            field = Application._meta.get_field(field_name)
            value = getattr(application, field.attname)
            if field_name in required and (value in (None, "") or value is False):
                if field_name == "relocation_commitment":
                    message = gettext("The commitment to move the head office into the center is missing.")
                else:
                    message = gettext("%(field)s is missing.") % {"field": _capitalized(str(field.verbose_name))}
                problems.append(ApplicationProblem(step, f"id_{field_name}", message))
    if application.headcount is not None and not (call.headcount_min <= application.headcount <= call.headcount_max):
        problems.append(ApplicationProblem("team", "id_headcount", gettext(
            "The full-time headcount must be between %(min)s and %(max)s for this call."
        ) % {"min": call.headcount_min, "max": call.headcount_max}))
    if (application.headcount is not None and application.foreign_employees is not None
            and application.foreign_employees > application.headcount):
        problems.append(ApplicationProblem("team", "id_foreign_employees", gettext(
            "Foreign employees cannot outnumber the full-time headcount."
        )))
    limit = company_age_limit_date(call=call)
    if application.founded_on and limit and application.founded_on < limit:
        problems.append(ApplicationProblem("company", "id_founded_on", gettext(
            "This call accepts companies founded at most %(years)s years ago."
        ) % {"years": call.max_company_age_years}))
    if application_duplicate_company_exists(
        application=application, business_registration_number=application.business_registration_number
    ):
        problems.append(ApplicationProblem("company", "id_business_registration_number", gettext(
            "Another application with this business registration number has already been submitted to this call."
        )))
    return problems


def _capitalized(label: str) -> str:
    return label[:1].upper() + label[1:]


def _is_english() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "ko").startswith("en")


def application_reopenable_items(*, application: Application) -> list[tuple[str, str]]:
    """Fields and documents staff may reopen when asking for more information: (key, label)."""
    if application.form_definition_id is not None:
        from .questions import question_label
        from .selectors_forms import answer_key, form_load

        loaded = form_load(definition=application.form_definition)
        items = [(answer_key(q.key), gettext("Answer: %(question)s") % {"question": question_label(q)})
                 for q in loaded.questions]
    else:
        items = [
            (name, _capitalized(str(Application._meta.get_field(name).verbose_name)))
            for fields in STEP_FIELDS.values() for name in fields
        ]
    english = _is_english()
    items += [
        (document_key(t.id),
         gettext("Document: %(name)s") % {"name": (t.name_en if english and t.name_en else t.name_ko)})
        for t in application.call.document_types.all()
    ]
    return items


def application_field_is_editable(*, application: Application, key: str) -> bool:
    """Whether the applicant may change this field or document ("document:<type id>") now."""
    if application.status == Status.DRAFT:
        return True
    if application.status == Status.INFO_REQUESTED:
        return key in (application.reopened_fields or [])
    return False


def application_document_get_for_download(*, user, application_pk: int, pk: int) -> ApplicationDocument:
    """A document that the user may download (the application's applicant, their colleagues, district staff),
    else 404."""
    documents = ApplicationDocument.objects.select_related("application__applicant")
    if not user.is_district_staff:
        from .models_collaborators import ApplicationCollaborator

        theirs = ApplicationCollaborator.objects.filter(user_id=user.pk).values("application_id")
        documents = documents.filter(models.Q(application__applicant_id=user.pk) | models.Q(application_id__in=theirs))
    return get_object_or_404(documents, pk=pk, application_id=application_pk)


def application_current_for_call(*, user, call: Call) -> Application | None:
    """The user's application to a call that is not withdrawn, if any."""
    return (
        Application.objects.filter(call=call, applicant_id=user.pk).exclude(status=Status.WITHDRAWN)
        .order_by("-id").first()
    )


def application_list_for_applicant(*, user) -> QuerySet[Application]:
    """The user's applications, and those they work on as a colleague of the applicant (`collaborator_role`),
    with their calls and status changes, in a fixed number of queries."""
    from .models_collaborators import ApplicationCollaborator

    role = ApplicationCollaborator.objects.filter(application=models.OuterRef("pk"), user_id=user.pk).values("role")
    return (
        Application.objects.annotate(collaborator_role=models.Subquery(role[:1]))
        .filter(models.Q(applicant_id=user.pk) | models.Q(collaborator_role__isnull=False))
        .select_related("call")
        .prefetch_related(Prefetch("transitions", queryset=StatusChange.objects.order_by("at", "id")))
        .order_by("-created_at", "-id")
    )


def results_released(*, call, now=None) -> bool:
    now = now or timezone.now()
    return call.results_released_at is not None and call.results_released_at <= now


@dataclass(frozen=True)
class ApplicantStatus:
    label: str
    help: str
    status: str  # the status the applicant may know about


def application_applicant_status(*, application: Application, now=None) -> ApplicantStatus:
    """The status in the applicant's words; decisions read "Under evaluation" until results are released."""
    state = STATES[application.status]
    if state.decision and not results_released(call=application.call, now=now):
        return ApplicantStatus(
            str(gettext_lazy("Under evaluation")),
            str(gettext_lazy("The committee is reviewing your application. Results will be announced.")),
            "under_evaluation",
        )
    return ApplicantStatus(str(state.public_label), str(state.public_help), application.status)


@dataclass(frozen=True)
class TimelineEntry:
    at: object
    label: str
    actor: str
    message: str


def application_timeline(*, application: Application, now=None, reader=None) -> list[TimelineEntry]:
    """What happened when, for the applicant (or `reader`, one of their colleagues, who reads the applicant's
    steps as the applicant's): staff appear as "District office"; decisions stay hidden until the results are
    released. Uses prefetched transitions when present."""
    released = results_released(call=application.call, now=now)
    entries = []
    for transition in application.transitions.all():
        state = STATES[transition.to_status]
        if state.decision and not released:
            continue
        if transition.actor_id != application.applicant_id:
            actor = gettext("District office")
        elif reader is None or reader.pk == application.applicant_id:
            actor = gettext("You")
        else:
            actor = gettext("Applicant (representative)")
        message = transition.reason if transition.name in ("request_information",) else ""
        entries.append(TimelineEntry(transition.at, str(state.public_label), actor, message))
    return entries


def application_message_list(*, application: Application) -> QuerySet:
    return application.messages.order_by("created_at", "id")


def application_access_subject(application: Application) -> Subject:
    """Whose personal data an application holds, as the access log records it: the applicant, named as now."""
    company = application.company_name_ko or application.company_name_en
    label = f"{application.applicant} · {company}" if company else str(application.applicant)
    if application.receipt_number:
        label = f"{label} ({application.receipt_number})"
    return Subject(kind=SubjectKind.APPLICANT, id=application.applicant_id, label=label)


def application_next_steps(*, application: Application) -> list:
    """The call's schedule from the day the application was submitted on: what happens next, with dates."""
    if application.submitted_at is None:
        return []
    submitted_on = timezone.localdate(application.submitted_at)
    return [item for item in application.call.schedule.all()
            if (item.ends_on or item.starts_on) >= submitted_on]
