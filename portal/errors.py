"""Error pages (400, 403, 404, 413, 429, 500, 503) rendered without the database, in the visitor's language."""

import logging
import math
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils import translation

from portal.formatting import center_name

logger = logging.getLogger(__name__)

# Errors that mean "the database cannot be reached right now": the visitor gets the 503 page.
DATABASE_ERRORS = (OperationalError, InterfaceError)
# Seconds a client is told to wait before retrying a 503.
RETRY_AFTER_SECONDS = 30


def _language(request) -> str:
    code = getattr(request, "LANGUAGE_CODE", None)
    if code in dict(settings.LANGUAGES):
        return code
    return translation.get_language_from_request(request)


def render_error(request, template_name: str, status: int, **extra) -> HttpResponse:
    """Render an error page with a plain context: no context processor, so no database and no session."""
    with translation.override(_language(request)):
        context = {"center_name": center_name(), "status_code": status, **extra}
        content = loader.get_template(template_name).render(context)
    response = HttpResponse(content, status=status)
    response["Cache-Control"] = "no-store"
    return response


def bad_request(request, exception=None, template_name="400.html"):
    return render_error(request, template_name, 400)


def permission_denied(request, exception=None, template_name="403.html"):
    return render_error(request, template_name, 403)


def page_not_found(request, exception=None, template_name="404.html"):
    return render_error(request, template_name, 404)


def csrf_failure(request, reason="", template_name="403_csrf.html"):
    return render_error(request, template_name, 403)


def too_many_requests(request, *, retry_after: int | None = None) -> HttpResponse:
    """The 429 page, for rate limits; `retry_after` in seconds goes into the Retry-After header."""
    minutes = math.ceil(retry_after / 60) if retry_after else None
    response = render_error(request, "429.html", 429, retry_after_minutes=minutes)
    if retry_after:
        response["Retry-After"] = str(int(retry_after))
    return response


def request_too_large(request) -> HttpResponse:
    """The 413 page, for a request body over PORTAL_MAX_REQUEST_BYTES (refused before it is read)."""
    return render_error(request, "413.html", 413, limit_bytes=settings.PORTAL_MAX_REQUEST_BYTES)


def service_unavailable(request) -> HttpResponse:
    """The 503 page shown while the database is unreachable; it recovers by itself."""
    response = render_error(request, "503.html", 503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request, template_name="500.html"):
    """handler500: a database outage anywhere in the stack answers 503, anything else 500."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_ERRORS):
        logger.warning("database unavailable while serving %s: %s", request.path, exception)
        return service_unavailable(request)
    return render_error(request, template_name, 500)
