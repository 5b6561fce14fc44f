"""Public pages of the portal."""

from django.shortcuts import render

from premises.selectors import unit_type_list_with_counts


def home(request):
    return render(request, "portal/home.html", {"unit_types": unit_type_list_with_counts()})
