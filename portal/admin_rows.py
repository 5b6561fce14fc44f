"""The rows of an admin change list, rendered as Django's `items_for_result` renders them, at a fraction of
its cost.

Django works out each cell from scratch: which field or method the column is, its CSS classes, whether it
links, the change page's address (a `reverse()` per link and row), the action checkbox through the form
widget's template. For a page of 100 applications that was most of the page's time (docs/benchmarks.md).
Here what is the same for every row is worked out once per column and page, and each cell only formats
its value with Django's own `display_for_field` / `display_for_value`. The markup is the same, cell for
cell (tests/evaluations/test_admin_list.py compares both); anything this does not cover (list_editable,
popups, `to_field`) falls back to Django's.
"""

from __future__ import annotations

import datetime
import html as html_module
from collections.abc import Callable, Iterator

from django import forms
from django.contrib.admin import helpers
from django.contrib.admin.templatetags.admin_list import (
    ResultList,
    _coerce_field_name,
    items_for_result,
)
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import display_for_field, display_for_value, label_for_field, lookup_field
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.functional import Promise
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

PK = "9PK9PLACEHOLDER9"  # survives admin's quote() and urlencode unchanged
LABEL = "9LABEL9PLACEHOLDER9"


def _escape(value) -> str:
    """Django's conditional_escape, without its lazy-string wrapper (this runs for every cell)."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html_module.escape(str(value))


def _supported(cl) -> bool:
    if cl.formset or cl.is_popup or cl.to_field or cl.list_display_links is None:
        return False
    for name in cl.list_display:
        field = _model_field(cl, name)
        if field is not None and field.is_relation and not isinstance(field, models.ForeignKey):
            return False
    return True


def _model_field(cl, name):
    """The model field a column shows, or None for a method (of the admin or the model) or a callable."""
    if callable(name) or hasattr(cl.model_admin, name):
        return None
    try:
        return cl.lookup_opts.get_field(name)
    except FieldDoesNotExist:
        return None


class _PlaceholderRow:
    """Stands for a row in ChangeList.url_for_result, which reads only its primary key."""

    def __init__(self, attname: str) -> None:
        setattr(self, attname, PK)


def _link_template(cl) -> str:
    """The change page's address of a row, with PK standing for its primary key (one reverse() per page)."""
    url = cl.url_for_result(_PlaceholderRow(cl.pk_attname))
    return add_preserved_filters({"preserved_filters": cl.preserved_filters, "opts": cl.opts}, url)


def _checkbox_template() -> str:
    attrs = {"class": "action-select", "aria-label": format_html(_("Select this object for an action - {}"), LABEL)}
    return str(forms.CheckboxInput(attrs, lambda value: False).render(helpers.ACTION_CHECKBOX_NAME, PK))


def _renderer(cl, field_name, field, links: bool, empty: str) -> Callable:
    """A function (row -> (shown value, whether the cell is nowrap)) for one column."""
    if field is not None and not field.auto_created and not field.is_relation:
        nowrap = isinstance(field, (models.DateField, models.TimeField))
        attname = field.attname

        def render(obj):
            value = getattr(obj, attname)
            if isinstance(value, str) and value.strip() == "":
                value = ""
            return display_for_field(value, field, empty, avoid_link=links), nowrap

        return render
    if field is not None and isinstance(field, models.ForeignKey):
        name = field.name

        def render(obj):
            value = getattr(obj, name)
            return (empty if value is None else value), True

        return render

    model_admin = cl.model_admin

    def render(obj):  # a method of the admin or the model: Django's own lookup, per cell
        _field, attr, value = lookup_field(field_name, obj, model_admin)
        shown_empty = getattr(attr, "empty_value_display", empty)
        if isinstance(value, str) and value.strip() == "":
            value = ""
        boolean = getattr(attr, "boolean", False)
        if isinstance(attr, property) and hasattr(attr, "fget"):
            boolean = getattr(attr.fget, "boolean", False)
        return display_for_value(value, shown_empty, boolean), isinstance(value, (datetime.date, datetime.time))

    return render


def _column(cl, index: int, field_name, first: bool, link: str, empty: str) -> tuple[Callable, bool]:
    """A function (row -> cell HTML) for one column, and whether this column is the first link."""
    if field_name == "action_checkbox":
        template = _checkbox_template()

        def checkbox(obj) -> str:
            html = template.replace(LABEL, escape(str(obj))).replace(PK, escape(str(obj.pk)))
            return f'<td class="action-checkbox">{html}</td>'

        return checkbox, False

    classes = f"field-{_coerce_field_name(field_name, index)}"
    links = (first and not cl.list_display_links) or field_name in cl.list_display_links
    render = _renderer(cl, field_name, _model_field(cl, field_name), links, empty)
    tag = "th" if (links and first) else "td"
    pk_attname = cl.pk_attname

    def cell(obj) -> str:
        shown, nowrap = render(obj)
        html = _escape(shown)
        if links:
            url = _escape(link.replace(PK, str(obj.serializable_value(pk_attname)), 1))
            html = f'<a href="{url}">{html}</a>'
        return f'<{tag} class="{classes}{" nowrap" if nowrap else ""}">{html}</{tag}>'

    return cell, links and first


def fast_results(cl) -> Iterator[ResultList]:
    """The rows of `cl` as Django's `results()` yields them."""
    if not _supported(cl):
        for obj in cl.result_list:
            yield ResultList(None, items_for_result(cl, obj, None))
        return
    link = _link_template(cl)
    empty = cl.model_admin.get_empty_value_display()
    cells, first = [], True
    for index, field_name in enumerate(cl.list_display):
        label_for_field(field_name, cl.model, cl.model_admin)  # raises for an unknown column, as Django does
        cell, took_first = _column(cl, index, field_name, first, link, empty)
        first = first and not took_first
        cells.append(cell)
    for obj in cl.result_list:
        yield ResultList(None, [mark_safe(cell(obj)) for cell in cells])  # noqa: S308 (built with format_html)


class OnlyFieldsChangeList(ChangeList):
    """A change list whose page of rows loads only the columns its admin names in `list_only_fields` (the
    count, the filters and the actions use the full queryset, unchanged)."""

    def get_results(self, request):
        super().get_results(request)
        fields = getattr(self.model_admin, "list_only_fields", None)
        if fields:
            self.result_list = self.result_list.only(*fields)
