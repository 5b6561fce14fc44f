"""Unique identifiers (고유식별정보, PIPA §24): the filer's separate, highlighted consent; the employee's own
consent through a one-time link (single use, expiring, bound to its request, withdrawable until the
decision); the issued document shows the numbers masked from the front."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from exemptions import services
from exemptions.models import EmployeeConsent, ExemptionRequest, RequestStatus
from portal.exceptions import TransitionNotAllowed
from tests.exemptions.conftest import contract_file, file_immigration, pdf_text
from tests.factories import immigration_answers

LINK_RE = re.compile(r"https?://\S+/exemptions/consent/(\d+)/([\w-]+)/(withdraw/)?")



@pytest.fixture(autouse=True)
def english(settings, client):
    """The pages read in English here (the Korean wording is checked where it matters)."""
    settings.LANGUAGE_CODE = "en"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

def _create(tenant):
    return reverse("exemptions:create", args=[tenant.company.pk, "IMM"])


def _links(messages) -> list[str]:
    return [m.group(0) for message in messages for m in [LINK_RE.search(message.body)] if m]


def _path(url: str) -> str:
    return url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_the_form_shows_the_highlighted_notice_and_an_unticked_separate_box(client, tenant):
    client.force_login(tenant.owner)
    html = client.get(_create(tenant)).content.decode()
    notice = html[html.index('data-consent="unique_identifiers"'):]
    notice = notice[:notice.index("</fieldset>")]
    important = re.findall(r'<dd class="col-sm-9 consent-important"><strong><u>(.*?)</u></strong>', notice, re.S)
    assert len(important) == 4  # identifiers, purpose, retention, the right to refuse and its consequence
    assert any("passport number and alien registration number" in text for text in important)
    assert any("cannot proceed" in text for text in important)
    box = re.search(r'<input[^>]*name="identifier_consent"[^>]*>', notice).group(0)
    assert 'type="checkbox"' in box and "checked" not in box
    css = (settings.BASE_DIR / "static/css/portal.css").read_text()
    assert ".consent-notice .consent-important { font-size: 1.25em; }" in css  # 25% larger than the notice


def test_a_request_without_the_separate_consent_is_refused_beside_the_box(client, tenant):
    client.force_login(tenant.owner)
    data = {**immigration_answers(), "doc_employment_contract": contract_file()}
    del data["identifier_consent"]
    response = client.post(_create(tenant), data)
    assert response.status_code == 200
    assert "identifier_consent" in response.context["form"].errors
    html = response.content.decode()
    assert "Without this separate consent the request cannot be submitted" in html
    assert "ML engineer" in html  # nothing typed is lost
    assert not ExemptionRequest.objects.exists() and not mail.outbox


def test_the_service_refuses_too_without_the_separate_consent(tenant):
    from portal.exceptions import DomainError

    answers = immigration_answers()
    answers.pop("identifier_consent")
    sensitive = {k: answers.pop(k) for k in ("passport_number", "alien_registration_number")}
    with pytest.raises(DomainError):
        services.request_submit(company=tenant.company, exemption_type=_imm(), actor=tenant.owner, data=answers,
                                sensitive=sensitive, files={})


def _imm():
    from exemptions.models import ExemptionType

    return ExemptionType.objects.get(code="IMM")


def test_the_request_waits_for_the_employee_and_staff_cannot_decide_it(client, tenant, staff):
    client.force_login(tenant.owner)
    file_immigration(client, tenant, employee_consents=False)
    req = ExemptionRequest.objects.get()
    assert req.status == RequestStatus.AWAITING_CONSENT and req.waiting_since is None
    assert req.identifier_consent_at is not None and req.identifier_consent_version
    with pytest.raises(TransitionNotAllowed):
        services.request_approve(request=req, actor=staff)
    page = client.get(reverse("exemptions:request", args=[tenant.company.pk, req.pk])).content.decode()
    assert "not yet consented" in page and "john.smith@example.com" in page


def test_the_employee_consents_through_the_emailed_link_end_to_end(client, tenant, django_capture_on_commit_callbacks):
    client.force_login(tenant.owner)
    with django_capture_on_commit_callbacks(execute=True):
        file_immigration(client, tenant, employee_consents=False)
    req = ExemptionRequest.objects.get()
    [invitation] = [m for m in mail.outbox if m.to == ["john.smith@example.com"]]
    [url] = _links([invitation])
    assert "M12345678" not in invitation.body

    employee = Client()  # no account
    page = employee.get(_path(url))
    html = page.content.decode()
    assert page.status_code == 200 and "John Smith" in html and "M1234****" in html and "M12345678" not in html
    assert page["Referrer-Policy"] == "same-origin"
    employee.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"  # the language switch
    assert "고유식별정보" in employee.get(_path(url)).content.decode()
    employee.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    refused = employee.post(_path(url), {})
    assert refused.status_code == 200 and "Tick the box to consent" in refused.content.decode()
    req.refresh_from_db()
    assert req.status == RequestStatus.AWAITING_CONSENT

    with django_capture_on_commit_callbacks(execute=True):
        done = employee.post(_path(url), {"consent": "on"}, REMOTE_ADDR="203.0.113.7")
    assert done.status_code == 200 and "Consent recorded" in done.content.decode()
    req.refresh_from_db()
    assert req.status == RequestStatus.SUBMITTED and req.waiting_since is not None
    consent = EmployeeConsent.objects.get(request=req, consented_at__isnull=False)
    assert (consent.name, consent.email, consent.consent_ip, consent.language) == (
        "John Smith", "john.smith@example.com", "203.0.113.7", "en")
    assert consent.notice_version == req.identifier_consent_version
    # Single use: the same link does not consent twice.
    again = employee.get(_path(url)).content.decode()
    assert "already been used" in again and "consent-notice" not in again
    # The receipt carries the withdrawal link.
    [withdraw_url] = [u for u in _links(mail.outbox) if u.endswith("withdraw/")]
    assert "Withdraw my consent" in employee.get(_path(withdraw_url)).content.decode()


def test_a_link_expires_is_replaced_by_a_newer_one_and_is_bound_to_its_request(client, tenant):
    client.force_login(tenant.owner)
    file_immigration(client, tenant, employee_consents=False)
    file_immigration(client, tenant, employee_consents=False, full_name="Jane Doe")
    first, second = ExemptionRequest.objects.order_by("pk")
    old = services.employee_consent_link_send(request=first)
    employee = Client()
    # Another request's id with this token: not found.
    wrong = employee.post(reverse("exemptions:employee_consent", args=[second.pk, old]), {"consent": "on"})
    assert wrong.status_code == 404
    second.refresh_from_db()
    assert second.status == RequestStatus.AWAITING_CONSENT
    # The tenant asks for a new link: the old one stops working.
    response = client.post(reverse("exemptions:consent_resend", args=[tenant.company.pk, first.pk]))
    assert response.status_code == 302
    stale = employee.post(reverse("exemptions:employee_consent", args=[first.pk, old]), {"consent": "on"})
    assert "expired or a newer link was sent" in stale.content.decode()
    # Past its days, a link has expired.
    token = services.employee_consent_link_send(request=first)
    EmployeeConsent.objects.filter(request=first).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1))
    expired = employee.post(reverse("exemptions:employee_consent", args=[first.pk, token]), {"consent": "on"})
    assert "expired" in expired.content.decode()
    first.refresh_from_db()
    assert first.status == RequestStatus.AWAITING_CONSENT


def test_the_employee_withdraws_until_the_decision_and_the_numbers_are_deleted(client, tenant, staff):
    client.force_login(tenant.owner)
    file_immigration(client, tenant, employee_consents=False)
    req = ExemptionRequest.objects.get()
    withdraw = services.employee_consent_give(request_id=req.pk, ip="198.51.100.1", language="ko",
                                              token=services.employee_consent_link_send(request=req))
    url = reverse("exemptions:employee_consent_withdraw", args=[req.pk, withdraw])
    response = Client().post(url, REMOTE_ADDR="198.51.100.2")
    assert response.status_code == 200
    req.refresh_from_db()
    assert req.status == RequestStatus.CONSENT_WITHDRAWN
    assert req.sensitive == {} and req.sensitive_purged_at is not None
    consent = EmployeeConsent.objects.get(request=req, consented_at__isnull=False)
    assert consent.withdrawn_at is not None and consent.withdraw_ip == "198.51.100.2"
    assert "already been withdrawn" in Client().get(url).content.decode()
    with pytest.raises(TransitionNotAllowed):
        services.request_approve(request=req, actor=staff)


def test_after_the_decision_the_consent_cannot_be_withdrawn_online(client, tenant, staff):
    client.force_login(tenant.owner)
    file_immigration(client, tenant, employee_consents=False)
    req = ExemptionRequest.objects.get()
    withdraw = services.employee_consent_give(request_id=req.pk, ip=None, language="en",
                                              token=services.employee_consent_link_send(request=req))
    services.request_approve(request=req, actor=staff)
    response = Client().post(reverse("exemptions:employee_consent_withdraw", args=[req.pk, withdraw]))
    assert "contact the district office" in response.content.decode()
    req.refresh_from_db()
    assert req.status == RequestStatus.APPROVED and req.sensitive


def test_the_issued_document_names_the_employee_with_the_numbers_masked_from_the_front(client, tenant, staff):
    from tests.exemptions.conftest import approved_immigration

    document = services.document_issue(request_id=approved_immigration(client, tenant, staff).pk)
    client.force_login(tenant.owner)
    for name, born, country in (("exemptions:document", "1990. 5. 1.", "미국"),
                                ("exemptions:document_en", "1 May 1990", "United States")):
        text = pdf_text(b"".join(client.get(reverse(name, args=[tenant.company.pk, document.pk])).streaming_content))
        assert "John Smith" in text and born in text and country in text
        assert "M1234****" in text and "900501-5******" in text
        assert "M12345678" not in text and "900501-5123456" not in text


def test_staff_see_both_consents_on_the_request_in_the_admin(client, tenant, staff):
    client.force_login(tenant.owner)
    file_immigration(client, tenant, employee_consents=False)
    req = ExemptionRequest.objects.get()
    services.employee_consent_give(request_id=req.pk, ip="203.0.113.9", language="en",
                                   token=services.employee_consent_link_send(request=req))
    client.force_login(staff)
    html = client.get(reverse("admin:exemptions_exemptionrequest_change", args=[req.pk])).content.decode()
    assert "203.0.113.9" in html and "john.smith@example.com" in html
    assert req.identifier_consent_version in html


def test_filing_consent_and_withdrawal_are_logged_as_the_workflow_declares(client, tenant):
    """Filed into "awaiting consent" by the filer; consent and withdrawal are the portal's own changes,
    each one row of the one status log."""
    from portal.models import StatusChange
    from portal.workflow import ActorKind

    client.force_login(tenant.owner)
    file_immigration(client, tenant, employee_consents=False)
    req = ExemptionRequest.objects.get()
    withdraw = services.employee_consent_give(request_id=req.pk, ip=None, language="en",
                                              token=services.employee_consent_link_send(request=req))
    Client().post(reverse("exemptions:employee_consent_withdraw", args=[req.pk, withdraw]))
    log = list(StatusChange.objects.filter(exemption_request=req).order_by("id").values_list(
        "name", "from_status", "to_status", "actor_id", "actor_kind"))
    assert log == [
        ("", "", RequestStatus.AWAITING_CONSENT, tenant.owner.pk, ActorKind.USER),
        ("employee_consent", RequestStatus.AWAITING_CONSENT, RequestStatus.SUBMITTED, None, ActorKind.SYSTEM),
        ("consent_withdraw", RequestStatus.SUBMITTED, RequestStatus.CONSENT_WITHDRAWN, None, ActorKind.SYSTEM),
    ]
