"""The one workflow engine: a status machine declared as data, changed only through `transition_apply`.

Each app declares its machine in its own `workflow.py` as a `Workflow`: frozen `State`s (with the label
and help text the applicant or tenant reads) and frozen `Transition`s (who may take them, whether they
need a reason). The engine takes that table as data and imports no domain app. `transition_apply`
locks the row, checks the transition, writes the status (and the caller's other fields) with
`update_fields`, records one `portal.models.StatusChange` and returns the locked instance.

Adding a workflow (see docs/architecture.md): declare the statuses as `TextChoices`, the `State`s and
`Transition`s, and a `Workflow(...)` naming the model by its label; give the model
`transitions = GenericRelation("portal.StatusChange", related_query_name="<model>")`; write each
service as a call of `transition_apply`; register the admin with `WorkflowAdminMixin`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .exceptions import PermissionRefused, TransitionNotAllowed

SYSTEM = "system"  # the actor of the changes the portal makes itself (deadlines, derived statuses)


class Kind(models.TextChoices):
    """What a transition does to the case, which its admin button shows: a step forward (the primary button),
    a refusal or cancellation (the danger button), or a step aside (asking for more, waitlisting)."""

    FORWARD = "forward"
    ASIDE = "aside"
    REFUSAL = "refusal"


class ActorKind(models.TextChoices):
    USER = "user", _("Person")
    SYSTEM = "system", _("The portal")


@dataclass(frozen=True)
class State:
    """A status and what the person it concerns (applicant, tenant) reads about it."""

    status: str
    public_label: str | Promise = ""
    public_help: str | Promise = ""
    final: bool = False

    @property
    def label(self) -> str:
        return str(getattr(self.status, "label", self.status))


@dataclass(frozen=True)
class Transition:
    """A named move from one of `sources` to `target`, taken by `actor` (a role of the workflow or SYSTEM)."""

    name: str
    sources: tuple[str, ...]
    target: str
    actor: str
    label: str | Promise
    needs_reason: bool = False
    kind: str = Kind.FORWARD

    @property
    def by_system(self) -> bool:
        return self.actor == SYSTEM


# Checks that `user` may act as `role` on `instance`; raises PermissionRefused.
ActorCheck = Callable[[models.Model, object, str], None]

WORKFLOWS: dict[str, Workflow] = {}  # by model label in lower case ("applications.application")


class Workflow:
    """One model's status machine. Declared once, at import of the app's `workflow.py`."""

    def __init__(
        self, *, model: str, states: Iterable[State], transitions: Iterable[Transition], check_actor: ActorCheck,
        field: str = "status", refused: str | Promise = "",
    ) -> None:
        self.model_label = model.lower()
        self.field = field
        self.states: dict[str, State] = {str(s.status): s for s in states}
        self.transitions: dict[str, Transition] = {}
        for t in transitions:
            if t.name in self.transitions:
                raise ValueError(f"{model}: transition {t.name!r} declared twice")
            unknown = {str(s) for s in (*t.sources, t.target)} - self.states.keys()
            if unknown:
                raise ValueError(f"{model}: transition {t.name!r} names unknown statuses {sorted(unknown)}")
            self.transitions[t.name] = t
        self.check_actor = check_actor
        # The refusal, with %(action)s, %(status)s (the current one) and %(to)s; each workflow words its own.
        self.refused = refused or _("“%(action)s” is not possible in the status “%(status)s”.")
        WORKFLOWS[self.model_label] = self

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    def state(self, status: str) -> State:
        return self.states[str(status)]

    def label(self, status: str) -> str:
        state = self.states.get(str(status))
        return state.label if state else str(status or "")

    def transitions_from(self, status: str, *, actor: str | None = None) -> list[Transition]:
        return [t for t in self.transitions.values()
                if status in t.sources and (actor is None or t.actor == actor)]

    def allowed_targets(self, status: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t.target for t in self.transitions_from(status)))


def require_district_staff(user) -> None:
    """The check of the "staff" role that most workflows share."""
    if user is None or not user.is_district_staff:
        raise PermissionRefused(gettext("Only district staff can do this."), code="not_staff")


def workflow_for(model_or_label) -> Workflow | None:
    label = model_or_label if isinstance(model_or_label, str) else model_or_label._meta.label
    return WORKFLOWS.get(label.lower())


def transition_refusal(*, workflow: Workflow, transition: Transition, status: str) -> TransitionNotAllowed:
    return TransitionNotAllowed(
        str(workflow.refused) % {"action": transition.label, "status": workflow.label(status),
                                 "to": workflow.label(transition.target)},
        code="not_allowed_from_status",
    )


@transaction.atomic
def transition_apply(
    *, workflow: Workflow, instance: models.Model, name: str, actor, reason: str = "", at=None,
    changes: dict | None = None, check: Callable[[models.Model], None] | None = None, reason_en: str = "",
):
    """Apply the named transition to the row of `instance`, or raise TransitionNotAllowed / PermissionRefused.

    The row is locked so that two concurrent actions cannot both start from the same status. `changes`
    (other fields: submitted_at, receipt_number, ...) are written in the same UPDATE. `check` is the app's own
    rule (a DomainError), run on the locked row once the table allows the transition. `reason_en`, optional, is
    the English of a decision's reasons, kept with them for the English translation of its notice. The caller's
    `instance` is left as it was: use the returned, locked instance.
    """
    from .models import StatusChange

    transition = workflow.transitions.get(name)
    if transition is None:
        raise TransitionNotAllowed(gettext("Unknown action."), code="unknown_transition")
    model = type(instance)._meta.concrete_model
    locked = model._default_manager.select_for_update().get(pk=instance.pk)
    if transition.by_system:
        if actor is not None:
            raise PermissionRefused(gettext("Only the portal itself makes this change."), code="system_only")
    else:
        workflow.check_actor(locked, actor, transition.actor)
    previous = getattr(locked, workflow.field)
    if previous not in transition.sources:
        raise transition_refusal(workflow=workflow, transition=transition, status=previous)
    reason = (reason or "").strip()
    if check is not None:
        check(locked)
    if transition.needs_reason and not reason:
        raise TransitionNotAllowed(gettext("Please give a reason or message."), code="reason_required",
                                   field="reason")
    setattr(locked, workflow.field, transition.target)
    fields = [workflow.field]
    for field, value in (changes or {}).items():
        setattr(locked, field, value)
        fields.append(field)
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        fields.append("updated_at")
    locked._change_reason = (reason or transition.name)[:100]  # django-simple-history (100 characters)
    locked.save(update_fields=list(dict.fromkeys(fields)))
    StatusChange.objects.create(
        subject=locked, name=transition.name, from_status=previous, to_status=transition.target,
        actor=actor, actor_kind=ActorKind.SYSTEM if actor is None else ActorKind.USER,
        reason=reason, reason_en=(reason_en or "").strip(), at=at or timezone.now(),
    )
    return locked


@transaction.atomic
def transition_apply_many(
    *, workflow: Workflow, pks: list, name: str, actor, reason: str | Callable[[models.Model], str] = "", at=None,
    changes: dict | None = None,
) -> list[models.Model]:
    """`transition_apply` for many rows of one model at once, in a few statements whatever their number: the
    rows locked (in key order), each checked as `transition_apply` checks one (the first refusal raises and
    nothing is written), then one UPDATE per batch, their history and one `StatusChange` each. `reason` may
    be a function of the locked row; `changes` maps a row's key to its other fields. Returns the locked rows."""
    from simple_history.utils import bulk_update_with_history

    from .models import StatusChange

    transition = workflow.transitions.get(name)
    if transition is None:
        raise TransitionNotAllowed(gettext("Unknown action."), code="unknown_transition")
    if transition.by_system and actor is not None:
        raise PermissionRefused(gettext("Only the portal itself makes this change."), code="system_only")
    model = workflow.model._meta.concrete_model
    rows = list(model._default_manager.select_for_update().filter(pk__in=pks).order_by("pk"))
    changes = changes or {}
    fields = list(dict.fromkeys([workflow.field, *(f for values in changes.values() for f in values)]))
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        fields.append("updated_at")
    now, logged = timezone.now(), []
    for row in rows:
        if not transition.by_system:
            workflow.check_actor(row, actor, transition.actor)
        previous = getattr(row, workflow.field)
        if previous not in transition.sources:
            raise transition_refusal(workflow=workflow, transition=transition, status=previous)
        text = ((reason(row) if callable(reason) else reason) or "").strip()
        if transition.needs_reason and not text:
            raise TransitionNotAllowed(gettext("Please give a reason or message."), code="reason_required",
                                       field="reason")
        setattr(row, workflow.field, transition.target)
        for field, value in changes.get(row.pk, {}).items():
            setattr(row, field, value)
        if "updated_at" in fields:
            row.updated_at = now
        logged.append(StatusChange(
            subject=row, name=transition.name, from_status=previous, to_status=transition.target, actor=actor,
            actor_kind=ActorKind.SYSTEM if actor is None else ActorKind.USER, reason=text, at=at or now))
    if getattr(model._meta, "simple_history_manager_attribute", None):
        bulk_update_with_history(rows, model, fields, batch_size=500, default_user=actor,
                                 default_change_reason=transition.name, default_date=now)
    else:
        model._default_manager.bulk_update(rows, fields, batch_size=500)
    StatusChange.objects.bulk_create(logged, batch_size=1000)
    return rows


def status_change_record(
    *, instance: models.Model, to_status: str, actor=None, name: str = "", from_status: str = "", reason: str = "",
    at=None,
):
    """Log the first status of a row just created (a lease drafted, an invoice issued): no transition led to it."""
    from .models import StatusChange

    return StatusChange.objects.create(
        subject=instance, name=name, from_status=from_status, to_status=to_status, actor=actor,
        actor_kind=ActorKind.USER if actor is not None else ActorKind.SYSTEM, reason=(reason or "").strip(),
        at=at or timezone.now(),
    )
