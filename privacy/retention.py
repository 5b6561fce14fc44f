"""The one retention schedule (PIPA §21): what is destroyed when its period ends, declared as rules by the apps
that hold the data, each rule's period kept as admin-editable data (defaults from the registry's settings),
run by one daily beat task that writes the destruction register (파기 대장).

Adding a rule: in the app's `privacy.py`, `register_rule(Rule(key=..., file=<the personal-data file's key>,
what=..., retention=<the file's Retention or one of its `also`>, method=..., due=..., destroy=...))`. `due(cutoff)`
returns the rows whose period has ended and that are not destroyed yet (a rule run twice finds nothing the
second time); `destroy(ids, now)` destroys exactly those and returns how many; `covers` names the registered
fields it destroys, per model (`()` for rows deleted whole); `references(ids)`, when the rows have a number
without personal data (a receipt number: `numbers_or_ids`), is what the register names them by (else their ids).
Most rules are one `field_rule(...)`: the rows of one model whose event is older than the period, deleted or
with their personal fields blanked. `tests/privacy/test_retention.py` fails while a registered field of a file
with a period has no rule (a row's link to its own account, the table's `owner`, follows the account) and runs
every rule on a moved clock. The schedule's row for the rule is created with the default period the first time
the task or the admin sees it; staff change the period or
pause the rule in the admin (Personal information → Retention schedule), which records who approved it."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.core.files.storage import storages
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .registry import FILES, Retention
from .services import fields_erase, history_delete

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
    # (model label, fields blanked) for each model the rule destroys; () when its rows are deleted whole
    covers: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # (their ids) -> what the register names the destroyed rows by, read before they go: a number without personal
    # data (a receipt number, `numbers_or_ids`); by default their ids (`id_ranges`)
    references: Callable[[list], list[str]] | None = None


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


def id_ranges(ids: list) -> list[str]:
    """The rows' ids, runs of consecutive ids as one range ("#12–#40"): a register entry names every row it
    destroyed without growing with the thousands of rows a log rule takes at once."""
    ranges: list[list[int]] = []
    for pk in sorted(ids):
        if ranges and pk == ranges[-1][1] + 1:
            ranges[-1][1] = pk
        else:
            ranges.append([pk, pk])
    return [f"#{first}" if first == last else f"#{first}–#{last}" for first, last in ranges]


def numbers_or_ids(model_label: str, lookup: str) -> Callable[[list], list[str]]:
    """`references` naming the rows by a number that holds no personal data (`lookup`, e.g. "receipt_number" or
    "application__receipt_number"), each once, in order; "#id" for a row without one (a request never received)."""

    def references(ids: list) -> list[str]:
        rows = apps.get_model(model_label)._default_manager.filter(pk__in=ids).order_by("pk")
        return list(dict.fromkeys(number or f"#{pk}" for pk, number in rows.values_list("pk", lookup)))

    return references


def has_personal_data(model, names) -> Q:
    """Rows where any of the fields `names` still holds something (a rule run twice finds nothing)."""
    q = Q()
    for name in names:
        field = model._meta.get_field(name)
        if field.is_relation or (field.null and not isinstance(field, models.JSONField)):
            q |= Q(**{f"{name}__isnull": False})
        elif isinstance(field, models.JSONField):
            q |= Q(**{f"{name}__isnull": False}) & ~Q(**{name: field.get_default()})
        else:
            q |= ~Q(**{name: ""})
    return q


def _event_lookup(model, path: str) -> bool:
    """Whether the event `path` (e.g. "call__closes_at") ends on a date rather than a moment."""
    *relations, last = path.split("__")
    for name in relations:
        model = model._meta.get_field(name).related_model
    field = model._meta.get_field(last)
    return isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField)


def field_rule(*, key: str, file: str, what, retention: Retention, model: str, counted_from: str,
               fields: tuple[str, ...] = (), where: Q | None = None, paths: tuple[str, ...] = (),
               last_due: Callable[[datetime.datetime], datetime.date] | None = None) -> Rule:
    """The rows of `model` whose `counted_from` (a lookup to a date or a moment) is older than the period and
    that match `where`: deleted when `fields` is empty, else those fields blanked. `paths` are character
    fields holding private-storage paths, whose files are deleted after commit. `last_due(cutoff)`, when
    given, is the latest `counted_from` that is due (the period counts from an event the date leads to)."""

    def due(cutoff: datetime.datetime):
        klass = apps.get_model(model)
        if last_due is not None:
            rows = klass._default_manager.filter(**{f"{counted_from}__lte": last_due(cutoff)})
        else:
            value = timezone.localtime(cutoff).date() if _event_lookup(klass, counted_from) else cutoff
            rows = klass._default_manager.filter(**{f"{counted_from}__lt": value})
        if where is not None:
            rows = rows.filter(where)
        if fields:
            rows = rows.filter(has_personal_data(klass, fields))
        return klass._default_manager.filter(pk__in=rows.values("pk"))

    def destroy(ids: list, now: datetime.datetime) -> int:
        klass = apps.get_model(model)
        storage = storages["private"]
        for path in (p for name in paths for p in klass._default_manager.filter(pk__in=ids)
                     .exclude(**{name: ""}).values_list(name, flat=True)):
            transaction.on_commit(lambda path=path: storage.delete(path))
        if not fields:
            return delete_rows(model)(ids, now)
        fields_erase(model=klass, pks=ids, names=list(fields))
        return len(ids)

    return Rule(key=key, file=file, what=what, retention=retention,
                method=Method.ANONYMISE if fields else Method.DELETE, due=due, destroy=destroy,
                covers=((model, tuple(fields)),))


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
                "days": rule.retention.default_days, "counts_from": _text(rule.retention.after)})
        rows.append(row)
    return rows


def scheduled_days() -> dict[tuple[str, str], int]:
    """The periods of the retention schedule by `Retention.key`, for writing the privacy policy from them."""
    return {RULES[row.rule].retention.key: row.days for row in retention_schedule_sync() if row.rule in RULES}


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
        references = rule.references(ids) if rule.references else id_ranges(ids)
        count = rule.destroy(ids, now)
        if not count:
            return None
        file = FILES[rule.file]
        record = DestructionRecord.objects.create(
            rule=rule.key, file_name=_text(file.name), what=_text(rule.what),
            subjects=", ".join(_text(subject.value) for subject in file.subjects), count=count, method=rule.method,
            references=references,
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
