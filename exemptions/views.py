"""The tenant's exemption pages (requests for owners and administrators, issued documents for every
member) and the public verification page. Someone else's request or document answers 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.throttle import client_ip, rate_limit_hit, rate_limited_response
from decisions.selectors import decision_notice_for
from decisions.views import decision_notice_response
from portal.exceptions import DomainError
from portal.uploads import content_disposition, private_file_response
from tenants.selectors import membership_list_for_user
from tenants.views.access import member_required

from . import selectors, services
from .consents import IDENTIFIER_NOTICE
from .forms import EmployeeConsentForm, SignedConsentForm, VerifyForm
from .models import DOCUMENT_FORMATS, ExemptionRequest, ExemptionType, IssuedDocument, RequestStatus
from .registry import spec_for


def _own_request(membership, request_id: int) -> ExemptionRequest:
    return get_object_or_404(
        ExemptionRequest.objects.select_related("exemption_type", "company"), pk=request_id,
        company_id=membership.company_id,
    )


@login_required
def my_exemptions(request):
    """The nav's entry: straight to the company's page when the user belongs to one company."""
    memberships = list(membership_list_for_user(user=request.user))
    if len(memberships) == 1:
        return redirect("exemptions:list", memberships[0].company_id)
    return render(request, "exemptions/my_companies.html", {"memberships": memberships})


@member_required()
def request_list(request, membership):
    company = membership.company
    return render(request, "exemptions/list.html", {
        "membership": membership, "company": company,
        "requests": selectors.request_list_for_company(company=company) if membership.can_manage else None,
        "documents": selectors.document_list_for_company(company=company),
        "types": selectors.exemption_type_list_open() if membership.can_manage else [],
    })


def _form_for(exemption_type: ExemptionType, request, membership, *, instance: ExemptionRequest | None = None):
    form_class = spec_for(exemption_type).form_class
    kwargs = {"exemption_type": exemption_type, "company": membership.company}
    initial = None
    if instance is not None:
        kwargs["existing_uploads"] = instance.uploads
        kwargs["ask_identifier_consent"] = False
        if instance.sensitive_purged_at is None:  # numbers past retention must be typed again
            kwargs["sensitive_masks"] = {
                name: instance.data.get(f"{name}_masked", "") for name in form_class.sensitive_fields
            }
        initial = {k: v for k, v in instance.data.items() if k in form_class.base_fields}
    if request.method == "POST":
        tokens = {doc["code"]: request.POST.get(f"kept_{doc['code']}", "") for doc in exemption_type.required_documents}
        kwargs["kept_uploads"] = services.kept_uploads_for(user=request.user, company=membership.company, tokens=tokens)
        return form_class(request.POST, request.FILES, **kwargs)
    return form_class(initial=initial, **kwargs)


def _add_kept_files(form, files: dict) -> bool:
    """A kept file stands in for each document not chosen again; False (with the field's error) when a
    kept file has gone from storage meanwhile."""
    for code, kept in form.kept_uploads.items():
        if code not in files:
            content = services.kept_upload_file(kept)
            if content is None:
                form.add_error(f"doc_{code}", form.fields[f"doc_{code}"].error_messages["required"])
                return False
            files[code] = content
    return True


def _submit(form, request, membership, submit) -> bool:
    """Run `submit(data, sensitive, files)` for a valid form; on a refusal (of the form or of the
    service) keep every valid file that came with it, so that the user need not choose it again."""
    if request.method != "POST":
        return False
    if form.is_valid():
        data, sensitive, files = form.split()
        if _add_kept_files(form, files):
            try:
                submit(data, sensitive, files)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                services.kept_uploads_discard(kept=list(form.kept_uploads.values()))
                return True
    for code, upload in form.valid_uploads().items():
        kept = services.kept_upload_store(user=request.user, company=membership.company, code=code, upload=upload,
                                          replaces=form.kept_uploads.get(code))
        form.keep(code, kept)
    return False


@member_required(manage=True)
def request_create(request, membership, type_code: str):
    exemption_type = get_object_or_404(ExemptionType, code=type_code.upper(), is_active=True)
    form = _form_for(exemption_type, request, membership)
    created = []

    def submit(data, sensitive, files):
        created.append(services.request_submit(
            company=membership.company, exemption_type=exemption_type, actor=request.user,
            data=data, sensitive=sensitive, files=files,
            identifier_consent=bool(form.cleaned_data.get("identifier_consent")),
        ))

    if _submit(form, request, membership, submit):
        if created[0].status == RequestStatus.AWAITING_CONSENT:
            messages.success(request, _("Your request is saved. We have e-mailed the employee a link to consent; "
                                        "the request goes to district staff once the employee has consented."))
        else:
            messages.success(request, _("Your request is submitted. District staff will review it."))
        return redirect("exemptions:request", membership.company_id, created[0].pk)
    return render(request, "exemptions/request_form.html", {
        "membership": membership, "company": membership.company, "exemption_type": exemption_type, "form": form,
        "identifier_notice": IDENTIFIER_NOTICE,
    })


@member_required(manage=True)
def request_detail(request, membership, request_id: int):
    obj = _own_request(membership, request_id)
    return render(request, "exemptions/request_detail.html", {
        "membership": membership, "company": membership.company, "obj": obj,
        "answers": selectors.request_answers(request=obj),
        "uploads": [(code, upload["name"], obj.exemption_type.document_label_for(code))
                    for code, upload in obj.uploads.items()],
        "document": IssuedDocument.objects.filter(request=obj).exclude(pdf_path="").first(),
        "transitions": obj.transitions.select_related("actor"),
        "can_edit": obj.status == RequestStatus.INFO_REQUESTED,
        "employee_consents": obj.employee_consents.all(),
        "awaiting_consent": obj.status == RequestStatus.AWAITING_CONSENT,
        "decision_notice": decision_notice_for(subject=obj),
        "signed_form": SignedConsentForm(),
    })


@member_required(manage=True)
def request_decision_notice(request, membership, request_id: int):
    """The notice of a refusal with its reasons and appeal route."""
    return decision_notice_response(request, subject=_own_request(membership, request_id))


@member_required(manage=True)
def consent_form(request, membership, request_id: int):
    """The consent form to print for the employee (Korean and English), while the request waits for consent."""
    obj = _own_request(membership, request_id)
    if obj.status != RequestStatus.AWAITING_CONSENT:
        raise Http404
    response = HttpResponse(services.employee_consent_form_pdf(request=obj), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(f"consent-form-{obj.pk}.pdf")
    response["Cache-Control"] = "private, no-store"
    return response


@member_required(manage=True)
@require_POST
def consent_form_upload(request, membership, request_id: int):
    """The form the employee signed, uploaded by the company: the consent, and the request goes to staff."""
    obj = _own_request(membership, request_id)
    form = SignedConsentForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("signed_form", []):
            messages.error(request, error)
        return redirect("exemptions:request", membership.company_id, obj.pk)
    try:
        services.employee_consent_form_upload(request=obj, actor=request.user, upload=form.cleaned_data["signed_form"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The signed consent form is uploaded; the request has gone to district staff."))
    return redirect("exemptions:request", membership.company_id, obj.pk)


@member_required(manage=True)
@require_POST
def consent_resend(request, membership, request_id: int):
    """A new consent link to the employee (the old one stops working)."""
    obj = _own_request(membership, request_id)
    try:
        services.employee_consent_link_resend(request=obj, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("A new link has been e-mailed to the employee."))
    return redirect("exemptions:request", membership.company_id, obj.pk)


def _no_store(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    # The token never reaches another site; "no-referrer" would make the POST's Origin "null" (CSRF refuses).
    response["Referrer-Policy"] = "same-origin"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def employee_consent(request, request_id: int, token: str):
    """The employee's page (no account): the notice in the chosen language, the request's data about
    them (numbers masked) and the consent box. The link works once, until it expires, for this request."""
    consent = services.employee_consent_find(request_id=request_id, token=token)
    problem = services.employee_consent_link_problem(consent)
    form = EmployeeConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not problem and form.is_valid():
        try:
            services.employee_consent_give(request_id=request_id, token=token, ip=client_ip(request),
                                           language=(get_language() or "ko")[:2])
        except DomainError as exc:
            problem = exc.message
        else:
            return _no_store(render(request, "exemptions/employee_consent_done.html", {"withdrawn": False}))
    obj = consent.request if consent else None
    return _no_store(render(request, "exemptions/employee_consent.html", {
        "problem": problem, "form": form, "notice": IDENTIFIER_NOTICE, "obj": obj,
        "answers": selectors.request_answers(request=obj) if obj and not problem else [],
    }, status=200 if not problem or consent else 404))


@never_cache
@require_http_methods(["GET", "POST"])
def employee_consent_withdraw(request, request_id: int, token: str):
    """The address sent to the employee after consenting: withdraw until the request is decided."""
    consent = services.employee_consent_find_for_withdrawal(request_id=request_id, token=token)
    problem = "" if consent else _("This link is not valid.")
    if consent and consent.withdrawn_at:
        problem = _("Your consent has already been withdrawn.")
    if request.method == "POST" and not problem:
        try:
            services.employee_consent_withdraw(request_id=request_id, token=token, ip=client_ip(request))
        except DomainError as exc:
            problem = exc.message
        else:
            return _no_store(render(request, "exemptions/employee_consent_done.html", {"withdrawn": True}))
    return _no_store(render(request, "exemptions/employee_consent_withdraw.html", {
        "problem": problem, "consent": consent,
    }, status=200 if consent else 404))


@member_required(manage=True)
def request_edit(request, membership, request_id: int):
    obj = _own_request(membership, request_id)
    if obj.status != RequestStatus.INFO_REQUESTED:
        messages.info(request, _("This request cannot be changed any more."))
        return redirect("exemptions:request", membership.company_id, obj.pk)
    form = _form_for(obj.exemption_type, request, membership, instance=obj)

    def submit(data, sensitive, files):
        services.request_resubmit(request=obj, actor=request.user, data=data, sensitive=sensitive, files=files,
                                  note=request.POST.get("note", ""))

    if _submit(form, request, membership, submit):
        messages.success(request, _("Your request is submitted again."))
        return redirect("exemptions:request", membership.company_id, obj.pk)
    return render(request, "exemptions/request_form.html", {
        "membership": membership, "company": membership.company, "exemption_type": obj.exemption_type,
        "form": form, "obj": obj, "note": request.POST.get("note", ""),
    })


@member_required(manage=True)
def request_upload(request, membership, request_id: int, code: str):
    obj = _own_request(membership, request_id)
    upload = obj.uploads.get(code)
    if not upload:
        raise Http404
    return private_file_response(upload["path"], upload["name"])


@member_required()
def document_download(request, membership, document_id: int, language: str = "ko", format: str = "pdf"):
    document = get_object_or_404(IssuedDocument, pk=document_id, company_id=membership.company_id)
    suffix = "_en" if language == "en" else ""
    path = getattr(document, f"{format}{suffix}_path")
    if not path:
        raise Http404
    return private_file_response(path, f"{document.number}{suffix.replace('_', '-')}.{format}",
                                 content_type=DOCUMENT_FORMATS[format])


def _verify_response(request, *, form, number: str = "", code: str = "", looked_up: bool = False):
    document = None
    if looked_up:
        wait = rate_limit_hit(scope="exemption_verify", key=client_ip(request))
        if wait:
            return rate_limited_response(request, wait)
        document = selectors.document_verify(number=number, code=code)
    response = render(request, "exemptions/verify.html", {
        "form": form, "looked_up": looked_up, "document": document,
        "status": document.current_status() if document else None,
    })
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
def verify(request):
    """The public check: number and code typed in (GET, so the result can be bookmarked)."""
    if "number" in request.GET or "code" in request.GET:
        form = VerifyForm(request.GET)
        if form.is_valid():
            return _verify_response(request, form=form, number=form.cleaned_data["number"],
                                    code=form.cleaned_data["code"], looked_up=True)
        return _verify_response(request, form=form)
    return _verify_response(request, form=VerifyForm())


@never_cache
def verify_link(request, number: str, code: str):
    """The address printed as a QR code on the document."""
    form = VerifyForm(initial={"number": number})
    return _verify_response(request, form=form, number=number, code=code, looked_up=True)
