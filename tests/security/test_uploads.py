"""Upload hardening: type by content, names, size limits, virus scan hook, private downloads."""

import socketserver
import struct
import threading
import unicodedata

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from portal.uploads import (
    clamav_scan,
    detect_format,
    private_file_response,
    sanitize_filename,
    validate_upload,
)
from tests.samples import hwp_bytes, hwpx_bytes, jpeg_bytes, ole_bytes, pdf_bytes, png_bytes

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
DOCUMENTS = ["pdf", "hwp", "hwpx"]


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def messages(validator, file, language="ko") -> list[str]:
    with translation.override(language):
        try:
            validator(file)
        except ValidationError as error:
            return [str(message) for message in error.messages]
    return []


# Detection by content ---------------------------------------------------------------------------

@pytest.mark.parametrize(("content", "expected"), [
    (pdf_bytes(), "pdf"), (png_bytes(), "png"), (jpeg_bytes(), "jpeg"), (hwp_bytes(), "hwp"), (hwpx_bytes(), "hwpx"),
])
def test_formats_are_recognised_by_their_content(content, expected):
    assert detect_format(content) == expected
    assert detect_format(upload("whatever.bin", content)) == expected


@pytest.mark.parametrize("content", [
    b"", b"hello, this is text", b"%PD", b"\x89PNG", b"<html><script>alert(1)</script></html>",
    ole_bytes({"WordDocument": b"\0" * 300}),  # an OLE file that is not HWP (e.g. a .doc)
    ole_bytes({"FileHeader": b"Not a HWP Document File".ljust(256, b"\0")}),
    hwp_bytes()[:600],  # a damaged HWP
    hwpx_bytes(mimetype=b"application/epub+zip"),  # another OCF format
    b"PK\x03\x04" + b"\0" * 40,  # a broken ZIP
])
def test_other_content_is_not_recognised(content):
    assert detect_format(content) is None


def test_a_zip_with_mimetype_not_first_is_not_hwpx():
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("Contents/section0.xml", "<x/>")
        archive.writestr("mimetype", "application/hwp+zip")
    assert detect_format(out.getvalue()) is None


def test_detection_leaves_the_file_ready_to_be_read():
    file = upload("plan.pdf", pdf_bytes())
    detect_format(file)
    assert file.read(5) == b"%PDF-"


# The validator ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "content"), [
    ("사업계획서.pdf", pdf_bytes()), ("plan.PDF", pdf_bytes()), ("사업계획서.hwp", hwp_bytes()),
    ("사업계획서.hwpx", hwpx_bytes()),
])
def test_accepted_documents_pass_and_get_their_real_type(name, content):
    file = upload(name, content)
    validate_upload(allowed_formats=DOCUMENTS, max_bytes=10_000_000)(file)
    assert file.content_type in {"application/pdf", "application/x-hwp", "application/hwp+zip"}


def test_a_pdf_name_with_other_content_is_refused():
    validator = validate_upload(allowed_formats=["pdf"], max_bytes=10_000_000)
    assert messages(validator, upload("사업계획서.pdf", b"MZ\x90\x00 an executable")) == [
        "이 파일의 내용은 허용되는 형식이 아닙니다. 허용 형식: PDF."
    ]
    assert messages(validator, upload("plan.pdf", png_bytes()), "en") == [
        "The content of this file is not an accepted format. Accepted: PDF."
    ]


def test_a_name_that_disagrees_with_an_accepted_content_is_refused():
    validator = validate_upload(allowed_formats=["pdf", "png"], max_bytes=10_000_000)
    assert messages(validator, upload("scan.pdf", png_bytes()), "en") == [
        "The file name ends in “.pdf” but the content is PNG. Rename or re-save the file."
    ]
    assert messages(validator, upload("scan.png", png_bytes())) == []


def test_too_large_and_empty_files_are_refused():
    validator = validate_upload(allowed_formats=["pdf"], max_bytes=100)
    refused = messages(validator, upload("big.pdf", pdf_bytes()))
    size = len(pdf_bytes())
    assert [m.replace("\xa0", " ") for m in refused] == [f"파일이 너무 큽니다({size} 바이트). 한도는 100 바이트입니다."]
    assert messages(validator, upload("empty.pdf", b""), "en") == ["The file is empty."]


def test_size_limits_can_differ_per_format():
    validator = validate_upload(allowed_formats=["pdf", "png"], max_bytes={"pdf": 10_000, "png": 10})
    assert messages(validator, upload("plan.pdf", pdf_bytes())) == []
    assert "too large" in messages(validator, upload("photo.png", png_bytes()), "en")[0]


def test_an_unknown_format_is_a_programming_error():
    with pytest.raises(ValueError, match="docx"):
        validate_upload(allowed_formats=["pdf", "docx"], max_bytes=1)


def test_the_validator_puts_its_message_beside_the_form_field():
    class DocumentForm(forms.Form):
        document = forms.FileField(validators=[validate_upload(allowed_formats=DOCUMENTS, max_bytes=10_000_000)])

    with translation.override("ko"):
        form = DocumentForm(files={"document": upload("사업계획서.hwp", b"plain text pretending")})
        assert not form.is_valid()
        assert form.errors["document"] == ["이 파일의 내용은 허용되는 형식이 아닙니다. 허용 형식: PDF, HWP, HWPX."]
    assert DocumentForm(files={"document": upload("사업계획서.hwp", hwp_bytes())}).is_valid()


def test_the_validator_can_be_used_on_model_fields_in_migrations():
    validator = validate_upload(allowed_formats=["pdf"], max_bytes=5)
    path, args, kwargs = validator.deconstruct()
    assert path == "portal.uploads.UploadValidator"
    assert validator == validate_upload(allowed_formats=["pdf"], max_bytes=5)


# Names ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "clean"), [
    ("사업계획서.pdf", "사업계획서.pdf"),
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\김양재\\사업계획서 (최종).PDF", "사업계획서 (최종).pdf"),
    ("보고서\x00\x1f\u202e.pdf", "보고서.pdf"),
    ("<script>alert(1)</script>.pdf", "script_.pdf"),
    ("견적서<1>?*|\":.pdf", "견적서_1______.pdf"),
    (".htaccess", "htaccess"),
    ("CON.pdf", "_CON.pdf"),
    ("   ", "document"),
    ("..", "document"),
    (unicodedata.normalize("NFD", "재무제표.pdf"), "재무제표.pdf"),
    ("a  \t b.pdf", "a b.pdf"),
])
def test_file_names_are_sanitised(raw, clean):
    assert sanitize_filename(raw) == clean


def test_long_names_keep_their_extension():
    name = sanitize_filename("가" * 300 + ".pdf", max_length=50)
    assert len(name) == 50 and name.endswith(".pdf")


@given(st.text(max_size=300))
def test_no_name_escapes_its_folder(raw):
    name = sanitize_filename(raw)
    assert name and len(name) <= 120
    assert "/" not in name and "\\" not in name and not name.startswith(".")
    assert not any(unicodedata.category(ch).startswith("C") for ch in name)
    assert unicodedata.is_normalized("NFC", name)


# Virus scan -------------------------------------------------------------------------------------

class _FakeClamd(socketserver.BaseRequestHandler):
    """Speaks clamd's INSTREAM protocol; finds the EICAR test string."""

    def handle(self):
        reader = self.request.makefile("rb")
        command = b""
        while not command.endswith(b"\0"):
            command += reader.read(1)
        assert command == b"zINSTREAM\0"
        data = b""
        while size := struct.unpack("!L", reader.read(4))[0]:
            data += reader.read(size)
        self.server.scanned.append(data)
        self.request.sendall(b"stream: Win.Test.EICAR_HDB-1 FOUND\0" if EICAR in data else b"stream: OK\0")


@pytest.fixture
def clamd(tmp_path, settings):
    socket_path = str(tmp_path / "clamd.sock")
    server = socketserver.ThreadingUnixStreamServer(socket_path, _FakeClamd)
    server.scanned = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.CLAMAV_SOCKET = socket_path
    yield server
    server.shutdown()
    server.server_close()


def test_scanning_is_off_unless_configured(settings):
    settings.CLAMAV_SOCKET = ""
    validator = validate_upload(allowed_formats=["pdf"], max_bytes=10_000)
    assert messages(validator, upload("plan.pdf", pdf_bytes() + EICAR)) == []


def test_a_clean_file_passes_the_scan(clamd):
    validator = validate_upload(allowed_formats=["pdf"], max_bytes=10_000)
    assert messages(validator, upload("plan.pdf", pdf_bytes())) == []
    assert clamd.scanned == [pdf_bytes()]


def test_an_infected_file_is_refused_and_never_stored(clamd, caplog):
    class DocumentForm(forms.Form):
        document = forms.FileField(validators=[validate_upload(allowed_formats=["pdf"], max_bytes=10_000)])

    def save_if_valid(files):
        form = DocumentForm(files=files)
        if form.is_valid():
            storages["private"].save("documents/plan.pdf", form.cleaned_data["document"])
        return form

    with translation.override("ko"):
        form = save_if_valid({"document": upload("plan.pdf", pdf_bytes() + EICAR)})
        errors = [str(error) for error in form.errors["document"]]
    assert errors == ["바이러스가 발견되어 파일을 받지 않았습니다(Win.Test.EICAR_HDB-1)."]
    assert not storages["private"].exists("documents/plan.pdf")
    assert "Win.Test.EICAR_HDB-1" in caplog.text
    save_if_valid({"document": upload("plan.pdf", pdf_bytes())})
    assert storages["private"].exists("documents/plan.pdf")


def test_a_file_is_refused_while_the_scanner_is_down(settings, tmp_path):
    settings.CLAMAV_SOCKET = str(tmp_path / "nobody-listens.sock")
    validator = validate_upload(allowed_formats=["pdf"], max_bytes=10_000)
    assert messages(validator, upload("plan.pdf", pdf_bytes()), "en") == [
        "The file could not be checked for viruses right now. Please try again in a few minutes."
    ]


def test_the_scanner_can_listen_on_tcp():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _FakeClamd)
    server.scanned = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        address = f"127.0.0.1:{server.server_address[1]}"
        assert clamav_scan(b"x" * 200_000 + EICAR, address=address, timeout=5) == "Win.Test.EICAR_HDB-1"
        assert clamav_scan(b"clean", address=address, timeout=5) is None
        assert len(server.scanned[0]) == 200_000 + len(EICAR)
    finally:
        server.shutdown()
        server.server_close()


# Private downloads ------------------------------------------------------------------------------

def test_private_files_download_as_attachments_with_korean_names(db):
    path = storages["private"].save("applications/1/plan.pdf", ContentFile(pdf_bytes()))
    response = private_file_response(path, "사업계획서 (최종).pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"download.pdf\"; "
        "filename*=UTF-8''%EC%82%AC%EC%97%85%EA%B3%84%ED%9A%8D%EC%84%9C%20%28%EC%B5%9C%EC%A2%85%29.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    response.close()


def test_a_download_name_cannot_inject_headers(db):
    path = storages["private"].save("x/a.bin", ContentFile(b"data"))
    response = private_file_response(path, 'evil"\r\nSet-Cookie: a=b.pdf')
    disposition = response["Content-Disposition"]
    assert "\r" not in disposition and "\n" not in disposition and 'evil"' not in disposition
    response.close()


def test_a_missing_private_file_is_a_404():
    with pytest.raises(Http404):
        private_file_response("applications/404/none.pdf", "none.pdf")


def test_no_url_serves_the_private_storage(client, db, settings):
    path = storages["private"].save("applications/1/plan.pdf", ContentFile(pdf_bytes()))
    root = settings.STORAGES["private"]["OPTIONS"]["location"]
    for url in [f"/media/{path}", f"/private_media/{path}", f"/static/{path}", f"/{root.lstrip('/')}/{path}"]:
        assert client.get(url).status_code == 404


@given(st.sampled_from([b"", b"%PDF-", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
                        b"PK\x03\x04", hwp_bytes()[:512], hwpx_bytes()[:60]]), st.binary(max_size=2000))
def test_no_content_makes_detection_fail(prefix, rest):
    assert detect_format(prefix + rest) in {None, "pdf", "png", "jpeg", "hwp", "hwpx"}


def test_too_many_files_in_one_request_answer_400(client, db, settings):
    files = {f"file{i}": upload(f"{i}.pdf", pdf_bytes()) for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)}
    response = client.post("/i18n/setlang/", {"language": "en", **files})
    assert response.status_code == 400
    assert "요청을 처리할 수 없습니다" in response.content.decode()


def test_a_file_just_over_the_limit_is_told_apart_from_the_limit():
    """20.03 MB against a 20 MB limit would both round to "20.0 MB": the figures are then given in bytes."""
    from django.utils import translation

    validator = validate_upload(allowed_formats=["pdf"], max_bytes=20 * 1024 * 1024)
    with translation.override("en"):  # as in a request in English
        text = type(validator)._too_large(21_000_000, 20 * 1024 * 1024).messages[0]
    assert text == "The file is too large (21,000,000 bytes). The limit is 20,971,520 bytes."
