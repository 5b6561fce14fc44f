"""One walk for every declared workflow: each (status, transition, actor) triple is allowed or refused as declared.

A test module of an app parametrises over `walk_cases(WORKFLOW, roles)`, builds the row in the status and
the user of the role, and calls `assert_triple`. Allowed triples move the row and leave one StatusChange
row; refused ones raise a DomainError with a code and change nothing. Every declared workflow must be walked
in `tests/<its app>/test_workflow.py` (tests/portal/test_workflow.py checks).
"""

import pytest
from django.contrib.contenttypes.models import ContentType

from portal.exceptions import DomainError
from portal.models import StatusChange
from portal.workflow import SYSTEM, ActorKind, Workflow, transition_apply


def walk_cases(workflow: Workflow, roles) -> list:
    return [
        pytest.param(status, name, role, id=f"{status}-{name}-{role}")
        for status in workflow.states for name in workflow.transitions for role in (*roles, SYSTEM)
    ]


def _log(instance):
    return StatusChange.objects.filter(content_type=ContentType.objects.get_for_model(instance),
                                       object_id=instance.pk)


def assert_triple(*, workflow: Workflow, instance, name: str, role: str, user, reason: str = "사유", **kwargs):
    """Apply `name` as `user` (of `role`; None for the portal itself) and check the outcome against the table."""
    transition = workflow.transitions[name]
    status = getattr(instance, workflow.field)
    allowed = status in transition.sources and role == transition.actor
    before = _log(instance).count()
    model = type(instance)
    if allowed:
        result = transition_apply(workflow=workflow, instance=instance, name=name, actor=user, reason=reason, **kwargs)
        assert getattr(result, workflow.field) == transition.target
        assert getattr(model.objects.get(pk=instance.pk), workflow.field) == transition.target
        assert _log(instance).count() == before + 1
        log = _log(instance).latest("id")
        assert (log.name, log.from_status, log.to_status, log.actor_id, log.actor_kind, log.reason) == (
            name, status, transition.target, getattr(user, "pk", None),
            ActorKind.SYSTEM if user is None else ActorKind.USER, reason,
        )
    else:
        with pytest.raises(DomainError) as refused:
            transition_apply(workflow=workflow, instance=instance, name=name, actor=user, reason=reason, **kwargs)
        assert refused.value.code
        assert getattr(model.objects.get(pk=instance.pk), workflow.field) == status
        assert _log(instance).count() == before
    return allowed
