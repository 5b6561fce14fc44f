"""Measure PDF engines on the same one-page Korean invoice with Noto Sans KR, and print the figures.

Usage: .venv/bin/pip install -r requirements-bench.txt && .venv/bin/python bench/pdf_engines.py
Engines that are not installed are reported as such. Typst is the engine the portal uses.
"""

import io
import logging
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from tests.billing.test_pdf import SAMPLE  # noqa: E402

FONT = Path(settings.PORTAL_PDF_FONT_DIRS[0]) / "NotoSansKR_400Regular.ttf"
ROWS = [("청구번호 Invoice no.", SAMPLE["number"]), ("입주기업 Tenant", SAMPLE["tenant"]["name"]),
        ("사업자등록번호", SAMPLE["tenant"]["brn"]), ("임대료 Rent", "660,000원"),
        ("관리비 Management fee", "264,000원"), ("공급가액 Supply", "924,000원"),
        ("부가가치세 VAT", "92,400원"), ("합계 Total", "1,016,400원")]


def typst_cached_fonts():
    from portal.pdf import render_pdf

    return lambda: render_pdf("billing/invoice.typ", SAMPLE)


def typst_fonts_per_document():
    import json

    import typst

    source = (ROOT / "templates/billing/invoice.typ").read_bytes()
    dirs = [str(p) for p in settings.PORTAL_PDF_FONT_DIRS]
    return lambda: typst.compile(source, font_paths=dirs, sys_inputs={"data": json.dumps(SAMPLE)})


def reportlab_canvas():
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("NotoSansKR", str(FONT)))

    def render():
        buffer = io.BytesIO()
        page = canvas.Canvas(buffer, pagesize=A4)
        page.setFont("NotoSansKR", 16)
        page.drawString(60, 790, "임대료 청구서 Invoice")
        page.setFont("NotoSansKR", 10)
        for i, (label, value) in enumerate(ROWS):
            page.drawString(60, 750 - 20 * i, label)
            page.drawRightString(530, 750 - 20 * i, value)
        page.showPage()
        page.save()
        return buffer.getvalue()

    return render


def weasyprint_html():
    import weasyprint

    rows = "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in ROWS)
    html = (f"<html><head><style>@font-face {{font-family: K; src: url(file://{FONT});}}"
            f"body {{font-family: K;}}</style></head><body><h1>임대료 청구서 Invoice</h1>"
            f"<table>{rows}</table></body></html>")
    return lambda: weasyprint.HTML(string=html).write_pdf()


ENGINES = [("typst, fonts loaded once (portal)", typst_cached_fonts, 50),
           ("typst, fonts loaded per document", typst_fonts_per_document, 20),
           ("reportlab canvas (hand-placed text)", reportlab_canvas, 50),
           ("weasyprint (HTML/CSS)", weasyprint_html, 10)]


def main() -> None:
    from pypdf import PdfReader

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)

    print(f"One-page Korean invoice, font {FONT.name}; median of repeated renders after one warm-up.")
    print(f"{'engine':40s} {'first ms':>9s} {'median ms':>10s} {'KiB':>7s} {'peak MiB':>9s}  Korean text")
    for name, factory, repeat in ENGINES:
        try:
            render = factory()
        except ImportError as exc:
            print(f"{name:40s} not installed ({exc.name})")
            continue
        tracemalloc.start()
        start = time.perf_counter()
        pdf = render()
        first = time.perf_counter() - start
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            pdf = render()
            times.append(time.perf_counter() - start)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        found = "임대료 청구서" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
        print(f"{name:40s} {first * 1000:9.1f} {statistics.median(times) * 1000:10.1f} "
              f"{len(pdf) / 1024:7.1f} {peak:9.1f}  {'yes' if found else 'NO'}")


if __name__ == "__main__":
    main()
