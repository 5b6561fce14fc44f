"""Request bodies are bounded: a body over PORTAL_MAX_REQUEST_BYTES answers the 413 page unread; a legitimate
large upload still goes through."""

import pytest
from django.conf import settings
from django.urls import reverse

from applications.models import ApplicationDocument
from tests.applications.conftest import make_call, upload
from tests.factories import ApplicationFactory, UserFactory
from tests.samples import pdf_bytes


class UnreadableInput:
    """A wsgi.input that fails the test if anything reads more than a few bytes of the body."""

    def __init__(self):
        self.read_bytes = 0

    def read(self, size=-1):
        self.read_bytes += 0 if size is None or size < 0 else size
        if size is None or size < 0 or self.read_bytes > 16:
            raise AssertionError("the body of a refused request was read")
        return b"-" * size

    readline = read


@pytest.fixture
def applicant_draft(client, db):
    """An applicant signed in on the client, and their draft to an open call."""
    applicant = UserFactory()
    client.force_login(applicant)
    return ApplicationFactory(applicant=applicant, call=make_call())


def _post(client, path, *, length, **extra):
    wsgi_input = UnreadableInput()
    response = client.generic(
        "POST", path, CONTENT_LENGTH=str(length), CONTENT_TYPE="multipart/form-data; boundary=x",
        **{"wsgi.input": wsgi_input}, **extra,
    )
    return response, wsgi_input


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/signup/", "/"])
def test_an_anonymous_body_over_the_limit_answers_413_before_it_is_read(client, db, path):
    response, wsgi_input = _post(client, path, length=300 * 1024 * 1024)
    assert response.status_code == 413
    assert wsgi_input.read_bytes == 0
    page = response.content.decode()
    assert "The files are too large" not in page  # Korean by default
    assert "파일이 너무 큽니다" in page and "64.0" in page and 'data-testid="error-code"' in page
    assert response["Cache-Control"] == "no-store"


def test_the_413_page_speaks_english_to_an_english_browser(client, db):
    response, _ = _post(client, "/accounts/login/", length=settings.PORTAL_MAX_REQUEST_BYTES + 1,
                        HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 413
    assert "The files are too large" in response.content.decode()


def test_a_signed_in_body_over_the_limit_is_refused_before_the_view(client, applicant_draft):
    application = applicant_draft
    url = reverse("applications:documents", args=[application.pk])
    response, wsgi_input = _post(client, url, length=settings.PORTAL_MAX_REQUEST_BYTES + 1)
    assert response.status_code == 413 and wsgi_input.read_bytes == 0
    assert not application.documents.exists()


def test_a_body_without_a_length_is_never_read(client, db):
    """A chunked body (no Content-Length) is treated as empty: nothing reads it, whatever its size."""
    wsgi_input = UnreadableInput()
    response = client.generic("POST", "/accounts/login/", CONTENT_TYPE="multipart/form-data; boundary=x",
                              HTTP_TRANSFER_ENCODING="chunked", **{"wsgi.input": wsgi_input})
    assert response.status_code == 200  # the login form, empty
    assert wsgi_input.read_bytes == 0


def test_a_document_just_under_the_largest_limit_is_uploaded(client, applicant_draft):
    application, call = applicant_draft, applicant_draft.call
    plan = call.document_types.get(name_en="Business plan")
    limit = plan.max_size_mb * 1024 * 1024
    assert limit == max(document_type.max_size_mb for document_type in call.document_types.all()) * 1024 * 1024
    content = pdf_bytes()
    content += b"%" + b"0" * (limit - len(content) - 1024) + b"\n"
    response = client.post(reverse("applications:documents", args=[application.pk]), {
        "document_type": plan.pk, f"doc{plan.pk}-file": upload("사업계획서.pdf", content),
    })
    assert response.status_code == 302
    assert ApplicationDocument.objects.get(application=application).size == len(content)


def test_staff_cannot_allow_a_document_larger_than_the_request_limit(db):
    from applications.admin import DocumentTypeForm

    ceiling = settings.PORTAL_MAX_REQUEST_BYTES // (1024 * 1024) - 1
    data = {"name_ko": "사업계획서", "name_en": "Business plan", "allowed_formats": ["pdf"], "position": 1}
    assert DocumentTypeForm({**data, "max_size_mb": ceiling}).is_valid()
    form = DocumentTypeForm({**data, "max_size_mb": ceiling + 1})
    assert not form.is_valid() and "max_size_mb" in form.errors


@pytest.fixture(scope="module")
def gunicorn():
    """The portal under gunicorn, as the Procfile runs it."""
    from tests.reliability.drills import WebServer

    server = WebServer(env={"DJANGO_SETTINGS_MODULE": "portal.settings.test"}).start()
    yield server
    server.stop()


# With a CSRF cookie (anyone gets one from any form) the CSRF check reads the form to find the token.
CSRF_COOKIE = b"Cookie: csrftoken=" + b"a" * 32 + b"\r\n"


def _raw_request(server, head: bytes, body_start: bytes) -> bytes:
    """Send a request's head and only the start of its body, then wait for the answer (at most 10 s): a
    server that reads the whole body before answering never answers."""
    import socket

    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(head + body_start)
        answer = b""
        try:
            while b"</html>" not in answer:
                part = sock.recv(65536)
                if not part:
                    break
                answer += part
        except TimeoutError:
            pytest.fail("no answer: the server is waiting for the rest of the body")
    return answer


def test_under_gunicorn_a_300_mb_post_is_answered_413_without_waiting_for_its_body(gunicorn):
    head = (b"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: en\r\n" + CSRF_COOKIE
            + b"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 314572800\r\n\r\n")
    answer = _raw_request(gunicorn, head, b"--x\r\n")
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert b"The files are too large" in answer and b"Content-Security-Policy" in answer


def test_under_gunicorn_a_chunked_post_is_answered_without_reading_its_body(gunicorn):
    head = (b"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n" + CSRF_COOKIE
            + b"Content-Type: multipart/form-data; boundary=x\r\nTransfer-Encoding: chunked\r\n\r\n")
    answer = _raw_request(gunicorn, head, b"5\r\n--x\r\n\r\n")  # one chunk of an endless body
    assert answer.startswith(b"HTTP/1.1 403 ")  # the CSRF check, on a form that is empty for Django
