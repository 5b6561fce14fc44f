"""Template comments never reach the page: Django's {# #} holds one line only; longer ones use {% comment %}. Every
table of the portal's own pages either becomes cards on a phone or scrolls in a region the keyboard reaches."""

import re

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template

OPEN_COMMENT = re.compile(r"\{#(?![^\n]*#\})")
OPENING_TAG = re.compile(r"<(?:div|table)\b[^>]*>")


def test_no_template_opens_a_one_line_comment_it_does_not_close_on_that_line():
    """A {# … #} spread over several lines is printed as text to every visitor (Django's comment syntax)."""
    offenders = []
    for path in sorted((settings.BASE_DIR / "templates").rglob("*")):
        if path.suffix in {".html", ".txt", ".typ", ".xml"}:
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                if OPEN_COMMENT.search(line):
                    offenders.append(f"{path.relative_to(settings.BASE_DIR)}:{number}")
    assert offenders == []


class _LogoForm(forms.Form):
    logo = forms.FileField(label="로고", required=False)


def test_a_file_field_shows_no_template_comment():
    """The portal's file-field template (crispy-bootstrap5 override) renders the field, never its own comment."""
    form = _LogoForm(initial={"logo": SimpleUploadedFile("logo.png", b"png")})
    html = Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(Context({"form": form}))
    assert 'type="file"' in html and "로고" in html
    assert "{#" not in html and "#}" not in html and "crispy-bootstrap5" not in html


def _page_templates():
    """The templates of the public, applicant, tenant and evaluator pages (the admin's have their own CSS)."""
    root = settings.BASE_DIR / "templates"
    return [path for path in sorted(root.rglob("*.html")) if path.relative_to(root).parts[0] not in {"admin", "emails"}]


def test_every_scrolling_table_region_can_be_reached_and_named_by_the_keyboard():
    """A `table-responsive` box of the pages, or a `scroll-x` box of the admin's own pages, may scroll sideways: it
    is a named region in the tab order (WCAG 2.1.1, axe's scrollable-region-focusable), whether or not its table has
    a link to focus."""
    offenders = []
    for path in sorted((settings.BASE_DIR / "templates").rglob("*.html")):
        for tag in OPENING_TAG.findall(path.read_text()):
            if re.search(r'class="[^"]*\b(table-responsive|scroll-x)\b', tag) and not (
                'role="region"' in tag and 'tabindex="0"' in tag and ("aria-labelledby=" in tag or "aria-label=" in tag)
            ):
                offenders.append(f"{path.relative_to(settings.BASE_DIR)}: {tag}")
    assert offenders == []


def test_every_table_of_the_pages_is_in_a_scrolling_region_or_becomes_cards():
    """A table is either inside a `table-responsive` region or has the `table-cards` class; a table with
    `table-cards` names each of its data cells' columns (data-label, shown on a phone) but the row's first and
    those that span the card on purpose (`card-span`: a button, a title)."""
    offenders = []
    for path in _page_templates():
        text = path.read_text()
        for match in re.finditer(r"<table\b[^>]*>", text):
            before = text[max(0, match.start() - 400):match.start()]
            in_region = bool(re.search(r'class="table-responsive"[^>]*>\s*(?:\{#[^#]*#\}\s*)?$', before))
            if not in_region and "table-cards" not in match.group(0):
                offenders.append(f"{path.relative_to(settings.BASE_DIR)}: {match.group(0)}")
            if "table-cards" in match.group(0):
                body = text[match.end():text.index("</table>", match.end())]
                for row in re.findall(r"<tr\b[^>]*>(.*?)</tr>", body, flags=re.S):
                    cells = re.findall(r"<td\b[^>]*>", row)
                    unlabelled = [cell for cell in cells[1:] if "data-label=" not in cell and "colspan" not in cell
                                  and "card-span" not in cell and "d-none d-md-table-cell" not in cell]
                    if unlabelled:
                        offenders.append(f"{path.relative_to(settings.BASE_DIR)}: {unlabelled[0]}")
    assert offenders == []
