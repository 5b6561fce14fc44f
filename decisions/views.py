"""The notice's PDF as a download; the apps' views check who may read the subject first."""

from __future__ import annotations

from django.http import Http404

from portal.uploads import private_file_response

from . import selectors, services


def decision_notice_response(*, subject):
    """The PDF of the notice given about `subject` (rendered now if the queued rendering has not run yet)."""
    notice = selectors.decision_notice_for(subject=subject)
    if notice is None:
        raise Http404
    if not notice.pdf_path:
        notice = services.decision_notice_render(notice_id=notice.pk)
    return private_file_response(notice.pdf_path, notice.filename, content_type="application/pdf")
