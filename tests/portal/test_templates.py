"""Template comments never reach the page: Django's {# #} holds one line only; longer ones use {% comment %}."""

import re

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template

OPEN_COMMENT = re.compile(r"\{#(?![^\n]*#\})")


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
