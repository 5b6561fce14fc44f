"""ZIP-based uploads (HWPX) are bounded: a zip bomb, an archive of too many parts or one that unpacks to a
hundred times its size is refused beside the field, read from the archive's directory without unpacking."""

import io
import zipfile
from unittest import mock

import pytest
from django.urls import reverse

from tests.applications.conftest import make_call, upload
from tests.factories import ApplicationFactory, UserFactory
from tests.samples import hwpx_bytes

MB = 1024 * 1024


def hwpx_archive(*, zeros: int = 0, parts: int = 0) -> bytes:
    """An HWPX (mimetype first) with a section of `zeros` zero bytes, deflated, and `parts` extra small parts."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), b"application/hwp+zip", compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/container.xml", "<container/>", compress_type=zipfile.ZIP_DEFLATED)
        if zeros:
            info = zipfile.ZipInfo("Contents/section0.xml")
            info.compress_type = zipfile.ZIP_DEFLATED
            chunk = b"\0" * MB
            with archive.open(info, "w") as entry:
                for start in range(0, zeros, MB):
                    entry.write(chunk[: min(MB, zeros - start)])
        for number in range(parts):
            archive.writestr(f"Contents/part{number}.xml", "<p/>", compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


@pytest.fixture
def draft(client, db):
    applicant = UserFactory(preferred_language="en")
    client.force_login(applicant)
    return ApplicationFactory(applicant=applicant, call=make_call())


def _upload(client, application, name, content):
    plan = application.call.document_types.get(name_en="Business plan")
    return client.post(reverse("applications:documents", args=[application.pk]), {
        "document_type": plan.pk, f"doc{plan.pk}-file": upload(name, content),
    })


def test_a_200_mb_zip_bomb_is_refused_beside_the_field_without_unpacking_it(client, draft):
    bomb = hwpx_archive(zeros=200 * MB)
    assert len(bomb) < 1 * MB  # small on disk
    unpacked = []
    original_read = zipfile.ZipExtFile.read

    def read(entry, *args):
        unpacked.append(entry.name)
        return original_read(entry, *args)

    with mock.patch.object(zipfile.ZipExtFile, "read", read):
        response = _upload(client, draft, "사업계획서.hwpx", bomb)
    assert unpacked == ["mimetype"]  # the 19 bytes that name the format, nothing else
    assert response.status_code == 200
    page = response.content.decode()
    assert "Unpacked, this file would take 200.0\xa0MB; at most 100.0\xa0MB are accepted." in page
    assert 'class="invalid-feedback"' in page
    assert not draft.documents.exists()


def test_an_archive_of_too_many_parts_is_refused(client, draft):
    response = _upload(client, draft, "plan.hwpx", hwpx_archive(parts=1000))
    assert "This file is an archive of 1,002 parts; at most 1,000 are accepted." in response.content.decode()
    assert not draft.documents.exists()


def test_an_archive_that_unpacks_to_a_hundred_times_its_size_is_refused(client, draft):
    content = hwpx_archive(zeros=20 * MB)  # within 100 MB, but about 1,000 times the file's size
    response = _upload(client, draft, "plan.hwpx", content)
    assert "times its size, more than the 100 times a document does." in response.content.decode()
    assert not draft.documents.exists()


def test_a_normal_hwpx_is_still_accepted(client, draft):
    assert _upload(client, draft, "plan.hwpx", hwpx_bytes()).status_code == 302
    assert draft.documents.get().detected_format == "hwpx"


def test_the_bounds_are_settings(client, draft, settings):
    settings.PORTAL_ARCHIVE_MAX_ENTRIES = 2
    response = _upload(client, draft, "plan.hwpx", hwpx_bytes())
    assert "at most 2 are accepted" in response.content.decode()
