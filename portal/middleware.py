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
