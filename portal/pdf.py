"""Render PDF documents with Typst and the Noto Sans KR font installed by the project's setup.

Templates are Typst files under templates/; data reaches them as JSON in `sys.inputs.data`, so
nothing a user typed is ever interpreted as Typst markup. Fonts are loaded once per process.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import typst
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder


@cache
def _fonts() -> typst.Fonts:
    paths = [str(p) for p in settings.PORTAL_PDF_FONT_DIRS]
    missing = [p for p in paths if not Path(p).is_dir()]
    if missing:
        raise ImproperlyConfigured(f"PDF fonts are missing ({', '.join(missing)}): run the setup (npm install).")
    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=paths)


@cache
def _template(name: str) -> bytes:
    return (settings.BASE_DIR / "templates" / name).read_bytes()


def render_pdf(template: str, data: dict) -> bytes:
    """Compile templates/<template> (a .typ file) with `data` and return the PDF bytes."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return typst.compile(_template(template), font_paths=_fonts(), sys_inputs={"data": payload})
