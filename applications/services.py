"""Writes on calls and applications. Every status change goes through `application_transition`."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.exceptions import PermissionRefused, TransitionNotAllowed

from .models import (
    DEFAULT_CRITERIA,
    DEFAULT_DOCUMENT_TYPES,
    Application,
    ApplicationTransition,
    Call,
    CallDocumentType,
    EvaluationCriterion,
)
from .workflow import STATES, TRANSITIONS, Actor


@transaction.atomic
def call_add_defaults(*, call: Call) -> Call:
    """Give a new call the usual documents and the default criteria of both stages (40/30/30)."""
    if not call.document_types.exists():
        CallDocumentType.objects.bulk_create(
            CallDocumentType(call=call, name_ko=ko, name_en=en, required=required, allowed_formats=formats,
                             position=i)
            for i, (ko, en, required, formats) in enumerate(DEFAULT_DOCUMENT_TYPES)
        )
    if not call.criteria.exists():
        EvaluationCriterion.objects.bulk_create(
            EvaluationCriterion(call=call, stage=stage, name_ko=ko, name_en=en, max_points=points, position=i)
            for stage in (EvaluationCriterion.Stage.WRITTEN, EvaluationCriterion.Stage.PRESENTATION)
            for i, (ko, en, points) in enumerate(DEFAULT_CRITERIA)
        )
    return call


def _check_actor(*, application: Application, actor, role: Actor) -> None:
    if role == Actor.APPLICANT and (actor is None or actor.pk != application.applicant_id):
        raise PermissionRefused(_("Only the applicant can do this."))
    if role == Actor.STAFF and (actor is None or not actor.is_district_staff):
        raise PermissionRefused(_("Only district staff can do this."))


@transaction.atomic
def application_transition(
    *, application: Application, name: str, actor, reason: str = "", at=None, extra_fields: dict | None = None,
) -> Application:
    """Apply the named transition of the workflow, or raise TransitionNotAllowed / PermissionRefused.

    The row is locked so that two concurrent actions cannot both start from the same state.
    `extra_fields` are saved in the same write (submitted_at, receipt_number, reopened_fields, ...).
    """
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise TransitionNotAllowed(_("Unknown action."))
    locked = Application.objects.select_for_update().get(pk=application.pk)
    _check_actor(application=locked, actor=actor, role=transition.actor)
    if locked.status not in transition.sources:
        raise TransitionNotAllowed(
            _("“%(action)s” is not possible while the application is “%(status)s”.")
            % {"action": transition.label, "status": STATES[locked.status].status.label}
        )
    if transition.needs_reason and not reason.strip():
        raise TransitionNotAllowed(_("Please give a reason or message."))
    previous = locked.status
    locked.status = transition.target
    fields = ["status", "updated_at"]
    for field, value in (extra_fields or {}).items():
        setattr(locked, field, value)
        fields.append(field)
    locked._change_reason = reason or transition.name
    locked.save(update_fields=fields)
    ApplicationTransition.objects.create(
        application=locked, name=transition.name, from_status=previous, to_status=transition.target,
        actor=actor, reason=reason.strip(), at=at or timezone.now(),
    )
    application.__dict__.update({f: getattr(locked, f) for f in fields})
    return locked
