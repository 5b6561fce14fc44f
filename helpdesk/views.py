"""Public pages (notices, FAQ, the footer's policies, directions) and the signed-in user's inquiries.

The public pages' content is cached like the calls' (applications/public_cache.py) while nobody searches;
only visible notices are ever rendered. Someone else's inquiry answers 404."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from applications.public_cache import cached_public_part
from portal.exceptions import DomainError
from portal.templatetags.portal_tags import localized
from portal.uploads import private_file_response

from . import selectors, services
from .forms import InquiryForm, ReopenForm, SearchForm
from .models import NoticeAttachment, NoticeCategory, Topic
from .workflow import INQUIRY_WORKFLOW


def _page(request, part: dict):
    content = mark_safe(part["content"])  # noqa: S308 (rendered and escaped by the portal's templates)
    return render(request, "portal/cached_page.html", {"title": part["title"], "content": content})


def _page_number(request) -> str:
    page = request.GET.get("page", "1")
    return page if page.isdigit() and 0 < len(page) < 6 else "1"


def notice_list(request):
    form = SearchForm(request.GET or None, categories=NoticeCategory.choices)
    query = category = ""
    if form.is_valid():
        query, category = form.cleaned_data["q"].strip(), form.cleaned_data["category"]
    page_number = _page_number(request)

    def part() -> dict:
        notices = selectors.notice_list_visible(query=query, category=category)
        page = Paginator(notices, settings.HELPDESK_NOTICES_PER_PAGE).get_page(page_number)
        for notice in page:
            notice.is_new = selectors.notice_is_new(notice)
        content = render_to_string("helpdesk/public/_notice_list.html", {
            "page": page, "form": form, "query": query, "category": category,
        })
        return {"title": gettext("Notices"), "content": content}

    if query:  # searches are not cached: every visitor's words would be a new entry
        return _page(request, part())
    return _page(request, cached_public_part("notice-list", part, category, page_number))


def notice_detail(request, pk: int):
    def part() -> dict:
        notice = selectors.notice_get_visible(pk=pk)  # Http404 for a hidden notice, which is not cached
        notice.is_new = selectors.notice_is_new(notice)
        content = render_to_string("helpdesk/public/_notice_detail.html", {"notice": notice})
        return {"title": localized(notice, "title"), "content": content}

    return _page(request, cached_public_part("notice", part, str(pk)))


def notice_attachment(request, pk: int, attachment_id: int):
    notice = selectors.notice_get_visible(pk=pk)
    attachment = get_object_or_404(NoticeAttachment, pk=attachment_id, notice=notice)
    return private_file_response(attachment.file.name, attachment.name)


def faq(request):
    form = SearchForm(request.GET or None, categories=Topic.choices)
    query = category = ""
    if form.is_valid():
        query, category = form.cleaned_data["q"].strip(), form.cleaned_data["category"]

    def part() -> dict:
        content = render_to_string("helpdesk/public/_faq.html", {
            "faqs": selectors.faq_list_published(query=query, category=category), "form": form, "query": query,
        })
        return {"title": gettext("Frequently asked questions"), "content": content}

    if query:
        return _page(request, part())
    return _page(request, cached_public_part("faq", part, category))


def _site_page(request, template: str, title: str):
    """A page of the site's frame; the department's name, address and phone come from the context processor."""
    english = (get_language() or "ko").startswith("en")
    transit = settings.PORTAL_DIRECTIONS_TRANSIT_EN if english else settings.PORTAL_DIRECTIONS_TRANSIT_KO
    return render(request, template, {"title": title, "transit": transit})


def directions(request):
    return _site_page(request, "helpdesk/public/directions.html", gettext("Directions"))


def copyright_policy(request):
    return _site_page(request, "helpdesk/public/copyright.html", gettext("Copyright policy"))


def email_collection_refusal(request):
    return _site_page(request, "helpdesk/public/email_refusal.html", gettext("No unauthorised e-mail collection"))


@login_required
@never_cache
def inquiry_list(request):
    return render(request, "helpdesk/inquiry_list.html", {
        "inquiries": selectors.inquiry_list_for_asker(user=request.user), "states": INQUIRY_WORKFLOW.states,
        "faq_url": reverse("helpdesk:faq"),
    })


@login_required
@never_cache
def inquiry_create(request):
    form = InquiryForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            inquiry = services.inquiry_submit(
                asker=request.user, category=data["category"], subject=data["subject"], body=data["body"],
                files=data.get("attachments") or [], application=data.get("application"),
                invoice=data.get("invoice"), booking=data.get("booking"),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, gettext(
                "Your inquiry was received with number %(number)s. The answer is due by %(due)s.")
                % {"number": inquiry.number, "due": inquiry.due_on.strftime("%Y-%m-%d")})
            return redirect("helpdesk:inquiry_detail", inquiry.pk)
    return render(request, "helpdesk/inquiry_form.html", {
        "form": form, "due_days": settings.HELPDESK_INQUIRY_DUE_WORKING_DAYS})


@login_required
@never_cache
def inquiry_detail(request, pk: int):
    inquiry = selectors.inquiry_get_for_asker(user=request.user, pk=pk)
    # What the asker reads of the history: the statuses and their own reopening reasons, never staff's notes.
    history = inquiry.transitions.order_by("at", "id")
    return render(request, "helpdesk/inquiry_detail.html", {
        "inquiry": inquiry, "state": INQUIRY_WORKFLOW.state(inquiry.status),
        "history": [(change, change.reason if change.name == "reopen" else "") for change in history],
        "can_reopen": services.inquiry_can_reopen(inquiry), "reopen_form": ReopenForm(),
        "reopen_days": settings.HELPDESK_INQUIRY_REOPEN_DAYS,
    })


@login_required
@require_POST
def inquiry_reopen(request, pk: int):
    inquiry = selectors.inquiry_get_for_asker(user=request.user, pk=pk)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Please say what is still unanswered."))
        return redirect("helpdesk:inquiry_detail", inquiry.pk)
    try:
        services.inquiry_reopen(inquiry=inquiry, actor=request.user, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, gettext("Your inquiry was reopened."))
    return redirect("helpdesk:inquiry_detail", inquiry.pk)


@login_required
@require_POST
def inquiry_resolve(request, pk: int):
    inquiry = selectors.inquiry_get_for_asker(user=request.user, pk=pk)
    try:
        services.inquiry_resolve(inquiry=inquiry, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, gettext("Thank you. Your inquiry is closed."))
    return redirect("helpdesk:inquiry_detail", inquiry.pk)


@login_required
def inquiry_attachment(request, pk: int, attachment_id: int):
    inquiry = selectors.inquiry_get_for_asker(user=request.user, pk=pk)
    attachment = get_object_or_404(inquiry.attachments.all(), pk=attachment_id)
    return private_file_response(attachment.file.name, attachment.name)

