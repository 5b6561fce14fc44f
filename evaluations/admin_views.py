"""Staff pages inside the admin: documents, replies, a call's ranking, export, decisions, slots, release."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.db.models import Count, Q, Sum
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from applications.models import (
    Application,
    ApplicationDocument,
    ApplicationMessage,
    Call,
    EvaluationCriterion,
    FormDefinition,
)
from applications.permissions import programme_scope
from applications.selectors import application_access_subject
from applications.selectors_forms import (
    answer_export_columns,
    answer_export_values,
    answer_file_get,
    application_answer_sections,
    form_load,
)
from applications.workflow import TRANSITIONS, Status
from portal.confirmation import confirmed
from portal.exceptions import DomainError
from portal.exports import csv_response, register, xlsx_response
from portal.uploads import private_file_response
from privacy.access_reason import access_log_download

from .forms import ReplyForm
from .models import PresentationSlot
from .scoring import Decision
from .selectors import call_decision_plan, call_places, call_ranking, call_unscored_applications
from .services import (
    application_message_reply,
    call_decisions_apply,
    call_pending_applications,
    call_release_results,
    decision_reason,
    presentation_slots_assign_in_rank_order,
)


def _staff_only(request) -> None:
    if not request.user.is_district_staff:
        raise Http404


def _call(request, call_id: int) -> Call:
    """A call of the staff member's programmes (another programme's answers 404, as a missing one)."""
    return get_object_or_404(programme_scope(Call.objects.all(), request.user, path="programme"), pk=call_id)


def _applications(request):
    return programme_scope(Application.objects.all(), request.user, path="call__programme")


def _admin_context(request, title: str, **extra) -> dict:
    from django.contrib import admin

    return {**admin.site.each_context(request), "opts": Application._meta, "title": title, **extra}


def change_page_context(request, application: Application) -> dict:
    """What the application's admin page shows besides its fields and workflow buttons: the thread."""
    return {
        "answer_sections": application_answer_sections(
            application=application, file_url=lambda file_id: reverse(
                "admin:applications_application_answer_file", args=[application.pk, file_id])),
        "thread": ApplicationMessage.objects.filter(application=application).select_related("author"),
        "reply_form": ReplyForm(),
        "reply_url": reverse("admin:applications_application_reply", args=[application.pk]),
        "ranking_url": reverse("admin:evaluations_call_ranking", args=[application.call_id]),
        "show_save": False, "show_save_and_continue": False, "show_save_and_add_another": False,
        "show_delete": False,
    }


def document_download(request, object_id: int, document_id: int):
    """Stream a document from private storage as an attachment (staff only)."""
    _staff_only(request)
    document = get_object_or_404(ApplicationDocument.objects.select_related("application__applicant"),
                                 pk=document_id, application__in=_applications(request).filter(pk=object_id))
    asked = access_log_download(request, scope="applications.document", obj=document,
                                subject=application_access_subject(document.application))
    if asked is not None:
        return asked
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404
    return FileResponse(handle, as_attachment=True, filename=document.original_name)


def answer_file_download(request, object_id: int, file_id: int):
    """Stream a file answer from private storage as an attachment (staff of the application's programme)."""
    _staff_only(request)
    application = get_object_or_404(_applications(request), pk=object_id)
    stored = answer_file_get(application_id=application.pk, pk=file_id)
    asked = access_log_download(request, scope="applications.answer_file", obj=stored,
                                subject=application_access_subject(stored.application))
    if asked is not None:
        return asked
    return private_file_response(stored.file.name, stored.original_name)


@require_POST
def message_reply(request, object_id: int):
    _staff_only(request)
    application = get_object_or_404(_applications(request), pk=object_id)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            application_message_reply(application=application, author=request.user, body=form.cleaned_data["body"])
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Your reply was sent to the applicant."))
    else:
        messages.error(request, _("Please write a message."))
    return redirect(reverse("admin:applications_application_change", args=[application.pk]) + "#thread")


def call_ranking_view(request, call_id: int):
    _staff_only(request)
    call = _call(request, call_id)
    ranked = call_ranking(call=call)
    slots = {s.application_id: s for s in PresentationSlot.objects.filter(call=call, application__isnull=False)}
    for entry in ranked:
        entry.extra["slot"] = slots.get(entry.application_id)
    slot_counts = PresentationSlot.objects.filter(call=call).aggregate(
        total=Count("id"), free=Count("id", filter=Q(application__isnull=True)))
    waiting = sum(1 for e in ranked if e.extra["application"].status == Status.STAGE2 and not e.extra["slot"])
    context = _admin_context(
        request, _("Ranking of %(call)s") % {"call": call.code}, call=call, ranked=ranked,
        rules=ranking_rules(call=call, places=call_places(call=call)), pass_mark=_number(call.pass_mark),
        places=call_places(call=call), free_slots=slot_counts["free"], slots_total=slot_counts["total"],
        waiting=waiting, slot_refusal=_slot_refusal(total=slot_counts["total"], free=slot_counts["free"],
                                                    waiting=waiting),
        slot_add_url=reverse("admin:evaluations_presentationslot_add") + f"?call={call.pk}",
    )
    return TemplateResponse(request, "admin/evaluations/call_ranking.html", context)


def _number(value: Decimal) -> str:
    """60.00 as "60", 0.30 as "0.3": a weight or mark as staff typed it."""
    return f"{value.normalize():f}"


def ranking_rules(*, call: Call, places: int) -> list[str]:
    """The call's ranking formula in words, from its settings (what `scoring.rank` and `decide` compute)."""
    maxima = dict(EvaluationCriterion.objects.filter(call=call).values("stage").annotate(m=Sum("max_points"))
                  .values_list("stage", "m").order_by())
    rules = [_("Each evaluator gives points per criterion; their sum is the evaluator's total (at most "
               "%(stage1)s points in stage 1 and %(stage2)s in stage 2).")
             % {"stage1": maxima.get(1, 0), "stage2": maxima.get(2, 0)}]
    if call.trim_extremes_from:
        rules.append(_("A stage's score is the average of the evaluators' totals; when %(count)s or more "
                       "evaluators scored, the highest and the lowest total are left out "
                       "first.") % {"count": max(call.trim_extremes_from, 3)})
    else:
        rules.append(_("A stage's score is the average of the evaluators' totals."))
    w1, w2 = _number(call.stage1_weight), _number(call.stage2_weight)
    if not call.stage1_weight:
        rules.append(_("The final score is %(w2)s × the stage 2 score: stage 1 decides who presents in stage 2.")
                     % {"w2": w2})
    elif not call.stage2_weight:
        rules.append(_("The final score is %(w1)s × the stage 1 score.") % {"w1": w1})
    else:
        rules.append(_("The final score is %(w1)s × the stage 1 score + %(w2)s × the stage 2 score.")
                     % {"w1": w1, "w2": w2})
    rules += [
        _("An application passes with a final score of at least %(mark)s points (the pass mark); below it, it "
          "fails whatever its rank.") % {"mark": _number(call.pass_mark)},
        _("The first %(places)s passing applications are selected and the other passing ones waitlisted in rank "
          "order.") % {"places": places},
        _("Equal final scores are ordered by the stage 2 score, then the stage 1 score, then the earlier "
          "submission."),
    ]
    return rules


def _slot_refusal(*, total: int, free: int, waiting: int) -> str:
    """Why "Assign free slots in rank order" cannot run now, or "" when it can."""
    if not total:
        return _("No presentation slots exist for this call yet: add them first.")
    if not free:
        return _("Every presentation slot of this call is taken: add slots or release one first.")
    if not waiting:
        return _("No applicant in stage 2 is waiting for a slot.")
    return ""


EXPORT_HEADERS = [
    gettext_lazy("rank"), gettext_lazy("receipt number"), gettext_lazy("company (Korean)"),
    gettext_lazy("company (English)"), gettext_lazy("business registration number"), gettext_lazy("headcount"),
    gettext_lazy("unit type"), gettext_lazy("AI field"), gettext_lazy("status"), gettext_lazy("submitted at"),
    gettext_lazy("stage 1"), gettext_lazy("stage 2"), gettext_lazy("final score"), gettext_lazy("passes"),
]


def _export_rows(call: Call) -> list[list]:
    ranked = call_ranking(call=call)
    ranked_ids = {e.application_id for e in ranked}
    others = (Application.objects.filter(call=call).exclude(status=Status.DRAFT).exclude(pk__in=ranked_ids)
              .select_related("desired_unit_type").order_by("submitted_at", "pk"))
    rows = []

    def row(a, entry=None):
        submitted = timezone.localtime(a.submitted_at).strftime("%Y-%m-%d %H:%M") if a.submitted_at else ""
        return [
            entry.rank if entry else "", a.receipt_number, a.company_name_ko, a.company_name_en,
            a.business_registration_number_display, a.headcount or "",
            a.desired_unit_type.code if a.desired_unit_type else "", a.get_ai_field_display(),
            a.get_status_display(), submitted,
            *[float(v) if v is not None else "" for v in ((entry.stage1, entry.stage2, entry.final) if entry
                                                           else (None, None, None))],
            (_("yes") if entry.passed else _("no")) if entry else "",
        ]

    for entry in ranked:
        rows.append(row(entry.extra["application"], entry))
    for application in others:
        rows.append(row(application))
    return rows


def _export_answers(call: Call, rows: list[list]) -> tuple[list, list[list]]:
    """The answers to the call's own form as more columns (one per question of any version answered), each
    application's read from its own version; nothing for a call with the fixed steps."""
    answered = dict(Application.objects.filter(call=call).exclude(status=Status.DRAFT)
                    .exclude(form_definition__isnull=True).values_list("receipt_number", "form_definition_id"))
    if not answered:
        return [], rows
    answers = dict(Application.objects.filter(call=call, receipt_number__in=answered)
                   .values_list("receipt_number", "answers"))
    loaded = {d.pk: form_load(definition=d) for d in FormDefinition.objects.filter(pk__in=set(answered.values()))}
    columns = answer_export_columns(definitions=list(loaded.values()))
    extended = []
    for row in rows:
        receipt = row[1]
        values = (answer_export_values(loaded=loaded[answered[receipt]], answers=answers.get(receipt) or {})
                  if receipt in answered else {})
        extended.append([*row, *(values.get(key, "") for key, _header in columns)])
    return [header for _key, header in columns], extended


@register("call-applications")
def call_export(request, call_id: int, fmt: str):
    """The call's applications and ranking, with the answers to the call's own form, as CSV (UTF-8 with BOM,
    for Excel) or XLSX."""
    _staff_only(request)
    call = _call(request, call_id)
    extra_headers, rows = _export_answers(call, _export_rows(call))
    headers = [*EXPORT_HEADERS, *extra_headers]
    if fmt == "csv":
        return csv_response(f"applications-{call.code}.csv", headers, rows)
    if fmt == "xlsx":
        return xlsx_response(f"applications-{call.code}.xlsx", headers, rows, sheet_title=call.code)
    raise Http404


def call_decisions(request, call_id: int):
    """Preview of "prepare decisions" (GET), then one transition per application (POST)."""
    _staff_only(request)
    call = _call(request, call_id)
    ranking_url = reverse("admin:evaluations_call_ranking", args=[call.pk])
    if request.method == "POST":
        try:
            outcomes = call_decisions_apply(call=call, actor=request.user)
        except DomainError as exc:
            messages.error(request, str(exc))
            return redirect(ranking_url)
        for outcome in outcomes:
            level = messages.success if outcome.ok else messages.error
            level(request, f"{outcome.application}: {outcome.message}")
        if not outcomes:
            messages.info(request, _("There is nothing to decide: no application is in stage 1 or 2."))
        return redirect(ranking_url)
    plan = call_decision_plan(call=call)
    labels = {d: TRANSITIONS[d].label for d in (Decision.SELECT, Decision.WAITLIST, Decision.NOT_SELECT)}
    for entry in plan:
        entry.extra["label"] = labels[entry.decision]
        entry.extra["reason"] = decision_reason(entry=entry, call=call)
    context = _admin_context(request, _("Prepare decisions for %(call)s") % {"call": call.code}, call=call,
                             plan=plan, places=call_places(call=call), ranking_url=ranking_url)
    return TemplateResponse(request, "admin/evaluations/call_decisions.html", context)


def call_release(request, call_id: int):
    _staff_only(request)
    call = _call(request, call_id)
    ranking_url = reverse("admin:evaluations_call_ranking", args=[call.pk])
    if request.method == "POST":
        if not confirmed(request):  # only the button of this page, which says what happens, releases
            messages.error(request, _("Nothing was released: confirm on this page first."))
            return redirect(request.path)
        try:
            ids = call_release_results(call=call, actor=request.user)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Results released; %(count)s applicants will be notified.")
                             % {"count": len(ids)})
        return redirect(ranking_url)
    counts = {s: Application.objects.filter(call=call, status=s).count()
              for s in (Status.SELECTED, Status.WAITLISTED, Status.NOT_SELECTED, Status.INELIGIBLE)}
    open_call = call.results_released_at is None

    def linked(applications):
        return [(a, reverse("admin:applications_application_change", args=[a.pk])) for a in applications]

    pending = linked(call_pending_applications(call=call)) if open_call else []
    unscored = linked(call_unscored_applications(call=call)) if open_call else []
    context = _admin_context(request, _("Release the results of %(call)s") % {"call": call.code}, call=call,
                             counts=[(Status(s).label, n) for s, n in counts.items()], ranking_url=ranking_url,
                             pending=pending, unscored=unscored, notified=sum(counts.values()))
    return TemplateResponse(request, "admin/evaluations/call_release.html", context)


@require_POST
def call_assign_slots(request, call_id: int):
    _staff_only(request)
    call = _call(request, call_id)
    try:
        assigned = presentation_slots_assign_in_rank_order(call=call, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        for slot in assigned:
            messages.success(request, f"{slot.application}: {slot}")
        if not assigned:
            messages.info(request, _("No free slot or no applicant waiting for one."))
    return redirect(reverse("admin:evaluations_call_ranking", args=[call.pk]))
