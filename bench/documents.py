"""Single-document render times: the invoice and the exemption document, PDF alone and whole service call."""

from __future__ import annotations

import datetime as dt
import io
import statistics
import time
from collections.abc import Callable

from .options import Options
from .report import Section


class _Undo(Exception):
    """Raised inside a timed service call's transaction to roll everything it wrote back."""


def _rolled_back():
    """A transaction the bench rolls back, marked as Django's TestCase marks its own, so that the services'
    durable transactions (which refuse to nest in a caller's) may run inside it."""
    from django.db import transaction

    outer = transaction.atomic()
    outer._from_testcase = True
    return outer


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _row(document: str, measured: str, times: list[float], pdf: bytes) -> list:
    milliseconds = [t * 1000 for t in times]
    return [document, measured, len(times), statistics.median(milliseconds), _percentile(milliseconds, 0.95),
            max(milliseconds), len(pdf) / 1024]


def _time_renders(render: Callable[[], bytes], count: int) -> tuple[list[float], bytes]:
    pdf = render()  # warm-up: fonts and template are loaded once per process
    times = []
    for _ in range(count):
        start = time.perf_counter()
        pdf = render()
        times.append(time.perf_counter() - start)
    return times, pdf


def _time_service(call: Callable[..., list[str]], count: int, *, prepare: Callable[[], dict] = dict) -> list[float]:
    """Time `call(**prepare())` (which returns the paths of the files it stored) `count` times after a
    warm-up, each in a transaction rolled back afterwards, so that every call issues the same document
    from the same state; `prepare` runs in the transaction before the clock starts. The files stored
    are deleted."""
    from django.core.files.storage import storages

    storage = storages["private"]
    times = []
    for n in range(count + 1):
        try:
            with _rolled_back():
                arguments = prepare()
                start = time.perf_counter()
                paths = call(**arguments)
                elapsed = time.perf_counter() - start
                raise _Undo
        except _Undo:
            pass
        for path in paths:
            storage.delete(path)
        if n:
            times.append(elapsed)
    return times


def document_render_times(options: Options) -> Section:
    """Median and p95 of rendering the invoice and the exemption document, and of the services that issue them."""
    from django.core.management import call_command
    from django.utils import timezone

    from billing.demo import DEMO_TENANT_BRN
    from billing.services.invoices import invoice_issue_for_lease, invoice_pdf_data
    from exemptions.models import ExemptionRequest, IssuedDocument
    from exemptions.services.documents import document_issue, document_render_data
    from portal.pdf import render_pdf
    from tenants.models import Lease, LeaseStatus

    call_command("seed_demo", stdout=io.StringIO())  # a tenant with an active lease, an approved exemption
    count = options.renders
    section = Section(
        key="documents", title="Single-document render time: the invoice and the exemption document",
        goal="figures only (no goal set): median and p95 of one document",
        columns=["document", "measured", "renders", "median ms", "p95 ms", "max ms", "PDF KiB"],
    )

    lease = Lease.objects.get(company__business_registration_number=DEMO_TENANT_BRN, status=LeaseStatus.ACTIVE)
    today = timezone.localdate()
    following = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)  # a month not invoiced yet

    def issue_invoice() -> list[str]:
        invoice = invoice_issue_for_lease(lease_id=lease.pk, year=following.year, month=following.month)
        return [invoice.pdf_path]

    service_times = _time_service(issue_invoice, count)
    invoice = _invoice_sample(lease, following)
    data = invoice_pdf_data(*invoice)
    render_times, pdf = _time_renders(lambda: render_pdf("billing/invoice.typ", data), count)
    section.rows.append(_row("invoice", "PDF rendering (portal.pdf.render_pdf)", render_times, pdf))
    section.rows.append(_row("invoice", "service call (invoice_issue_for_lease)", service_times, pdf))

    approved = ExemptionRequest.objects.filter(document__isnull=False).select_related("exemption_type").first()
    if approved is None:
        section.shortfalls.append("no issued exemption document in the demo data: nothing to measure")
        return section
    issued = IssuedDocument.objects.get(request=approved)
    exemption_type = approved.exemption_type
    data = document_render_data(document=issued, code="ABCD-EFGH-JKLM-NPQR", language="ko")
    render_times, pdf = _time_renders(lambda: render_pdf(exemption_type.template, data), count)

    def approved_copy() -> dict:
        copy = ExemptionRequest.objects.get(pk=approved.pk)
        copy.pk = copy.id = None
        copy.receipt_number = ""  # a copy is a request of its own: it takes its own number when it is received
        copy._state.adding = True
        copy.save()
        return {"request_id": copy.pk}

    def issue_document(request_id: int) -> list[str]:
        document = document_issue(request_id=request_id)
        return [path for path in (document.pdf_path, document.pdf_en_path) if path]

    service_times = _time_service(issue_document, count, prepare=approved_copy)
    section.rows.append(_row(f"exemption document ({exemption_type.code})",
                             "PDF rendering (portal.pdf.render_pdf)", render_times, pdf))
    section.rows.append(_row(f"exemption document ({exemption_type.code})", "service call (document_issue)",
                             service_times, pdf))
    languages = "Korean and English PDFs" if exemption_type.english_version else "the Korean PDF"
    section.notes += [
        f"{count} renders or calls each after one warm-up, in the runner's process (Typst through typst-py, fonts "
        "loaded once per process as in a worker). PDF rendering: portal.pdf.render_pdf on the data the service "
        "passes it (the demo tenant's invoice; the demo's issued exemption document, in Korean).",
        "Service call: invoice_issue_for_lease for a month not yet invoiced (number, lines, status change, PDF "
        "stored); document_issue for a copy of the demo's approved request, made before the clock starts "
        f"(number, facts, QR code, {languages} stored, notifications recorded). Each call runs in a transaction "
        "rolled back after it is timed, so every call issues the same document from the same state; the commit "
        "is not timed and the stored files are deleted. The e-mails are queued after commit, so none is sent.",
    ]
    return section


def _invoice_sample(lease, month: dt.date) -> tuple:
    """The invoice, its lines and its building as the service renders them, issued and rolled back."""
    from django.core.files.storage import storages

    from billing.services.invoices import invoice_issue_for_lease

    found = {}
    try:
        with _rolled_back():
            invoice = invoice_issue_for_lease(lease_id=lease.pk, year=month.year, month=month.month)
            found["args"] = (invoice, list(invoice.lines.order_by("position")), lease.unit.floor.building)
            storages["private"].delete(invoice.pdf_path)
            raise _Undo
    except _Undo:
        pass
    return found["args"]
