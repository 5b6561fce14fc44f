"""Public pages: the home page with what is open now, the programmes, the list of calls and a call's page.

Their content is the same for every visitor: it is rendered without the request and cached per
language until the data it shows changes (applications/public_cache.py). base.html renders the
navigation, the user's name and the forms with their CSRF tokens around it on every request.
"""

from urllib.parse import quote

from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from portal.formatting import center_name, localized
from premises.selectors import unit_type_list_with_counts

from .public_cache import cached_public_part
from .selectors import call_get_public, call_list_public
from .selectors_programmes import calls_open_now, programme_get_public, programme_list_public


def call_apply_url(code: str) -> str:
    """Where the applicant starts an application to the call."""
    try:
        return reverse("applications:start", kwargs={"code": code})
    except NoReverseMatch:
        return f"/apply/{quote(code)}/"


# Sections of the home page that higher apps add (the latest notices): functions returning rendered HTML,
# rendered into the cached content and registered with `home_section_register` from their ready().
_home_sections: list = []


def home_section_register(render_section) -> None:
    if render_section not in _home_sections:
        _home_sections.append(render_section)


def _page(request, part: dict):
    # The content was rendered (and escaped) by the portal's own templates; the title is escaped by base.html.
    content = mark_safe(part["content"])  # noqa: S308
    return render(request, "portal/cached_page.html", {"title": part["title"], "content": content})


def home(request):
    def part() -> dict:
        now = calls_open_now()
        call = now.featured
        content = render_to_string("applications/public/_home_content.html", {
            "center_name": center_name(),
            "unit_types": unit_type_list_with_counts(),
            "call": call,
            "open_by_programme": now.programmes,
            "apply_url": call_apply_url(call.code) if call else "",
            # Rendered by the portal's own templates (escaped there).
            "sections": [mark_safe(section()) for section in _home_sections],  # noqa: S308
        })
        return {"title": gettext("Home"), "content": content}

    return _page(request, cached_public_part("home", part))


def call_list(request):
    def part() -> dict:
        content = render_to_string("applications/public/_call_list_content.html", {"groups": call_list_public()})
        return {"title": gettext("Calls for applications"), "content": content}

    return _page(request, cached_public_part("call-list", part))


def programme_list(request):
    def part() -> dict:
        content = render_to_string("applications/public/_programme_list_content.html",
                                   {"programmes": programme_list_public()})
        return {"title": gettext("Programmes"), "content": content}

    return _page(request, cached_public_part("programme-list", part))


def programme_detail(request, code: str):
    def part() -> dict:
        programme, groups = programme_get_public(code=code)  # Http404 for an unknown or inactive one, not cached
        content = render_to_string("applications/public/_programme_detail_content.html",
                                   {"programme": programme, "groups": groups})
        return {"title": localized(programme, "name"), "content": content}

    return _page(request, cached_public_part("programme", part, code))


def call_detail(request, code: str):
    def part() -> dict:
        call = call_get_public(code=code)  # Http404 for an unknown code, which is not cached
        content = render_to_string("applications/public/_call_detail_content.html", {
            "call": call, "apply_url": call_apply_url(call.code),
        })
        return {"title": localized(call, "title"), "content": content}

    return _page(request, cached_public_part("call", part, code))


def call_consent_form(request, code: str, language: str):
    """The call's 개인정보 수집·이용 동의서 as a PDF in Korean or English, to sign and upload."""
    from django.http import Http404, HttpResponse
    from django.shortcuts import get_object_or_404
    from django.utils import translation

    from accounts.consents import consent_form_pdf

    from .consents import COLLECTION_NOTICE, COMMITTEE_NOTICE
    from .models import Call

    if language not in ("ko", "en"):
        raise Http404
    call = get_object_or_404(Call, code=code)
    with translation.override(language):
        pdf = consent_form_pdf(
            texts=[COLLECTION_NOTICE, COMMITTEE_NOTICE], language=language,
            title=gettext("Consent to the collection and use of personal data"),
            intro=gettext("Application to %(call)s. Tick one box per consent, then date and sign the form and "
                          "upload it with the application.") % {"call": localized(call, "title")},
            footer=gettext("Seocho-gu Office · %(center)s") % {"center": center_name()},
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="consent-{call.code}-{language}.pdf"'
    return response


def call_file(request, code: str, pk: int):
    """A notice document or form template of the call, to anyone (the call is public)."""
    from django.shortcuts import get_object_or_404

    from portal.uploads import private_file_response

    from .models import CallFile

    file = get_object_or_404(CallFile, pk=pk, call__code=code)
    return private_file_response(file.file.name, file.original_name or file.file.name.rsplit("/", 1)[-1])
