"""Writes of the staff review and the committee: transitions, messages, declarations, scorecards, decisions."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationMessage, Call
from applications.services import (
    DECISIONS_WITH_NOTICE,
    application_decision_notice_issue,
    application_message_post,
    application_request_information,
    application_transition,
)
from applications.workflow import TRANSITIONS, Actor, Status
from portal.exceptions import DomainError, PermissionRefused, TransitionNotAllowed
from portal.queue import enqueue_on_commit

from . import notifications
from .models import ConflictDeclaration, PresentationSlot, ResultNotice, Scorecard, ScoreItem
from .selectors import (
    call_decision_plan,
    call_ranking,
    call_unscored_applications,
    criteria_for,
    evaluator_application_get,
    evaluator_declaration,
    evaluator_recusal,
)


def _require_staff(actor) -> None:
    if actor is None or not actor.is_district_staff:
        raise PermissionRefused(_("Only district staff can do this."))


# ---------------------------------------------------------------------------------------------
# Staff transitions
# ---------------------------------------------------------------------------------------------

def application_staff_transition(
    *, application: Application, name: str, actor, reason: str = "", reopened_fields: list[str] | None = None,
    reason_en: str = "",
) -> Application:
    """Apply a staff action of the workflow; applicant actions are refused here. `reason_en` is the English of
    a decision's reasons (an ineligibility, a non-selection), for the English translation of its notice."""
    transition = TRANSITIONS.get(name)
    if transition is None or transition.actor != Actor.STAFF:
        raise TransitionNotAllowed(_("This action is not available to staff."))
    if name == "request_information":
        return application_request_information(
            application=application, actor=actor, message=reason, reopened_fields=reopened_fields or [],
        )
    if name == "mark_ineligible":  # the items reopened by an unanswered request are closed again
        return application_transition(application=application, name=name, actor=actor, reason=reason,
                                      reason_en=reason_en, extra_fields={"reopened_fields": []})
    return application_transition(application=application, name=name, actor=actor, reason=reason,
                                  reason_en=reason_en if name in DECISIONS_WITH_NOTICE else "")


def application_message_reply(*, application: Application, author, body: str) -> ApplicationMessage:
    """Staff answer in the application's message thread, through the thread's one writer
    (`applications.services.application_message_post`), which tells the applicant."""
    _require_staff(author)
    return application_message_post(application=application, author=author, body=body)


# ---------------------------------------------------------------------------------------------
# The committee
# ---------------------------------------------------------------------------------------------

def _assigned_stage(*, evaluator, application: Application) -> int:
    found = evaluator_application_get(user=evaluator, application_id=application.pk)
    if found is None:
        raise PermissionRefused(_("This application is not assigned to you."))
    return found[1]


@transaction.atomic
def conflict_declare(*, evaluator, application: Application, has_conflict: bool, note: str = "") -> ConflictDeclaration:
    """Record the evaluator's declaration once; a conflict recuses them from the application."""
    stage = _assigned_stage(evaluator=evaluator, application=application)
    if has_conflict and not note.strip():
        raise DomainError(_("Please describe the conflict of interest."))
    if evaluator_recusal(user=evaluator, application=application, stage=stage) is not None:
        raise DomainError(_("You declared a conflict of interest with this company at an earlier stage: "
                            "you remain recused from this application."))
    declaration, created = ConflictDeclaration.objects.get_or_create(
        evaluator=evaluator, application=application, stage=stage,
        defaults={"has_conflict": has_conflict, "note": note.strip()},
    )
    if not created:
        raise DomainError(_("You have already made your declaration for this application."))
    return declaration


@dataclass
class ScoreInput:
    criterion_id: int
    points: int | None
    comment: str = ""


@transaction.atomic
def scorecard_save(*, evaluator, application: Application, scores: list[ScoreInput], submit: bool) -> Scorecard:
    """Save the evaluator's scores (a draft, or submitted and locked)."""
    stage = _assigned_stage(evaluator=evaluator, application=application)
    declaration = evaluator_declaration(user=evaluator, application=application, stage=stage)
    if declaration is None or declaration.has_conflict:
        raise PermissionRefused(_("Declare the absence of a conflict of interest first."))
    criteria = {c.pk: c for c in criteria_for(call_id=application.call_id, stage=stage)}
    if not criteria:
        raise DomainError(_("No criteria are defined for this stage yet."))
    scorecard, _created = Scorecard.objects.select_for_update().get_or_create(
        evaluator=evaluator, application=application, stage=stage,
    )
    if scorecard.locked:
        raise DomainError(_("These scores were submitted and are locked."))
    given = {s.criterion_id: s for s in scores if s.criterion_id in criteria}
    for criterion_id, score in given.items():
        criterion = criteria[criterion_id]
        if score.points is not None and not 0 <= score.points <= criterion.max_points:
            raise DomainError(
                _("Points for “%(criterion)s” must be between 0 and %(max)s.")
                % {"criterion": criterion.name_ko, "max": criterion.max_points}
            )
    if submit and any(given.get(pk) is None or given[pk].points is None for pk in criteria):
        raise DomainError(_("Give points for every criterion before submitting."))
    existing = {item.criterion_id: item for item in scorecard.items.all()}
    for criterion_id, score in given.items():
        if score.points is None:
            if criterion_id in existing:
                existing.pop(criterion_id).delete()
            continue
        item = existing.get(criterion_id)
        if item is None:
            existing[criterion_id] = ScoreItem.objects.create(
                scorecard=scorecard, criterion_id=criterion_id, points=score.points, comment=score.comment.strip()
            )
        else:
            item.points, item.comment = score.points, score.comment.strip()
            item.save(update_fields=["points", "comment"])
    scorecard.total = sum(item.points for item in existing.values())
    fields = ["total", "updated_at"]
    if submit:
        scorecard.submitted_at = timezone.now()
        scorecard.locked = True
        fields += ["submitted_at", "locked"]
    scorecard.save(update_fields=fields)
    return scorecard


@transaction.atomic
def scorecard_reopen(*, scorecard: Scorecard, actor) -> Scorecard:
    """Staff unlock a submitted scorecard so that the evaluator can correct it."""
    _require_staff(actor)
    locked = Scorecard.objects.select_for_update().get(pk=scorecard.pk)
    if not locked.locked:
        raise DomainError(_("This scorecard is not locked."))
    locked.locked = False
    locked.submitted_at = None
    locked.reopened_by = actor
    locked.reopened_at = timezone.now()
    locked._change_reason = "reopen"
    locked.save(update_fields=["locked", "submitted_at", "reopened_by", "reopened_at", "updated_at"])
    return locked


# ---------------------------------------------------------------------------------------------
# Decisions
# ---------------------------------------------------------------------------------------------

@dataclass
class Outcome:
    application: Application
    ok: bool
    message: str


def call_decisions_apply(*, call, actor) -> list[Outcome]:
    """Select, waitlist and not-select per the ranking, one transition per application.

    Each transition is its own transaction: a refusal is reported and does not undo the others."""
    _require_staff(actor)
    outcomes: list[Outcome] = []
    for entry in call_decision_plan(call=call):
        application = entry.extra["application"]
        with translation.override("ko"):  # the official notice's language, whatever the page's
            reason = decision_reason(entry=entry, call=call)
        with translation.override("en"):
            reason_en = decision_reason(entry=entry, call=call)
        try:
            application_transition(application=application, name=entry.decision, actor=actor, reason=reason,
                                   reason_en=reason_en if entry.decision in DECISIONS_WITH_NOTICE else "")
        except DomainError as exc:
            outcomes.append(Outcome(application, False, str(exc)))
        else:
            outcomes.append(Outcome(application, True, str(TRANSITIONS[entry.decision].label)))
    return outcomes


def decision_reason(*, entry, call) -> str:
    if entry.extra.get("not_shortlisted"):
        return _("Not shortlisted for the presentation stage.")
    if entry.final is None:
        return _("No final score.")
    if not entry.passed:
        return _("Final score %(score)s is below the pass mark %(mark)s.") % {
            "score": entry.final, "mark": call.pass_mark}
    return _("Rank %(rank)s") % {"rank": entry.rank}


# ---------------------------------------------------------------------------------------------
# Stage 2: presentation slots
# ---------------------------------------------------------------------------------------------

def presentation_slot_check(*, slot: PresentationSlot, application: Application) -> None:
    """Refuse an assignment that cannot be made (wrong call, not in stage 2, slot or applicant taken)."""
    if application.call_id != slot.call_id:
        raise DomainError(_("The application belongs to another call."))
    if application.status != Status.STAGE2:
        raise DomainError(_("Only applications in stage 2 can be given a presentation slot."))
    taken = PresentationSlot.objects.filter(application=application).exclude(pk=slot.pk).first()
    if taken is not None:
        raise DomainError(_("This applicant already has the slot %(slot)s.") % {"slot": taken})


@transaction.atomic
def presentation_slot_assign(*, slot: PresentationSlot, application: Application, actor) -> PresentationSlot:
    """Give the slot to the applicant and tell them the date, time and place (Korea time)."""
    _require_staff(actor)
    slot = PresentationSlot.objects.select_for_update().get(pk=slot.pk)
    presentation_slot_check(slot=slot, application=application)
    if slot.application_id and slot.application_id != application.pk:
        raise DomainError(_("This slot is already assigned."))
    slot.application = application
    slot.notified_at = timezone.now()
    slot.confirmed_at = None
    slot.save(update_fields=["application", "notified_at", "confirmed_at", "updated_at"])
    notifications.presentation_invitation(slot=slot, application=application)
    return slot


@transaction.atomic
def presentation_slot_release(*, slot: PresentationSlot, actor) -> PresentationSlot:
    """Free a slot (the applicant keeps no appointment)."""
    _require_staff(actor)
    slot = PresentationSlot.objects.select_for_update().get(pk=slot.pk)
    slot.application = None
    slot.notified_at = slot.confirmed_at = None
    slot.save(update_fields=["application", "notified_at", "confirmed_at", "updated_at"])
    return slot


def presentation_slots_assign_in_rank_order(*, call, actor) -> list[PresentationSlot]:
    """Give the free slots, earliest first, to the applicants in stage 2 without one, best stage-1 score first."""
    _require_staff(actor)
    waiting = [
        entry.extra["application"]
        for entry in sorted(
            call_ranking(call=call, statuses=(Status.STAGE2,)),
            key=lambda e: ((e.stage1 is None), -(e.stage1 or 0), e.submitted_at or timezone.now(), e.application_id),
        )
        if not PresentationSlot.objects.filter(application_id=entry.application_id).exists()
    ]
    free = list(PresentationSlot.objects.filter(call=call, application__isnull=True).order_by("starts_at", "id"))
    assigned = []
    for slot, application in zip(free, waiting, strict=False):
        assigned.append(presentation_slot_assign(slot=slot, application=application, actor=actor))
    return assigned


@transaction.atomic
def presentation_slot_confirm(*, application: Application, user) -> PresentationSlot:
    """The applicant confirms they will attend."""
    if user.pk != application.applicant_id:
        raise PermissionRefused(_("Only the applicant can do this."))
    slot = PresentationSlot.objects.select_for_update().filter(application=application).first()
    if slot is None:
        raise DomainError(_("No presentation slot has been assigned."))
    if slot.confirmed_at is None:
        slot.confirmed_at = timezone.now()
        slot.save(update_fields=["confirmed_at", "updated_at"])
    return slot


# ---------------------------------------------------------------------------------------------
# Release of results
# ---------------------------------------------------------------------------------------------

RESULT_STATUSES = (Status.SELECTED, Status.WAITLISTED, Status.NOT_SELECTED, Status.INELIGIBLE)
PENDING_STATUSES = (Status.SUBMITTED, Status.ELIGIBILITY_REVIEW, Status.INFO_REQUESTED, Status.STAGE1,
                    Status.STAGE2)


def call_pending_applications(*, call: Call):
    """The call's applications without a decision yet: they block the release of the results."""
    return Application.objects.filter(call=call, status__in=PENDING_STATUSES).order_by("receipt_number", "id")


@transaction.atomic
def call_release_results(*, call: Call, actor) -> list[int]:
    """Release the call's results to all its applicants at once; one notice per application is queued."""
    from .tasks import result_notify_task

    _require_staff(actor)
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.results_released_at is not None:
        raise DomainError(_("The results of this call were already released."))
    pending = call_pending_applications(call=call).count()
    if pending:
        raise DomainError(
            _("%(count)s applications have no decision yet; prepare the decisions first.") % {"count": pending}
        )
    unscored = call_unscored_applications(call=call)
    if unscored:
        raise DomainError(
            _("These applications were evaluated but have no scores: %(list)s. Ask their evaluators to submit "
              "their scorecards first.") % {"list": ", ".join(a.receipt_number or str(a.pk) for a in unscored)},
            code="unscored",
        )
    call.results_released_at = timezone.now()
    call._change_reason = "release results"
    call.save(update_fields=["results_released_at", "updated_at"])
    ids = []
    for application in Application.objects.filter(call=call, status__in=RESULT_STATUSES).order_by("id"):
        ResultNotice.objects.get_or_create(application=application, defaults={"status": application.status})
        if application.status == Status.NOT_SELECTED:
            application_decision_notice_issue(application=application)
        ids.append(application.pk)
        enqueue_on_commit(result_notify_task, application_id=application.pk)
    return ids


def application_result_notify(*, application_id: int) -> bool:
    """Tell the applicant the result in their language, once. False when there was nothing to send."""
    with transaction.atomic():
        notice = (ResultNotice.objects.select_for_update().select_related("application__call", "application__applicant")
                  .filter(application_id=application_id).first())
        if notice is None or notice.sent_at is not None or notice.application.call.results_released_at is None:
            return False
        application = notice.application
        notification = notifications.result(application=application, status=notice.status)
        notice.sent_at = timezone.now()
        notice.notification = notification
        notice.save(update_fields=["sent_at", "notification"])
        return True
