"""The admin reads without zooming: file sizes in KB and MB, and empty sections and lists that say so in words
(the layout itself, font sizes and line breaks, is checked in the browser: tests/e2e/test_admin_readability.py)."""

import pytest
from django.utils import translation
from lxml import html

from evaluations.models import ConflictDeclaration
from portal.formatting import format_file_size
from tests.factories import (
    ApplicationDocumentFactory,
    AssignmentFactory,
    StaffFactory,
    SubmittedApplicationFactory,
)

NBSP = "\xa0"


@pytest.mark.parametrize(("size", "korean", "english"), [
    (0, "0 바이트", "0 bytes"),
    (1, "1 바이트", "1 byte"),
    (1023, "1023 바이트", "1023 bytes"),
    (1024, "1.0 KB", "1.0 KB"),
    (12_531, "12.2 KB", "12.2 KB"),
    (1_048_576, "1.0 MB", "1.0 MB"),
    (31_457_280, "30.0 MB", "30.0 MB"),
    (3 * 1024**3, "3.0 GB", "3.0 GB"),
])
def test_a_size_in_bytes_reads_as_bytes_kb_mb_or_gb_in_either_language(size, korean, english):
    with translation.override("ko"):
        assert format_file_size(size) == korean.replace(" ", NBSP)  # never split from its unit
    with translation.override("en"):
        assert format_file_size(size) == english.replace(" ", NBSP)


def test_no_size_reads_as_nothing():
    assert format_file_size(None) == "" and format_file_size("") == ""


def _group(page: str, prefix: str):
    return html.fromstring(page).get_element_by_id(f"{prefix}-group")


@pytest.mark.django_db
def test_an_empty_inline_section_says_so_instead_of_showing_headings_over_nothing(client):
    document = ApplicationDocumentFactory(size=1_536_000)
    application = document.application
    client.force_login(StaffFactory())
    url = f"/admin/applications/application/{application.pk}/change/"

    page = client.get(url).content.decode()
    conflicts = _group(page, "conflict_declarations")
    assert conflicts.xpath('.//*[@data-testid="empty-inline"]')[0].text_content() == "아직 없습니다."
    assert not conflicts.xpath(".//table")  # no column headings over nothing
    documents = _group(page, "documents")
    assert not documents.xpath('.//*[@data-testid="empty-inline"]')
    assert f"1.5{NBSP}MB" in documents.xpath(".//td[contains(@class, 'field-file_size')]")[0].text_content()

    evaluator = AssignmentFactory(call=application.call).evaluator
    ConflictDeclaration.objects.create(evaluator=evaluator, application=application, stage=1, has_conflict=False)
    conflicts = _group(client.get(url).content.decode(), "conflict_declarations")
    assert not conflicts.xpath('.//*[@data-testid="empty-inline"]') and conflicts.xpath(".//table")


@pytest.mark.django_db
def test_an_empty_list_says_whether_nothing_exists_or_nothing_matches(client):
    client.force_login(StaffFactory(preferred_language="en"))
    listing = "/admin/applications/application/"

    def empty_text(**params) -> str:
        page = html.fromstring(client.get(listing, params).content.decode())
        return " ".join(node.text_content() for node in page.xpath('//*[@data-testid="empty-list"]'))

    assert empty_text() == "Nothing here yet."
    SubmittedApplicationFactory(company_name_ko="양재비전")
    assert empty_text() == ""
    assert empty_text(q="없는회사") == "Nothing matches the search or the filters."
    assert empty_text(status__exact="selected") == "Nothing matches the search or the filters."
