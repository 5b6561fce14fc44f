"""The answer to a question of a call's own form as HTML, written in Python: a review page shows dozens."""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

EMPTY = mark_safe('<span class="text-body-secondary">—</span>')  # noqa: S308 (a constant)


@register.simple_tag
def answer_value(row) -> str:
    """A row of `selectors_forms.answer_sections`: "—" when unanswered, a table, a file's link or the text."""
    if row.value == "":
        return EMPTY
    if row.is_table:
        head = format_html_join("", '<th scope="col">{}</th>', ((column,) for column in row.value["columns"]))
        body = format_html_join("", "<tr>{}</tr>", (
            (format_html_join("", "<td>{}</td>", ((cell or "—",) for cell in cells)),) for cells in row.value["rows"]))
        return format_html('<div class="table-responsive"><table class="table table-sm mb-0"><thead><tr>{}</tr>'
                           "</thead><tbody>{}</tbody></table></div>", head, body)
    if row.is_file and row.url:
        return format_html('<a href="{}">{}</a>', row.url, row.value)
    text = str(row.value)
    return linebreaksbr(text, autoescape=True) if "\n" in text else format_html("{}", text)
