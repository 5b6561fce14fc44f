"""Render PDF documents with Typst and the Noto Sans KR font installed by the project's setup.

Templates are Typst files under templates/; data reaches them as JSON in `sys.inputs.data`, so
nothing a user typed is ever interpreted as Typst markup. Fonts are loaded once per process.

The engine is imported, and the process's allocator set up for it, on the first render: a process that
renders nothing (the worker's main process, beat, most web requests) does not carry it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder

if TYPE_CHECKING:
    import typst

# glibc's mallopt parameter for the size from which an allocation gets its own memory mapping, and the size
# it starts at (128 KiB).
_M_MMAP_THRESHOLD = -3
_MMAP_THRESHOLD = 128 * 1024


def _allocator_keep_returning_memory() -> None:
    """Keep glibc's malloc giving large blocks back to the system when they are freed.

    glibc raises its mapping threshold each time a large block is freed, up to 32 MiB, so that later large
    blocks come from the heap and stay with the process once freed. A Typst compile allocates and frees
    blocks of a few MiB on its own threads: with the moving threshold a worker process grew by 0.3 MB per
    invoice rendered (60 MB after 200), and by 40 MB in the month's run; with the threshold kept at its
    starting value it stays flat at no measurable cost in time (docs/billing.md, "Benchmark"). Setting it
    once for the process is what glibc's MALLOC_MMAP_THRESHOLD_ variable does. Other C libraries: nothing."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError, TypeError):
        return
    mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)


@cache
def _engine():
    _allocator_keep_returning_memory()
    import typst

    return typst


@cache
def _fonts() -> typst.Fonts:
    paths = [str(p) for p in settings.PORTAL_PDF_FONT_DIRS]
    missing = [p for p in paths if not Path(p).is_dir()]
    if missing:
        raise ImproperlyConfigured(f"PDF fonts are missing ({', '.join(missing)}): run the setup (npm install).")
    return _engine().Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=paths)


@cache
def _template(name: str) -> bytes:
    return (settings.BASE_DIR / "templates" / name).read_bytes()


def render_pdf(template: str, data: dict) -> bytes:
    """Compile templates/<template> (a .typ file) with `data` and return the PDF bytes."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return _engine().compile(_template(template), font_paths=_fonts(), sys_inputs={"data": payload})
