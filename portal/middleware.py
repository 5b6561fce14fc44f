"""Middleware of the portal: a database outage in a view answers the friendly 503 page."""

import logging

from .errors import DATABASE_ERRORS, service_unavailable

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """Map django.db OperationalError / InterfaceError raised by a view to the 503 page.

    Errors raised outside views (session or user loading in other middleware) reach
    `portal.errors.server_error` (handler500), which maps them the same way.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            logger.warning("database unavailable while serving %s: %s", request.path, exception)
            return service_unavailable(request)
        return None


class RejectNulMiddleware:
    """Answer 400 to a request whose path or parameters hold a NUL character, which no page uses and
    which PostgreSQL refuses in a query (it would otherwise surface as a server error)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from urllib.parse import unquote

        from .errors import bad_request

        if "\x00" in request.path_info or "\x00" in unquote(request.META.get("QUERY_STRING", "")):
            return bad_request(request)
        return self.get_response(request)


class RequestSizeLimitMiddleware:
    """Answer the 413 page to a request whose body is declared larger than PORTAL_MAX_REQUEST_BYTES, before
    anything reads it (CSRF, sessions, forms), so a huge upload is never written to disk.

    Django reads at most Content-Length bytes of a body and treats a body without one (chunked) as empty,
    so the declared length is the whole story here; the web server in front refuses such bodies too
    (`docs/operations.md`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        from .errors import request_too_large

        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.PORTAL_MAX_REQUEST_BYTES:
            logger.warning("request body of %s bytes to %s refused (limit %s)", length, request.path,
                           settings.PORTAL_MAX_REQUEST_BYTES)
            return request_too_large(request)
        return self.get_response(request)
