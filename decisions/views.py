"""The notice's PDF as a download, in the page's language or the one asked for (`?language=ko|en`); the
apps' views check who may read the subject first."""

from __future__ import annotations

from django.http import Http404
from django.utils import translation

from portal.uploads import private_file_response

from . import selectors, services


def notice_language(request) -> str:
    """`?language=` when it names one of the notice's languages, else the language of the page."""
    asked = request.GET.get("language", "")
    if asked in services.LANGUAGES:
        return asked
    return "en" if (translation.get_language() or "ko").startswith("en") else "ko"


def decision_notice_response(request, *, subject):
    """The PDF of the notice given about `subject` in the language asked for (rendered now if the queued
    rendering has not run yet): the official Korean notice or its English translation."""
    notice = selectors.decision_notice_for(subject=subject)
    if notice is None:
        raise Http404
    language = notice_language(request)
    if not notice.pdf_path_for(language):
        notice = services.decision_notice_render(notice_id=notice.pk)
    return private_file_response(notice.pdf_path_for(language), notice.filename(language),
                                 content_type="application/pdf")
