"""The public tenant directory: published profiles only."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from portal.params import query_page

from .. import selectors
from ..forms import (
    DirectoryFilterForm,
)
from ..models import (
    AIField,
    Company,
)
from .company import logo_response


def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    query, ai_field = "", ""
    if form.is_valid():
        query, ai_field = form.cleaned_data["q"].strip(), form.cleaned_data["ai_field"]
    page = Paginator(selectors.company_directory_list(query=query, ai_field=ai_field), 24).get_page(
        query_page(request)
    )
    return render(request, "tenants/directory.html", {
        "form": form, "page": page, "query": query, "ai_field": ai_field, "ai_fields": AIField.choices,
    })


def directory_detail(request, company_id: int):
    company = get_object_or_404(Company, pk=company_id, is_published=True)
    return render(request, "tenants/directory_detail.html", {"company": company})


def directory_logo(request, company_id: int):
    return logo_response(get_object_or_404(Company, pk=company_id, is_published=True))
