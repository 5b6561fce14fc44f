"""The reason staff and evaluators type before a download or an export of personal data, and its logging.

The reason is asked once per kind of file (`scope`) and remembered in the session for
PRIVACY_ACCESS_REASON_SECONDS (30 minutes): each download or export is still logged on its own, with the
reason that was typed for it."""

from __future__ import annotations

import time
from collections.abc import Callable

from django import forms
from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from .access_log import Action, Subject, SubjectKind, access_log_record

FIELD = "access_reason"
METHOD_FIELD = "access_reason_method"
SESSION_PREFIX = "privacy.access_reason."


class AccessReasonForm(forms.Form):
    access_reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: checking the documents of a reviewed application."),
        error_messages={"required": _("Type the reason for this download or export.")},
    )


def access_reason(request: HttpRequest, *, scope: str) -> str | HttpResponse:
    """The reason typed for `scope` (in this request or in the last 30 minutes), or the page that asks for it."""
    key = SESSION_PREFIX + scope
    if request.method == "POST" and FIELD in request.POST:
        form = AccessReasonForm(request.POST)
        if form.is_valid():
            reason = form.cleaned_data[FIELD]
            request.session[key] = {"reason": reason, "at": time.time()}
            if request.POST.get(METHOD_FIELD) == "GET":
                return HttpResponseRedirect(request.get_full_path())  # the download itself is a GET
            return reason
    else:
        remembered = request.session.get(key)
        if remembered and time.time() - remembered["at"] < settings.PRIVACY_ACCESS_REASON_SECONDS:
            return remembered["reason"]
        form = AccessReasonForm()
    back = request.META.get("HTTP_REFERER", "")
    in_admin = request.path.startswith("/admin/")
    hidden = [(name, value) for name, values in request.POST.lists()
              if name not in (FIELD, METHOD_FIELD, "csrfmiddlewaretoken") for value in values]
    context = {
        **(admin.site.each_context(request) if in_admin else {}),
        "base_template": "admin/base_site.html" if in_admin else "base.html",
        "title": _("Why do you need this file?"), "form": form, "hidden": hidden,
        "original_method": request.method if FIELD not in request.POST else request.POST.get(METHOD_FIELD, "POST"),
        "minutes": settings.PRIVACY_ACCESS_REASON_SECONDS // 60,
        "back": back if url_has_allowed_host_and_scheme(back, {request.get_host()}) else "",
    }
    return TemplateResponse(request, "privacy/access_reason.html", context)


def access_log_download(request: HttpRequest, *, scope: str, subject: Subject, obj,
                        object_label: str = "") -> HttpResponse | None:
    """Before a document is sent: the reason page to return, or None once the download is logged."""
    reason = access_reason(request, scope=scope)
    if isinstance(reason, HttpResponse):
        return reason
    access_log_record(request=request, action=Action.DOWNLOAD, subject=subject, obj=obj,
                      object_label=object_label, reason=reason)
    return None


def export_guard(request: HttpRequest, name: str, run: Callable[[], HttpResponse]) -> HttpResponse:
    """Around every registered export (PORTAL_EXPORT_GUARD): the export runs first, so that its own permission
    checks answer before anything else; a file is sent only with a reason, and logged with it."""
    scope = f"export.{name}"
    if request.method == "POST" and request.POST.get(METHOD_FIELD) == "GET" and FIELD in request.POST:
        return access_reason(request, scope=scope)  # the reason page of a GET export: back to it, or the error
    response = run()
    if not response.has_header("Content-Disposition"):
        return response  # a page, a redirect or a refusal: no file left
    reason = access_reason(request, scope=scope)
    if isinstance(reason, HttpResponse):
        return reason  # the file is not sent without a reason
    access_log_record(request=request, action=Action.EXPORT, reason=reason,
                      subject=Subject(kind=SubjectKind.MANY, id="", label=name),
                      object_label=f"{name} {request.GET.urlencode()}".strip())
    return response
