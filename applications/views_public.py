"""Public pages: the home page with the open call, the list of calls and a call's page."""

from urllib.parse import quote

from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from premises.selectors import unit_type_list_with_counts

from .selectors import call_get_public, call_list_public, call_open_for_home


def call_apply_url(code: str) -> str:
    """Where the applicant starts an application to the call."""
    try:
        return reverse("applications:start", kwargs={"code": code})
    except NoReverseMatch:
        return f"/apply/{quote(code)}/"


def home(request):
    call = call_open_for_home()
    return render(request, "applications/public/home.html", {
        "unit_types": unit_type_list_with_counts(),
        "call": call,
        "apply_url": call_apply_url(call.code) if call else "",
    })


def call_list(request):
    return render(request, "applications/public/call_list.html", {"groups": call_list_public()})


def call_detail(request, code: str):
    call = call_get_public(code=code)
    return render(request, "applications/public/call_detail.html", {
        "call": call, "apply_url": call_apply_url(call.code),
    })
