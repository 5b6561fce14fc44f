"""The applicant's pages: start, the steps of the application, documents, review and submit, dashboard."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from decisions.selectors import decision_notice_for
from decisions.views import decision_notice_response
from portal.exceptions import DomainError, PermissionRefused
from portal.formatting import format_kst
from portal.uploads import private_file_response
from privacy.access_reason import access_log_download

from . import selectors, services
from .consents import COLLECTION_NOTICE, COMMITTEE_NOTICE, TRUTH_DECLARATION
from .forms import STEP_FORMS, DocumentUploadForm, MessageForm, StartConsentForm, SubmitForm, WithdrawForm
from .models import ApplicationDocument, Call
from .receipt import application_receipt_pdf, contact_line, next_step_rows
from .workflow import STATES, Status


def _steps(application, current: str) -> list[dict]:
    filled = selectors.application_filled_steps(application=application)
    return [
        {
            "slug": slug, "label": label, "number": i, "url": _step_url(application, slug),
            "current": slug == current, "done": slug in filled and slug != current,
        }
        for i, (slug, label) in enumerate(selectors.APPLICATION_STEPS, start=1)
    ]


def _step_url(application, slug: str) -> str:
    if slug in STEP_FORMS:
        return reverse("applications:step", args=[application.pk, slug])
    return reverse(f"applications:{slug}", args=[application.pk])


def _next_step_url(application, step: str) -> str:
    slugs = [slug for slug, _label in selectors.APPLICATION_STEPS]
    return _step_url(application, slugs[slugs.index(step) + 1])


def _base_context(application, step: str) -> dict:
    return {
        "application": application,
        "steps": _steps(application, step),
        "editable": STATES[application.status].applicant_can_edit,
        "applicant_status": selectors.application_applicant_status(application=application),
    }


@login_required
@require_http_methods(["GET", "POST"])
def application_start(request, code: str):
    """Resume the user's application to the call, or start a draft (POST) while the call is open."""
    call = get_object_or_404(Call.objects.select_related("building"), code=code)
    existing = selectors.application_current_for_call(user=request.user, call=call)
    needs_consent = existing is not None and existing.status == Status.DRAFT and existing.consent_collection_at is None
    if existing is not None and not needs_consent:
        if existing.status == Status.DRAFT:
            return redirect("applications:step", existing.pk, "company")
        return redirect("applications:detail", existing.pk)
    status = 200
    form = StartConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            application, _created = services.application_start(
                call=call, applicant=request.user, consent_collection=form.cleaned_data["consent_collection"],
                consent_committee=form.cleaned_data["consent_committee"])
        except DomainError as exc:
            messages.error(request, exc.message)
            status = 403 if isinstance(exc, PermissionRefused) else 200
        else:
            messages.success(request, _("Your draft is saved as you go: you can leave and come back at any time."))
            return redirect("applications:step", application.pk, "company")
    now = timezone.now()
    return render(request, "applications/applicant/start.html", {
        "call": call, "is_open": call.is_open(now) or needs_consent, "not_yet_open": now < call.opens_at,
        "may_apply": services.user_may_apply(request.user), "form": form, "resuming": needs_consent,
        "collection_notice": COLLECTION_NOTICE, "committee_notice": COMMITTEE_NOTICE,
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def application_step(request, pk: int, step: str):
    application = selectors.application_get_for_applicant(user=request.user, pk=pk)
    form_class = STEP_FORMS.get(step)
    if form_class is None:
        raise Http404
    if request.method == "POST":
        form = form_class(request.POST, application=application)
        if not STATES[application.status].applicant_can_edit:
            messages.error(request, _("This application has been submitted and can no longer be changed."))
            return redirect("applications:detail", application.pk)
        form.is_valid()  # fills cleaned_data and errors; the valid fields are saved below
        try:
            services.application_update_draft(
                application=application, actor=request.user, changes=form.valid_changes()
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("applications:detail", application.pk)
        if not form.errors:
            messages.success(request, _("Saved."))
            goto = request.POST.get("goto")
            if goto in dict(selectors.APPLICATION_STEPS):
                return redirect(_step_url(application, goto))
            if "continue" in request.POST:
                return redirect(_next_step_url(application, step))
            return redirect("applications:step", application.pk, step)
    else:
        form = form_class(application=application)
    context = {**_base_context(application, step), "form": form, "step": step,
               "step_label": dict(selectors.APPLICATION_STEPS)[step]}
    return render(request, "applications/applicant/step.html", context)


def _localized_name(document_type) -> str:
    from portal.formatting import localized

    return localized(document_type, "name")


def _document_rows(application, forms_by_type: dict | None = None) -> list[dict]:
    documents = {d.document_type_id: d for d in application.documents.all()}
    rows = []
    for document_type in application.call.document_types.all():
        key = selectors.document_key(document_type.id)
        rows.append({
            "type": document_type,
            "document": documents.get(document_type.id),
            "editable": selectors.application_field_is_editable(application=application, key=key),
            "form": (forms_by_type or {}).get(document_type.id)
            or DocumentUploadForm(prefix=f"doc{document_type.id}", document_name=_localized_name(document_type)),
            "formats": ", ".join(f.upper() for f in document_type.allowed_formats),
        })
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def application_documents(request, pk: int):
    application = selectors.application_get_for_applicant(user=request.user, pk=pk)
    forms_by_type = {}
    status = 200
    if request.method == "POST":
        document_type = get_object_or_404(application.call.document_types, pk=request.POST.get("document_type")
                                          if str(request.POST.get("document_type", "")).isdigit() else None)
        form = DocumentUploadForm(request.POST, request.FILES, prefix=f"doc{document_type.id}",
                                  document_name=_localized_name(document_type))
        if form.is_valid():
            try:
                services.application_document_upload(
                    application=application, actor=request.user, document_type=document_type,
                    uploaded_file=form.cleaned_data["file"],
                )
            except DomainError as exc:
                form.add_error("file", exc.message)
            else:
                messages.success(request, _("“%(name)s” uploaded.") % {"name": form.cleaned_data["file"].name})
                return redirect(reverse("applications:documents", args=[application.pk])
                                + f"#document-{document_type.id}")
        forms_by_type[document_type.id] = form
    context = {**_base_context(application, "documents"), "rows": _document_rows(application, forms_by_type),
               "error_forms": [(tid, f) for tid, f in forms_by_type.items() if f.errors]}
    return render(request, "applications/applicant/documents.html", context, status=status)


@login_required
@require_POST
def application_document_remove(request, pk: int, document_pk: int):
    application = selectors.application_get_for_applicant(user=request.user, pk=pk)
    document = get_object_or_404(ApplicationDocument, pk=document_pk, application=application)
    try:
        services.application_document_remove(application=application, actor=request.user, document=document)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("“%(name)s” removed.") % {"name": document.original_name})
    return redirect(reverse("applications:documents", args=[application.pk]) + f"#document-{document.document_type_id}")


@login_required
def application_document_download(request, pk: int, document_pk: int):
    """The file, to the application's applicant and district staff only; anyone else gets 404."""
    document = selectors.application_document_get_for_download(user=request.user, application_pk=pk, pk=document_pk)
    if document.application.applicant_id != request.user.pk:  # district staff: a reason first, then logged
        asked = access_log_download(request, scope="applications.document", obj=document,
                                    subject=selectors.application_access_subject(document.application))
        if asked is not None:
            return asked
    return private_file_response(document.file.name, document.original_name)


def _problem_rows(application) -> list[dict]:
    rows = []
    for problem in selectors.application_problems(application=application):
        if problem.step in STEP_FORMS:
            url = reverse("applications:step", args=[application.pk, problem.step])
        elif problem.step == "start":
            url = reverse("applications:start", args=[application.call.code])
        else:
            url = reverse("applications:documents", args=[application.pk])
        rows.append({"message": problem.message, "url": f"{url}#{problem.anchor}"})
    return rows


@login_required
def application_review(request, pk: int):
    application = selectors.application_get_for_applicant(user=request.user, pk=pk)
    return _review(request, application, SubmitForm())


def _review(request, application, submit_form, *, status=200):
    context = {
        **_base_context(application, "review"),
        "problems": _problem_rows(application) if application.status == Status.DRAFT else [],
        "is_open": application.call.is_open(),
        "documents": application.documents.select_related("document_type"),
        "sections": _summary_sections(application),
        "submit_form": submit_form,
        "closes_at": format_kst(application.call.closes_at),
    }
    return render(request, "applications/applicant/review.html", context, status=status)


def _summary_sections(application) -> list[dict]:
    from .forms import STEP_FORMS

    sections = []
    for slug, label in selectors.APPLICATION_STEPS:
        if slug not in STEP_FORMS:
            continue
        fields = STEP_FORMS[slug].base_fields  # the labels only: no form (and its queries) is built
        rows = []
        for name in selectors.STEP_FIELDS[slug]:
            value = getattr(application, name)
            if name == "business_registration_number":
                value = application.business_registration_number_display
            elif name in ("ai_field",):
                value = application.get_ai_field_display()
            elif isinstance(value, bool):
                value = _("Yes") if value else _("No")
            rows.append({"label": str(fields[name].label).rstrip(" *"), "value": value, "name": name})
        sections.append({"slug": slug, "label": label, "rows": rows,
                         "url": reverse("applications:step", args=[application.pk, slug])})
    return sections


@login_required
@require_POST
def application_submit(request, pk: int):
    application = selectors.application_get_for_applicant(user=request.user, pk=pk)
    form = SubmitForm(request.POST)
    try:
        application = services.application_submit(
            application=application, actor=request.user,
            declared_true=form.is_valid() and form.cleaned_data["declared_true"],
        )
    except DomainError as exc:
        if exc.code == "already_submitted":
            messages.info(request, exc.message)
            return redirect("applications:detail", application.pk)
        if exc.code == "declaration":  # the form's refusal beside the box, on the page the applicant read
            return _review(request, application, form)
        messages.error(request, exc.message)
        return redirect("applications:review", application.pk)
    messages.success(request, _("Your application has been submitted. Receipt number: %(receipt)s")
                     % {"receipt": application.receipt_number})
    return redirect("applications:detail", application.pk)


@login_required
@require_POST
def application_resubmit(request, pk: int):
    application = selectors.application_get_for_applicant(user=request.user, pk=pk)
    try:
        services.application_resubmit(application=application, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("applications:detail", application.pk)
    messages.success(request, _("Your application has been sent back to the district office."))
    return redirect("applications:detail", application.pk)


@login_required
@require_http_methods(["GET", "POST"])
def application_withdraw(request, pk: int):
    application = selectors.application_get_for_applicant(user=request.user, pk=pk)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(application=application, actor=request.user,
                                          reason=form.cleaned_data["reason"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Your application has been withdrawn."))
        return redirect("applications:detail", application.pk)
    can_withdraw = application.status in _withdrawable()
    return render(request, "applications/applicant/withdraw.html",
                  {"application": application, "form": form, "can_withdraw": can_withdraw})


def _withdrawable():
    from .workflow import TRANSITIONS

    return TRANSITIONS["withdraw"].sources


@login_required
@require_POST
def application_message(request, pk: int):
    application = selectors.application_get_for_applicant(user=request.user, pk=pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.application_message_post(application=application, author=request.user,
                                              body=form.cleaned_data["body"])
        except DomainError as exc:
            form.add_error("body", exc.message)
        else:
            messages.success(request, _("Your message has been sent to the district office."))
            return redirect(reverse("applications:detail", args=[application.pk]) + "#messages")
    return _detail(request, application, message_form=form, status=400)


@login_required
def application_detail(request, pk: int):
    application = selectors.application_get_for_applicant(user=request.user, pk=pk)
    return _detail(request, application)


@login_required
def application_receipt(request, pk: int):
    """The printable receipt (접수증), to the applicant, once the application has a receipt number."""
    application = selectors.application_get_for_applicant(user=request.user, pk=pk)
    if not application.receipt_number:
        raise Http404
    language = "en" if (translation.get_language() or "ko").startswith("en") else "ko"
    response = HttpResponse(application_receipt_pdf(application=application, language=language),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="receipt-{application.receipt_number}.pdf"'
    return response


def _detail(request, application, *, message_form=None, status=200):
    reopened = []
    if application.status == Status.INFO_REQUESTED:
        labels = dict(selectors.application_reopenable_items(application=application))
        for key in application.reopened_fields or []:
            if key.startswith(selectors.DOCUMENT_KEY_PREFIX):
                url = reverse("applications:documents", args=[application.pk]) + "#document-" + key.split(":")[1]
            else:
                step = selectors.FIELD_STEP.get(key)
                url = reverse("applications:step", args=[application.pk, step]) + f"#id_{key}" if step else ""
            reopened.append({"label": labels.get(key, key), "url": url})
    context = {
        "application": application,
        "applicant_status": selectors.application_applicant_status(application=application),
        "timeline": selectors.application_timeline(application=application),
        "thread": selectors.application_message_list(application=application),
        "message_form": message_form or MessageForm(),
        "reopened": reopened,
        "can_withdraw": application.status in _withdrawable(),
        "documents": application.documents.select_related("document_type"),
        "editable": STATES[application.status].applicant_can_edit,
        "truth_declaration": TRUTH_DECLARATION,
        "next_steps": next_step_rows(application=application) if application.receipt_number else [],
        "contact": contact_line(call=application.call),
        "decision_notice": decision_notice_for(subject=application),
    }
    return render(request, "applications/applicant/detail.html", context, status=status)


@login_required
def application_decision_notice(request, pk: int):
    """The notice of an ineligibility or non-selection (reasons and appeal route), to the applicant."""
    application = selectors.application_get_for_applicant(user=request.user, pk=pk)
    return decision_notice_response(request, subject=application)


@login_required
def application_dashboard(request):
    applications = list(selectors.application_list_for_applicant(user=request.user))
    rows = [
        {
            "application": a,
            "status": selectors.application_applicant_status(application=a),
            "timeline": selectors.application_timeline(application=a),
            "editable": STATES[a.status].applicant_can_edit,
        }
        for a in applications
    ]
    return render(request, "applications/applicant/dashboard.html", {"rows": rows})
