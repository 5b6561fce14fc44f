"""The evaluator area (/evaluations/) and the applicant's presentation page; not the admin."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.models import Application, ApplicationDocument
from applications.selectors import application_access_subject
from applications.selectors_forms import answer_file_get, application_answer_sections
from portal.confirmation import confirmed
from portal.exceptions import DomainError
from portal.formatting import format_kst_date
from portal.uploads import private_file_response
from privacy.access_log import Action, access_log_record
from privacy.access_reason import access_log_download

from .forms import DeclarationForm, ScorecardForm
from .selectors import (
    application_slot,
    criteria_for,
    evaluator_application_get,
    evaluator_application_list,
    evaluator_can_open,
    evaluator_declaration,
    evaluator_scorecard,
    scoring_deadline_for,
)
from .services import ScoreInput, conflict_declare, presentation_slot_confirm, scorecard_save


def evaluator_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_evaluator:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@evaluator_required
def home(request):
    return render(request, "evaluations/home.html", {"applications": evaluator_application_list(user=request.user)})


@evaluator_required
def declare(request, application_id: int):
    """Before seeing an application: a conflict of interest, or its absence."""
    found = evaluator_application_get(user=request.user, application_id=application_id)
    if found is None:
        raise Http404
    application, stage = found
    declaration = evaluator_declaration(user=request.user, application=application, stage=stage)
    if declaration is not None:
        if declaration.has_conflict:
            raise Http404
        return redirect("evaluations:application", application_id=application.pk)
    form = DeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            declaration = conflict_declare(
                evaluator=request.user, application=application, has_conflict=form.cleaned_data["has_conflict"],
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            if declaration.has_conflict:
                messages.info(request, _("You are recused from this application."))
                return redirect("evaluations:home")
            return redirect("evaluations:application", application_id=application.pk)
    return render(request, "evaluations/declare.html", {"application": application, "stage": stage, "form": form})


@evaluator_required
def application_detail(request, application_id: int):
    """The application, its documents and the evaluator's own scorecard (never anyone else's)."""
    found = evaluator_application_get(user=request.user, application_id=application_id)
    if found is None:
        raise Http404
    application, stage = found
    declaration = evaluator_declaration(user=request.user, application=application, stage=stage)
    if declaration is None:
        return redirect("evaluations:declare", application_id=application.pk)
    if declaration.has_conflict:
        raise Http404
    criteria = criteria_for(call_id=application.call_id, stage=stage)
    scorecard = evaluator_scorecard(user=request.user, application=application, stage=stage)
    form = ScorecardForm(request.POST or None, criteria=criteria, scorecard=scorecard)
    context = {
        "application": application, "stage": stage, "criteria": criteria, "scorecard": scorecard, "form": form,
        "locked": bool(scorecard and scorecard.locked),
        **_deadline_context(scoring_deadline_for(call_id=application.call_id, stage=stage)),
    }
    if request.method == "POST":
        if scorecard is not None and scorecard.locked:
            messages.error(request, _("These scores were submitted and are locked."))
            return redirect("evaluations:application", application_id=application.pk)
        submit = "submit" in request.POST and "back" not in request.POST
        if form.is_valid() and submit:
            form.require_all()
        if form.is_valid() and submit and not confirmed(request):
            # Submitting locks the scores: the evaluator reads them once more and confirms first.
            return render(request, "evaluations/scorecard_confirm.html", context)
        if form.is_valid() and "back" not in request.POST:
            scores = [ScoreInput(c.pk, form.cleaned_data[f"points_{c.pk}"], form.cleaned_data[f"comment_{c.pk}"])
                      for c in criteria]
            try:
                scorecard_save(evaluator=request.user, application=application, scores=scores, submit=submit)
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Your scores were submitted.") if submit else _("Your draft was saved."))
                return redirect("evaluations:application", application_id=application.pk)
    context["documents"] = ApplicationDocument.objects.filter(application=application).select_related(
        "document_type")
    context["answer_sections"] = application_answer_sections(
        application=application,
        file_url=lambda file_id: reverse("evaluations:answer_file", args=[application.pk, file_id]))
    access_log_record(request=request, action=Action.VIEW, subject=application_access_subject(application),
                      obj=application)
    return render(request, "evaluations/application.html", context)


def _deadline_context(deadline) -> dict:
    if deadline is None:
        return {"deadline": None}
    return {"deadline": format_kst_date(deadline.due_on),
            "days_left": (deadline.due_on - timezone.localdate()).days}


@evaluator_required
def document_download(request, application_id: int, document_id: int):
    if evaluator_can_open(user=request.user, application_id=application_id) is None:
        raise Http404
    document = get_object_or_404(ApplicationDocument.objects.select_related("application__applicant"),
                                 pk=document_id, application_id=application_id)
    asked = access_log_download(request, scope="evaluations.document", obj=document,
                                subject=application_access_subject(document.application))
    if asked is not None:
        return asked
    return private_file_response(document.file.name, document.original_name)


@evaluator_required
def answer_file_download(request, application_id: int, file_id: int):
    if evaluator_can_open(user=request.user, application_id=application_id) is None:
        raise Http404
    stored = answer_file_get(application_id=application_id, pk=file_id)
    asked = access_log_download(request, scope="evaluations.answer_file", obj=stored,
                                subject=application_access_subject(stored.application))
    if asked is not None:
        return asked
    return private_file_response(stored.file.name, stored.original_name)


@login_required
def presentation(request, application_id: int):
    """The applicant's presentation appointment (Korea time) with a confirm button."""
    application = get_object_or_404(Application, pk=application_id, applicant=request.user)
    slot = application_slot(application=application)
    if slot is None:
        raise Http404
    return render(request, "evaluations/presentation.html", {"application": application, "slot": slot})


@login_required
@require_POST
def presentation_confirm(request, application_id: int):
    application = get_object_or_404(Application, pk=application_id, applicant=request.user)
    try:
        presentation_slot_confirm(application=application, user=request.user)
    except DomainError:
        raise Http404
    messages.success(request, _("Thank you: your attendance is confirmed."))
    return redirect("evaluations:presentation", application_id=application.pk)
