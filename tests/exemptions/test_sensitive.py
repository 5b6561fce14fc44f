"""Passport and alien registration numbers: encrypted at rest (also absent from the history table),
masked in every list and export, absent from the logs, and deleted after the retention period."""

import datetime as dt
import logging

from django.core.files.storage import storages
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from exemptions import services
from exemptions.models import ExemptionRequest
from tests.exemptions.conftest import approved_immigration, file_immigration
from tests.privacy.reasons import remember_reason

PASSPORT, ARN = "M12345678", "900501-5123456"


def test_the_database_holds_only_ciphertext(client, tenant):
    client.force_login(tenant.owner)
    file_immigration(client, tenant)
    req = ExemptionRequest.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT sensitive, data::text FROM exemptions_exemptionrequest WHERE id = %s", [req.pk])
        raw, data = cursor.fetchone()
        cursor.execute("SELECT * FROM exemptions_historicalexemptionrequest WHERE id = %s", [req.pk])
        history = repr(cursor.fetchall())
    assert raw.startswith("gAAAAA")  # a Fernet token
    for secret in (PASSPORT, ARN, "5123456"):
        assert secret not in raw and secret not in data and secret not in history
    assert req.sensitive == {"passport_number": PASSPORT, "alien_registration_number": ARN}
    assert PASSPORT not in repr(req) and PASSPORT not in str(req)


def test_masked_in_the_tenant_pages_the_admin_and_the_export(client, tenant, staff):
    document = services.document_issue(request_id=approved_immigration(client, tenant, staff).pk)
    pages = [
        client.get(reverse("exemptions:list", args=[tenant.company.pk])),
        client.get(reverse("exemptions:request", args=[tenant.company.pk, document.request_id])),
    ]
    client.force_login(staff)
    remember_reason(client)  # the reason page is tested in tests/privacy
    pages += [
        client.get(reverse("admin:exemptions_exemptionrequest_changelist")),
        client.get(reverse("admin:exemptions_exemptionrequest_change", args=[document.request_id])),
        client.get(reverse("admin:exemptions_exemptionrequest_history", args=[document.request_id])),
        client.get(reverse("admin:exemptions_issueddocument_changelist")),
        client.get(reverse("admin:exemptions_issueddocument_change", args=[document.pk])),
        client.get(reverse("admin:exemptions_stayreminder_changelist")),
    ]
    export = client.get(reverse("admin:exemptions_issueddocument_export"))
    for response in [*pages, export]:
        assert response.status_code == 200, response
        body = response.content.decode()
        assert PASSPORT not in body and ARN not in body and "5123456" not in body
    assert "M1234****" in pages[2].content.decode()
    assert "M1234****" in export.content.decode() and document.number in export.content.decode()


def test_the_numbers_never_reach_the_logs(client, tenant, staff, caplog, django_capture_on_commit_callbacks):
    caplog.set_level(logging.DEBUG)
    client.force_login(tenant.owner)
    file_immigration(client, tenant, passport_number="bad!")  # an invalid form is not logged either
    with django_capture_on_commit_callbacks(execute=True):
        req = approved_immigration(client, tenant, staff)
        services.document_issue(request_id=req.pk)
    client.force_login(staff)
    client.get(reverse("admin:exemptions_exemptionrequest_change", args=[req.pk]))
    assert "issued" in caplog.text  # the log did record the work
    assert PASSPORT not in caplog.text and ARN not in caplog.text and "5123456" not in caplog.text


def test_retention_deletes_the_numbers_and_the_contract(client, tenant, staff, settings,
                                                       django_capture_on_commit_callbacks):
    settings.EXEMPTIONS_SENSITIVE_RETENTION_DAYS = 30
    req = approved_immigration(client, tenant, staff)
    path = req.uploads["employment_contract"]["path"]
    assert storages["private"].exists(path)
    assert services.sensitive_data_purge() == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.sensitive_data_purge(now=timezone.now() + dt.timedelta(days=31)) == 1
    req.refresh_from_db()
    assert req.sensitive == {} and req.uploads == {} and req.sensitive_purged_at is not None
    assert not storages["private"].exists(path)
    with connection.cursor() as cursor:
        cursor.execute("SELECT sensitive FROM exemptions_exemptionrequest WHERE id = %s", [req.pk])
        assert cursor.fetchone()[0] == ""
    assert req.data["passport_number_masked"] == "M1234****"  # the masked form stays for the record
    assert services.sensitive_data_purge(now=timezone.now() + dt.timedelta(days=31)) == 0


def test_a_request_still_open_is_never_purged(client, tenant, settings):
    settings.EXEMPTIONS_SENSITIVE_RETENTION_DAYS = 0
    client.force_login(tenant.owner)
    file_immigration(client, tenant)
    assert services.sensitive_data_purge(now=timezone.now() + dt.timedelta(days=400)) == 0


def test_a_request_left_unanswered_is_purged_too(client, tenant, staff, settings):
    settings.EXEMPTIONS_SENSITIVE_RETENTION_DAYS = 30
    client.force_login(tenant.owner)
    file_immigration(client, tenant)
    req = ExemptionRequest.objects.get()
    services.request_ask_info(request=req, actor=staff, reason="계약서를 다시 올려 주세요.")
    assert services.sensitive_data_purge(now=timezone.now() + dt.timedelta(days=31)) == 1
    req.refresh_from_db()
    assert req.sensitive == {} and req.status == "info_requested"
    # Answering later asks for the numbers again instead of keeping an empty value.
    response = client.post(reverse("exemptions:request_edit", args=[tenant.company.pk, req.pk]),
                           {"full_name": "John Smith", "passport_number": ""})
    assert "passport_number" in response.context["form"].errors
