"""Queries whose SQL the ORM builds once per process and database, then run with new values.

Building and compiling a queryset with subqueries and joins takes a millisecond or more of Python, often
several times what the database needs to run it; a statement asked once per invoice of a month's run, or
per row of a page, pays that every time. `CompiledQuery` keeps the queryset written with the ORM (so it
follows the models) and compiles it the first time with sample values standing for the arguments; each
later call fills the arguments into the same SQL by position.

The sample values must each appear among the compiled parameters and be unlike each other and any constant of
the query, yet within their fields' ranges (Django drops a comparison with a number its field cannot hold):
an improbable id, year, month and date: a mismatch raises at the first call, which the tests of
each query reach.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db import connections
from django.db.models import QuerySet


class CompiledQuery:
    """`build(**values)` returns a queryset of rows (`values_list`); `rows(**values)` runs its SQL, compiled
    once per database alias, with `values` in place of `samples`."""

    def __init__(self, build: Callable[..., QuerySet], **samples: Any) -> None:
        self.build, self.samples = build, samples
        self._compiled: dict[str, tuple[str, list[tuple[str | None, Any]]]] = {}

    def _slot(self, param: Any) -> tuple[str | None, Any]:
        """(argument name, None) for a sample's place; ("iso:" + name, None) where the backend took a date as its
        ISO text (SQLite); (None, the constant) for a constant of the query."""
        names = [name for name, sample in self.samples.items() if type(sample) is type(param) and sample == param]
        names += [f"iso:{name}" for name, sample in self.samples.items()
                  if isinstance(sample, datetime.date) and isinstance(param, str) and sample.isoformat() == param]
        if len(names) > 1:
            raise ValueError(f"samples {names} share the value {param!r}")
        return (names[0], None) if names else (None, param)

    def _compile(self, using: str) -> tuple[str, list[tuple[str | None, Any]]]:
        queryset = self.build(**self.samples)
        sql, params = queryset.query.get_compiler(using=using).as_sql()
        slots = [self._slot(param) for param in params]
        missing = set(self.samples) - {name.removeprefix("iso:") for name, _constant in slots if name}
        if missing:
            raise ValueError(f"samples {sorted(missing)} do not appear in the compiled query")
        return sql, slots

    def rows(self, using: str = "default", **values: Any) -> list[tuple]:
        if using not in self._compiled:
            self._compiled[using] = self._compile(using)
        sql, slots = self._compiled[using]
        params = [constant if name is None else values[name[4:]].isoformat() if name.startswith("iso:")
                  else values[name] for name, constant in slots]
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
