"""Issued documents: numbering per type and year (also under concurrency), the PDF with its QR code
and facts, idempotent issuing, downloads, revocation by staff and when the lease ends, reminders."""

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from exemptions import services
from exemptions.models import DocumentStatus, ExemptionRequest, IssuedDocument, StayReminder
from portal.queue import pending_tasks_send
from tests.exemptions.conftest import (
    CODE,
    approved_immigration,
    approved_patent,
    file_immigration,
    make_tenant,
    pdf_text,
)
from tests.services import pending_tasks_age


def test_issuing_numbers_officially_in_one_series_a_year_and_writes_both_pdfs(client, tenant, staff, fixed_code):
    req = approved_immigration(client, tenant, staff)
    document = services.document_issue(request_id=req.pk)
    year = timezone.localdate().year
    assert document.number == f"제{year}-0001호"
    assert document.valid_until == timezone.localdate() + dt.timedelta(days=90)
    assert document.pdf_path and document.pdf_en_path and document.hwpx_path and document.hwpx_en_path
    patent = services.document_issue(request_id=approved_patent(tenant, staff).pk)
    assert patent.number == f"제{year}-0002호" and not patent.pdf_en_path and not patent.hwpx_en_path
    second = services.document_issue(request_id=approved_immigration(client, tenant, staff).pk)
    assert second.number == f"제{year}-0003호"

    client.force_login(tenant.member)  # any member of the company downloads it
    response = client.get(reverse("exemptions:document", args=[tenant.company.pk, document.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(response.streaming_content))
    assert document.number in text and CODE in text
    assert tenant.company.business_registration_number in text and "John Smith" in text
    assert "M12345678" not in text and "900501-5123456" not in text
    english = client.get(reverse("exemptions:document_en", args=[tenant.company.pk, document.pk]))
    text_en = pdf_text(b"".join(english.streaming_content))
    assert "Certificate of Employment in a Designated Project" in text_en and "Yangjae Vision Inc." in text_en


def test_issuing_twice_gives_the_same_document(client, tenant, staff):
    req = approved_immigration(client, tenant, staff)
    first = services.document_issue(request_id=req.pk)
    assert services.document_issue(request_id=req.pk).pk == first.pk
    assert IssuedDocument.objects.count() == 1


def test_issuing_inside_a_callers_transaction_is_refused(client, tenant, staff):
    """The document is numbered and committed before its PDFs are rendered: nested in another transaction, the
    render would hold the request and the number locked and the document could roll back after the notice."""
    from django.db import transaction

    req = approved_immigration(client, tenant, staff)
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        services.document_issue(request_id=req.pk)
    assert not IssuedDocument.objects.filter(request=req).exists()


def test_a_document_left_without_its_pdfs_gets_them_and_a_code_that_verifies(client, tenant, staff,
                                                                           monkeypatch, fixed_code):
    from exemptions.services import documents

    req = approved_immigration(client, tenant, staff)
    bare = documents._document_create(request_id=req.pk)  # as if the render had been interrupted
    client.force_login(tenant.owner)
    page = client.get(reverse("exemptions:request", args=[tenant.company.pk, req.pk])).content.decode()
    assert bare.number not in page  # nobody sees a document before its PDF
    document = services.document_issue(request_id=req.pk)
    assert document.pk == bare.pk and document.number == bare.number and document.pdf_path
    first_path = document.pdf_path
    assert services.document_issue(request_id=req.pk).pdf_path == first_path  # never rendered again
    assert client.get(reverse("exemptions:verify_link", args=[document.number, fixed_code])).context["document"]


def test_a_request_not_approved_gets_no_document(client, tenant):
    client.force_login(tenant.owner)
    file_immigration(client, tenant)
    assert services.document_issue(request_id=ExemptionRequest.objects.get().pk) is None


def test_the_tenant_is_notified_when_the_document_is_issued(client, tenant, staff,
                                                           django_capture_on_commit_callbacks):
    req = approved_immigration(client, tenant, staff)
    with django_capture_on_commit_callbacks(execute=True):
        document = services.document_issue(request_id=req.pk)
    recipients = {m.to[0] for m in mail.outbox}
    assert {tenant.owner.email, tenant.admin.email} <= recipients
    assert tenant.member.email not in recipients
    assert any(document.number in m.subject for m in mail.outbox)
    # The e-mail leads to the company's paperwork, where the document is downloaded.
    [to_owner] = [m for m in mail.outbox if m.to == [tenant.owner.email]]
    link = settings.SITE_URL + reverse("exemptions:list", args=[req.company_id])
    assert link in to_owner.body
    html = to_owner.alternatives[0][0]
    assert f'href="{link}"' in html or link in html


def test_an_english_reader_gets_an_e_mail_marked_as_english(client, tenant, staff,
                                                             django_capture_on_commit_callbacks):
    tenant.owner.preferred_language = "en"
    tenant.owner.save(update_fields=["preferred_language"])
    req = approved_immigration(client, tenant, staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.document_issue(request_id=req.pk)
    by_reader = {m.to[0]: m.alternatives[0][0] for m in mail.outbox}
    assert '<html lang="en">' in by_reader[tenant.owner.email]
    assert '<html lang="ko">' in by_reader[tenant.admin.email]


def test_the_sweep_issues_what_a_lost_message_left(client, tenant, staff):
    req = approved_immigration(client, tenant, staff)  # its task, queued after commit, never ran
    assert not IssuedDocument.objects.filter(request=req).exists()
    pending_tasks_age()
    # the issue task, the employee's three e-mails (two links, one receipt) and the managers' two receipts
    assert pending_tasks_send() == 6
    assert IssuedDocument.objects.filter(request=req).exists()
    assert pending_tasks_send() == 0


@pytest.mark.django_db(transaction=True)
def test_numbers_never_collide_under_concurrency(types, staff):
    from tests.tenants.concurrency import run_concurrently

    tenants = [make_tenant(name_ko=f"주식회사 동시{i}", name_en=f"Concurrent {i}") for i in range(4)]
    requests = [approved_patent(t, staff) for t in tenants]
    results = run_concurrently(*[(lambda pk=r.pk: services.document_issue(request_id=pk).number) for r in requests])
    numbers = sorted(value for kind, value in results if kind == "ok")
    year = timezone.localdate().year
    assert numbers == [f"제{year}-{n:04d}호" for n in range(1, 5)], results


def test_staff_revoke_with_a_reason_and_the_tenant_is_told(client, tenant, staff,
                                                          django_capture_on_commit_callbacks):
    document = services.document_issue(request_id=approved_immigration(client, tenant, staff).pk)
    client.force_login(staff)
    url = reverse("admin:exemptions_issueddocument_revoke", args=[document.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and response.context["form"].errors
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "퇴사 확인"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.REVOKED and document.revoked_by == staff
    assert document.revocation_reason == "퇴사 확인"
    assert any(document.number in m.subject for m in mail.outbox)


def test_documents_are_revoked_when_the_lease_ends(client, tenant, staff, other_tenant):
    document = services.document_issue(request_id=approved_immigration(client, tenant, staff).pk)
    other = services.document_issue(request_id=approved_patent(other_tenant, staff).pk)
    assert services.documents_revoke_for_ended_leases() == 0
    tenant.lease.status = "ended"
    tenant.lease.save(update_fields=["status"])
    assert services.documents_revoke_for_ended_leases() == 1
    document.refresh_from_db()
    other.refresh_from_db()
    assert document.status == DocumentStatus.REVOKED and "lease" in document.revocation_reason.lower() or \
        "임대" in document.revocation_reason
    assert other.status == DocumentStatus.VALID


def test_stay_reminders_go_out_60_and_30_days_before_once_each(client, tenant, staff,
                                                              django_capture_on_commit_callbacks):
    req = approved_immigration(client, tenant, staff)
    deadline = req.deadline
    with django_capture_on_commit_callbacks(execute=True):
        assert services.stay_reminders_send(today=deadline - dt.timedelta(days=61)) == 0
        assert services.stay_reminders_send(today=deadline - dt.timedelta(days=60)) == 1
        assert services.stay_reminders_send(today=deadline - dt.timedelta(days=60)) == 0
        assert services.stay_reminders_send(today=deadline - dt.timedelta(days=45)) == 0
        assert services.stay_reminders_send(today=deadline - dt.timedelta(days=30)) == 1
        assert services.stay_reminders_send(today=deadline - dt.timedelta(days=10)) == 0
    assert sorted(StayReminder.objects.filter(request=req).values_list("days_before", flat=True)) == [30, 60]
    reminders = [m for m in mail.outbox if "John Smith" in m.subject]
    assert len(reminders) == 2 * 2  # owner and administrator, twice
    assert "60" in reminders[0].subject and "30" in reminders[-1].subject
