"""A person's data across the portal, read from the registry: exported for "download my data", erased
or anonymised when the account is deleted (PIPA §35–§36)."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

from .registry import Erasure, Table, files


def _value(instance, name: str):
    field = instance._meta.get_field(name)
    if field.is_relation:
        return getattr(instance, field.attname)
    value = getattr(instance, name)
    if isinstance(field, models.FileField):
        return value.name or ""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def personal_data_export(*, user, email: str) -> dict:
    """{file key: {model label: [rows with their id and personal-data fields]}} for every file the
    portal's apps declare, except the sections an app writes itself (accounts)."""
    data: dict = {}
    for file in files():
        section: dict = {}
        for table in file.tables:
            if table.handled_by_app:
                continue
            exported = [name for name in table.fields if name not in table.not_exported]
            rows = section.setdefault(table.model, {})
            for instance in table.rows(table.linked_q(user, email)):
                row = rows.setdefault(instance.pk, {"id": instance.pk})
                row.update({name: _value(instance, name) for name in exported})
        section = {label: list(rows.values()) for label, rows in section.items() if rows}
        if section:
            data[file.key] = section
    return data


def _blank(field: models.Field):
    if isinstance(field, models.JSONField):
        return field.get_default()
    if field.null:
        return None
    return ""


def _history_model(model):
    manager = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, manager).model if manager else None


def history_delete(model, pks: list) -> int:
    """Delete the change history (simple_history) of rows being destroyed: it holds their earlier values."""
    history = _history_model(model)
    if history is None:
        return 0
    return history._default_manager.filter(**{model._meta.pk.attname + "__in": pks}).delete()[0]


def fields_erase(*, model, pks: list, names: list[str]) -> None:
    """Blank `names` on the rows `pks` of `model` (and in their change history); uploaded files go after commit."""
    files_to_delete = []
    for name in names:
        field = model._meta.get_field(name)
        if isinstance(field, models.FileField):
            files_to_delete += [(field.storage, path) for path in
                                model._default_manager.filter(pk__in=pks).exclude(**{name: ""})
                                .values_list(name, flat=True)]
    values = {name: _blank(model._meta.get_field(name)) for name in names}
    model._default_manager.filter(pk__in=pks).update(**values)
    history = _history_model(model)
    if history is not None:  # the change history keeps earlier values: erase them there too
        kept = {name: value for name, value in values.items() if name in {f.name for f in history._meta.fields}}
        if kept:
            history._default_manager.filter(**{model._meta.pk.attname + "__in": pks}).update(**kept)
    for storage, path in files_to_delete:
        transaction.on_commit(lambda storage=storage, path=path: storage.delete(path))


def _anonymise(table: Table, pks: list[int]) -> None:
    links = set(table.user_links())  # the account itself is anonymised; its links stay
    fields_erase(model=table.model_class, pks=pks, names=[name for name in table.fields if name not in links])


@transaction.atomic
def personal_data_erase(*, user, email: str) -> dict[str, int]:
    """Erase or anonymise every registered row that is `user`'s own (found by the table's owner, `email`
    being the address the account had), as each table declares; return counts by model label."""
    done: dict[str, int] = {}
    for file in files():
        for table in file.tables:
            if table.handled_by_app or table.erasure is Erasure.KEEP:
                continue
            model = table.model_class
            pks = list(model._default_manager.filter(table.owner_q(user, email))
                       .values_list("pk", flat=True).distinct())
            if not pks:
                continue
            if table.erasure is Erasure.DELETE:
                model._default_manager.filter(pk__in=pks).delete()
            else:
                _anonymise(table, pks)
            done[table.model] = done.get(table.model, 0) + len(pks)
    return done
