"""The one retention schedule (PIPA §21): what is destroyed when its period ends, declared as rules by the apps
that hold the data, each rule's period kept as admin-editable data (defaults from the registry's settings),
run by one daily beat task that writes the destruction register (파기 대장).

Adding a rule: in the app's `privacy.py`, `register_rule(Rule(key=..., file=<the personal-data file's key>,
what=..., retention=<the file's Retention or one of its `also`>, method=..., due=..., destroy=...))`. `due(cutoff)`
returns the rows whose period has ended and that are not destroyed yet (a rule run twice finds nothing the
second time); `destroy(ids, now)` destroys exactly those and returns how many. The schedule's row for the rule
is created with the default period the first time the task or the admin sees it; staff change the period or
pause the rule in the admin (Personal information → Retention schedule), which records who approved it."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .registry import FILES, Retention
from .services import history_delete

logger = logging.getLogger(__name__)


class Method(models.TextChoices):
    DELETE = "delete", _("deleted")
    ANONYMISE = "anonymise", _("personal data erased, the rest kept")


@dataclass(frozen=True)
class Rule:
    """What one rule destroys: rows of a personal-data file past `retention`'s period, found by `due`."""

    key: str
    file: str  # the key of the personal-data file (privacy/registry.py)
    what: str
    retention: Retention  # the default period (its setting) and the event it counts from
    method: str
    due: Callable[[datetime.datetime], models.QuerySet]  # cutoff -> the rows to destroy now
    destroy: Callable[[list, datetime.datetime], int]  # (their ids, now) -> how many were destroyed


RULES: dict[str, Rule] = {}


def register_rule(rule: Rule) -> Rule:
    """Declare a retention rule (called from an app's `privacy` module)."""
    if rule.file not in FILES:
        raise ValueError(f"{rule.key}: unknown personal-data file {rule.file!r}")
    RULES[rule.key] = rule
    return rule


def rules() -> list[Rule]:
    return list(RULES.values())


def delete_rows(model_label: str) -> Callable[[list, datetime.datetime], int]:
    """The usual `destroy`: delete the rows (and their change history, if the model keeps one)."""

    def destroy(ids: list, now: datetime.datetime) -> int:
        model = apps.get_model(model_label)
        history_delete(model, ids)
        return _delete(model, ids)

    return destroy


def _delete(model, ids: list) -> int:
    deleted = 0
    for start in range(0, len(ids), 500):
        _total, per_model = model._default_manager.filter(pk__in=ids[start:start + 500]).delete()
        deleted += per_model.get(model._meta.label, 0)
    return deleted


def _text(value) -> str:
    with translation.override("ko"):
        return str(value)


def retention_schedule_sync() -> list:
    """The schedule's row of every declared rule, created with its default period when missing."""
    from .models import RetentionSchedule

    existing = {row.rule: row for row in RetentionSchedule.objects.all()}
    rows = []
    for rule in rules():
        row = existing.get(rule.key)
        if row is None:
            row, _created = RetentionSchedule.objects.get_or_create(rule=rule.key, defaults={
                "days": rule.retention.days, "counts_from": _text(rule.retention.after)})
        rows.append(row)
    return rows


def retention_rule_run(*, rule: Rule, now: datetime.datetime | None = None):
    """Destroy what `rule` finds past its scheduled period and register it; None when nothing was due."""
    from .models import DestructionRecord, RetentionSchedule

    now = now or timezone.now()
    with transaction.atomic():
        schedule = RetentionSchedule.objects.select_for_update(of=("self",)).select_related("approved_by").get(
            rule=rule.key)
        if not schedule.active or not schedule.days:
            return None
        cutoff = now - datetime.timedelta(days=schedule.days)
        ids = list(rule.due(cutoff).order_by("pk").values_list("pk", flat=True))
        if not ids:
            return None
        count = rule.destroy(ids, now)
        if not count:
            return None
        file = FILES[rule.file]
        record = DestructionRecord.objects.create(
            rule=rule.key, file_name=_text(file.name), what=_text(rule.what),
            subjects=", ".join(_text(subject.value) for subject in file.subjects), count=count, method=rule.method,
            destroyed_at=now, cutoff=cutoff, period_days=schedule.days, counts_from=schedule.counts_from,
            approved_by=schedule.approved_by.get_username() if schedule.approved_by else "",
            approved_at=schedule.approved_at,
        )
    logger.info("retention %s destroyed %s rows (%s)", rule.key, count, rule.method)
    return record


def retention_run(*, now: datetime.datetime | None = None) -> int:
    """Run every rule once (each in its own transaction); returns how many rows were destroyed in all."""
    now = now or timezone.now()
    retention_schedule_sync()
    return sum(record.count for rule in rules() if (record := retention_rule_run(rule=rule, now=now)))
