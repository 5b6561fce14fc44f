"""Numbered documents' files: stored under a free name, never over an existing file, attached once
when two renders race, and what happens once per document (the e-mail) happens once."""

import datetime

import pytest
from django.core.files.storage import storages

from billing.models import Invoice
from billing.services.invoices import _invoice_create_for_lease
from portal.documents import DocumentFile, document_file_store, document_files_attach
from tests.factories import BillingLeaseFactory

pytestmark = pytest.mark.django_db


def _read(path):
    with storages["private"].open(path, "rb") as handle:
        return handle.read()


def test_a_file_is_never_stored_over_another():
    first = document_file_store(path="tests/documents/same.pdf", content=b"first")
    second = document_file_store(path="tests/documents/same.pdf", content=b"second")
    assert first != second
    assert _read(first) == b"first" and _read(second) == b"second"


@pytest.fixture
def bare_invoice():
    lease = BillingLeaseFactory()
    return _invoice_create_for_lease(lease_id=lease.pk, year=2026, month=12, today=datetime.date(2026, 12, 1))


def test_when_two_renders_race_the_first_attached_stays_and_the_other_leaves_no_file(bare_invoice):
    attaches, inner = [], {}

    def slow_render():
        # Another render of the same document finishes while this one is still rendering.
        inner["result"] = document_files_attach(
            model=Invoice, pk=bare_invoice.pk, on_attach=lambda _paths: attaches.append("inner"),
            files=[DocumentFile(field="pdf_path", path="tests/documents/race.pdf", render=lambda: b"inner")],
        )
        return b"outer"

    attached, paths = document_files_attach(
        model=Invoice, pk=bare_invoice.pk, on_attach=lambda _paths: attaches.append("outer"),
        files=[DocumentFile(field="pdf_path", path="tests/documents/race.pdf", render=slow_render)],
    )
    inner_attached, inner_paths = inner["result"]
    assert inner_attached is True and attached is False
    assert attaches == ["inner"]
    assert paths == inner_paths == {"pdf_path": Invoice.objects.get(pk=bare_invoice.pk).pdf_path}
    assert _read(paths["pdf_path"]) == b"inner"
    folder_files = storages["private"].listdir("tests/documents")[1]
    assert [name for name in folder_files if name.startswith("race")] == [paths["pdf_path"].rsplit("/", 1)[1]]


def test_an_attached_file_is_not_replaced_by_a_later_render(bare_invoice):
    document_files_attach(model=Invoice, pk=bare_invoice.pk,
                          files=[DocumentFile(field="pdf_path", path="tests/documents/once.pdf", render=lambda: b"1")])
    attached, paths = document_files_attach(
        model=Invoice, pk=bare_invoice.pk,
        files=[DocumentFile(field="pdf_path", path="tests/documents/once.pdf", render=lambda: b"2")],
    )
    assert attached is False and _read(paths["pdf_path"]) == b"1"
