"""The applicant's pages: start, the steps of the application, documents, review and submit, dashboard."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from decisions.selectors import decision_notice_for
from decisions.views import decision_notice_response
from portal.exceptions import DomainError, PermissionRefused
from portal.formatting import format_kst, localized
from portal.uploads import private_file_response
from privacy.access_reason import access_log_download

from . import selectors, services, services_forms
from .consents import COLLECTION_NOTICE, COMMITTEE_NOTICE, TRUTH_DECLARATION
from .forms import (
    STEP_FORMS,
    CollaboratorInviteForm,
    DocumentUploadForm,
    MessageForm,
    StartConsentForm,
    SubmitForm,
    WithdrawForm,
)
from .forms_questions import PREFIX as FORM_PREFIX
from .forms_questions import AnswerStepForm
from .models import ApplicationDocument, Call, CollaboratorRole
from .receipt import application_receipt_pdf, contact_line, next_step_rows
from .selectors_collaborators import (
    OWNER,
    access_allows,
    application_edit_history,
    application_get_for_participant,
    collaborator_list,
    invitation_list_open,
)
from .selectors_forms import ANSWER_KEY_PREFIX, STEP_SLUG_PREFIX, answer_file_get, answer_sections, form_load
from .services_collaborators import StaleEdit
from .workflow import STATES, Status

EDIT_VERSION_FIELD = "edit_version"  # the latest edit's id when a step page was opened (a stale save's check)


def _step_items(application, loaded=None) -> list[tuple[str, str]]:
    """(slug, label) of the application's steps: the call's own form's steps, or the fixed ones; then
    documents and review."""
    if application.form_definition_id is None:
        return list(selectors.APPLICATION_STEPS)
    loaded = loaded or _loaded_form(application)
    return [*((slug, localized(step, "title")) for slug, step in loaded.slugs()), *selectors.APPLICATION_STEPS[-2:]]


def _loaded_form(application):
    cached = getattr(application, "_loaded_form", None)
    if cached is None:
        cached = application._loaded_form = form_load(definition=application.form_definition)
    return cached


def _steps(application, current: str) -> list[dict]:
    filled = selectors.application_filled_steps(application=application)
    return [
        {
            "slug": slug, "label": label, "number": i, "url": _step_url(application, slug),
            "current": slug == current, "done": slug in filled and slug != current,
        }
        for i, (slug, label) in enumerate(_step_items(application), start=1)
    ]


def _step_url(application, slug: str) -> str:
    if slug in STEP_FORMS or slug.startswith(STEP_SLUG_PREFIX):
        return reverse("applications:step", args=[application.pk, slug])
    return reverse(f"applications:{slug}", args=[application.pk])


def first_step_slug(application) -> str:
    return _step_items(application)[0][0]


def _next_step_url(application, step: str) -> str:
    slugs = [slug for slug, _label in _step_items(application)]
    return _step_url(application, slugs[slugs.index(step) + 1])


def _base_context(application, step: str) -> dict:
    return {
        "application": application,
        "steps": _steps(application, step),
        "editable": _may_change(application),
        "applicant_status": selectors.application_applicant_status(application=application),
    }


def _may_change(application) -> bool:
    """Whether the page offers changes: the application's state allows them and the user is not a viewer."""
    return STATES[application.status].applicant_can_edit and access_allows(application.access, CollaboratorRole.EDITOR)


def _get(request, pk: int, need: str = CollaboratorRole.VIEWER):
    """The application the user opens as its applicant or a colleague (`application.access`); 404 for anyone
    else, 403 for a colleague whose role does not allow `need`."""
    return application_get_for_participant(user=request.user, pk=pk, need=need)


def _get_to_change(request, pk: int):
    """The application for a page that changes it: a viewer opening one is shown the review page instead, and
    a viewer's save is refused (403)."""
    application = _get(request, pk)
    if application.access == CollaboratorRole.VIEWER:
        if request.method == "GET":
            return None, redirect("applications:review", application.pk)
        raise PermissionDenied
    return application, None


def _seen_version(request) -> int | None:
    value = request.POST.get(EDIT_VERSION_FIELD, "")
    return int(value) if value.isdigit() else None


@login_required
@require_http_methods(["GET", "POST"])
def application_start(request, code: str):
    """Resume the user's application to the call, or start a draft (POST) while the call is open."""
    call = get_object_or_404(Call.objects.select_related("building"), code=code)
    existing = selectors.application_current_for_call(user=request.user, call=call)
    needs_consent = existing is not None and existing.status == Status.DRAFT and existing.consent_collection_at is None
    if existing is not None and not needs_consent:
        if existing.status == Status.DRAFT:
            return redirect("applications:step", existing.pk, first_step_slug(existing))
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
            return redirect("applications:step", application.pk, first_step_slug(application))
    now = timezone.now()
    return render(request, "applications/applicant/start.html", {
        "call": call, "is_open": call.is_open(now) or needs_consent, "not_yet_open": now < call.opens_at,
        "may_apply": services.user_may_apply(request.user), "form": form, "resuming": needs_consent,
        "collection_notice": COLLECTION_NOTICE, "committee_notice": COMMITTEE_NOTICE,
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def application_step(request, pk: int, step: str):
    application, viewer_redirect = _get_to_change(request, pk)
    if viewer_redirect:
        return viewer_redirect
    if application.form_definition_id is not None:
        return _answer_step(request, application, step)
    form_class = STEP_FORMS.get(step)
    if form_class is None:
        raise Http404
    stale = None
    if request.method == "POST":
        form = form_class(request.POST, application=application)
        if not STATES[application.status].applicant_can_edit:
            messages.error(request, _("This application has been submitted and can no longer be changed."))
            return redirect("applications:detail", application.pk)
        form.is_valid()  # fills cleaned_data and errors; the valid fields are saved below
        try:
            services.application_update_draft(
                application=application, actor=request.user, changes=form.valid_changes(),
                seen=_seen_version(request),
            )
        except StaleEdit as exc:
            stale = exc
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("applications:detail", application.pk)
        if not form.errors and stale is None:
            return _saved_redirect(request, application, step)
    else:
        form = form_class(application=application)
    context = {**_base_context(application, step), "form": form, "step": step,
               "step_label": dict(selectors.APPLICATION_STEPS)[step], **_version_context(application, stale)}
    return render(request, "applications/applicant/step.html", context, status=409 if stale else 200)


def _version_context(application, stale: StaleEdit | None) -> dict:
    """The version the page's next save is checked against, and the message of a stale save (its input kept):
    after the message the page is at the version that includes the other person's save."""
    if stale is not None:
        return {"edit_version": stale.version, "stale": stale,
                "stale_labels": [_item_labels(application).get(key, key) for key in stale.keys]}
    return {"edit_version": application.last_edit_id}


def _item_labels(application) -> dict[str, str]:
    return dict(selectors.application_reopenable_items(application=application))


def _saved_redirect(request, application, step: str):
    messages.success(request, _("Saved."))
    goto = request.POST.get("goto")
    if goto in dict(_step_items(application)):
        return redirect(_step_url(application, goto))
    if "continue" in request.POST:
        return redirect(_next_step_url(application, step))
    return redirect("applications:step", application.pk, step)


def _answer_step(request, application, step: str):
    """A step of the call's own form: its questions, saved as a draft like the fixed steps."""
    loaded = _loaded_form(application)
    form_step = loaded.step_for_slug(step)
    if form_step is None:
        raise Http404

    def editable(key):
        return selectors.application_field_is_editable(application=application, key=key)

    form_kwargs = {"application": application, "questions": loaded.step_questions(form_step),
                   "all_questions": loaded.questions, "editable": editable}
    stale = None
    if request.method == "POST":
        if not STATES[application.status].applicant_can_edit:
            messages.error(request, _("This application has been submitted and can no longer be changed."))
            return redirect("applications:detail", application.pk)
        form = AnswerStepForm(request.POST, request.FILES, **form_kwargs)
        form.is_valid()
        try:
            refused = services_forms.application_answers_save(
                application=application, actor=request.user, changes=form.valid_changes(),
                files=form.valid_files(), seen=_seen_version(request))
        except StaleEdit as exc:
            stale, refused = exc, {}
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("applications:detail", application.pk)
        for key, message in refused.items():
            form.add_error(f"{FORM_PREFIX}{key}", message)
        if not form.errors and stale is None:
            return _saved_redirect(request, application, step)
        form.answers = dict(application.answers or {})  # the saved file names in the help texts
    else:
        form = AnswerStepForm(**form_kwargs)
    context = {**_base_context(application, step), "form": form, "step": step,
               "step_label": localized(form_step, "title"), "intro": localized(form_step, "intro"),
               **_version_context(application, stale)}
    return render(request, "applications/applicant/step.html", context, status=409 if stale else 200)


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
    application, viewer_redirect = _get_to_change(request, pk)
    if viewer_redirect:
        return viewer_redirect
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
    application = _get(request, pk, CollaboratorRole.EDITOR)
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
    if not request.user.is_district_staff:
        _get(request, pk)
    document = selectors.application_document_get_for_download(user=request.user, application_pk=pk, pk=document_pk)
    return _file_download(request, document, scope="applications.document")


def _file_download(request, stored, *, scope: str):
    """An uploaded file of an application as an attachment; to district staff after a reason, logged."""
    if request.user.is_district_staff and stored.application.applicant_id != request.user.pk:
        asked = access_log_download(request, scope=scope, obj=stored,
                                    subject=selectors.application_access_subject(stored.application))
        if asked is not None:
            return asked
    return private_file_response(stored.file.name, stored.original_name)


def _problem_rows(application) -> list[dict]:
    rows = []
    for problem in selectors.application_problems(application=application):
        if problem.step in STEP_FORMS or problem.step.startswith(STEP_SLUG_PREFIX):
            url = reverse("applications:step", args=[application.pk, problem.step])
        elif problem.step == "start":
            url = reverse("applications:start", args=[application.call.code])
        else:
            url = reverse("applications:documents", args=[application.pk])
        rows.append({"message": problem.message, "url": f"{url}#{problem.anchor}"})
    return rows


@login_required
def application_review(request, pk: int):
    application = _get(request, pk)
    return _review(request, application, SubmitForm())


def _review(request, application, submit_form, *, status=200):
    context = {
        **_base_context(application, "review"),
        "problems": _problem_rows(application) if application.status == Status.DRAFT else [],
        "is_open": application.call.is_open(),
        "documents": application.documents.select_related("document_type"),
        "sections": _summary_sections(application) if application.form_definition_id is None else [],
        "answer_sections": _answer_sections(application),
        "change_urls": {slug: _step_url(application, slug) for slug, _label in _step_items(application)
                        if slug.startswith(STEP_SLUG_PREFIX)},
        "submit_form": submit_form,
        "closes_at": format_kst(application.call.closes_at),
        "is_representative": application.access == OWNER,
    }
    return render(request, "applications/applicant/review.html", context, status=status)


def _answer_sections(application) -> list:
    """The answers to the call's own form, read from the application's version of it."""
    if application.form_definition_id is None:
        return []
    return answer_sections(
        loaded=_loaded_form(application), answers=application.answers or {},
        file_url=lambda file_id: reverse("applications:answer_file_download", args=[application.pk, file_id]))


@login_required
def application_answer_file_download(request, pk: int, file_pk: int):
    """A file answer, to the application's applicant and district staff only (as documents are)."""
    if not request.user.is_district_staff:
        _get(request, pk)
    return _file_download(request, answer_file_get(application_id=pk, pk=file_pk), scope="applications.answer_file")


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
    application = _get(request, pk, OWNER)
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
    application = _get(request, pk, OWNER)
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
    application = _get(request, pk, OWNER)
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
    application = _get(request, pk, OWNER)
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
    application = _get(request, pk)
    return _detail(request, application)


@login_required
def application_receipt(request, pk: int):
    """The printable receipt (접수증), to the applicant, once the application has a receipt number."""
    application = _get(request, pk, OWNER)
    if not application.receipt_number:
        raise Http404
    language = "en" if (translation.get_language() or "ko").startswith("en") else "ko"
    response = HttpResponse(application_receipt_pdf(application=application, language=language),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="receipt-{application.receipt_number}.pdf"'
    return response


def _detail(request, application, *, message_form=None, invite_form=None, status=200):
    reopened = []
    if application.status == Status.INFO_REQUESTED:
        labels = dict(selectors.application_reopenable_items(application=application))
        for key in application.reopened_fields or []:
            if key.startswith(selectors.DOCUMENT_KEY_PREFIX):
                url = reverse("applications:documents", args=[application.pk]) + "#document-" + key.split(":")[1]
            elif key.startswith(ANSWER_KEY_PREFIX) and application.form_definition_id is not None:
                question_key = key.removeprefix(ANSWER_KEY_PREFIX)
                step = _loaded_form(application).slug_of_question().get(question_key)
                url = (reverse("applications:step", args=[application.pk, step]) + f"#id_{FORM_PREFIX}{question_key}"
                       if step else "")
            else:
                step = selectors.FIELD_STEP.get(key)
                url = reverse("applications:step", args=[application.pk, step]) + f"#id_{key}" if step else ""
            reopened.append({"label": labels.get(key, key), "url": url})
    context = {
        "application": application,
        "applicant_status": selectors.application_applicant_status(application=application),
        "timeline": selectors.application_timeline(application=application, reader=request.user),
        "thread": selectors.application_message_list(application=application),
        "message_form": message_form or MessageForm(),
        "reopened": reopened,
        "can_withdraw": application.status in _withdrawable(),
        "documents": application.documents.select_related("document_type"),
        "editable": _may_change(application),
        "is_representative": application.access == OWNER,
        "truth_declaration": TRUTH_DECLARATION,
        "next_steps": next_step_rows(application=application) if application.receipt_number else [],
        "contact": contact_line(call=application.call),
        "decision_notice": decision_notice_for(subject=application) if application.access == OWNER else None,
        **(_team_context(application, invite_form) if application.access == OWNER else {}),
    }
    return render(request, "applications/applicant/detail.html", context, status=status)


def _team_context(application, invite_form=None) -> dict:
    """The representative's section of the page: colleagues, open invitations, the invitation form, the edits."""
    return {
        "collaborators": collaborator_list(application=application),
        "invitations": invitation_list_open(application=application),
        "invite_form": invite_form or CollaboratorInviteForm(),
        "may_invite": application.status == Status.DRAFT,
        "invitation_days": settings.APPLICATION_INVITATION_DAYS,
        "edits": application_edit_history(application=application, labels=_item_labels(application)),
    }


@login_required
def application_decision_notice(request, pk: int):
    """The notice of an ineligibility or non-selection (reasons and appeal route), to the applicant."""
    application = _get(request, pk, OWNER)
    return decision_notice_response(request, subject=application)


@login_required
def application_dashboard(request):
    applications = list(selectors.application_list_for_applicant(user=request.user))
    rows = [
        {
            "application": a,
            "status": selectors.application_applicant_status(application=a),
            "timeline": selectors.application_timeline(application=a, reader=request.user),
            "editable": STATES[a.status].applicant_can_edit and a.collaborator_role != CollaboratorRole.VIEWER,
            "role": CollaboratorRole(a.collaborator_role).label if a.collaborator_role else "",
        }
        for a in applications
    ]
    return render(request, "applications/applicant/dashboard.html", {"rows": rows})
