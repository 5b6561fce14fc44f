"""Staff review in the admin: checks beside each request, the decision pages, days waiting (shown
and filterable), and the registry of issued documents with its filters and CSV export."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.messages import ERROR
from django.urls import reverse
from django.utils import timezone

from exemptions import services
from exemptions.models import ExemptionRequest, IssuedDocument, RequestStatus
from tests.exemptions.conftest import approved_immigration, approved_patent, file_immigration
from tests.factories import patent_answers
from tests.privacy.reasons import remember_reason


@pytest.fixture
def filed(client, tenant):
    client.force_login(tenant.owner)
    file_immigration(client, tenant)
    return ExemptionRequest.objects.get()


def _checks(response) -> dict:
    return {c.label: c.ok for c in response.context["checks"]}


def test_the_checks_pass_for_a_coherent_request(client, staff, filed):
    client.force_login(staff)
    change = client.get(reverse("admin:exemptions_exemptionrequest_change", args=[filed.pk]))
    assert "✅" in change.content.decode() and "⚠️" not in change.content.decode()
    page = client.get(reverse("admin:exemptions_exemptionrequest_workflow", args=[filed.pk, "approve"]))
    assert all(_checks(page).values()) and len(_checks(page)) == 4


def test_the_checks_flag_a_stranger_another_project_bad_dates_and_no_lease(client, tenant, staff):
    from tenants.models import DesignatedProject

    client.force_login(tenant.owner)
    file_immigration(client, tenant, full_name="Jane Doe", employment_start="2000-01-01")
    req = ExemptionRequest.objects.get()
    tenant.lease.status = "ended"
    tenant.lease.save(update_fields=["status"])
    # Staff's record names another project than the request.
    tenant.company.designated_project = DesignatedProject.objects.exclude(pk=req.data["designated_project"]).first()
    tenant.company.save(update_fields=["designated_project"])
    client.force_login(staff)
    checks = _checks(client.get(reverse("admin:exemptions_exemptionrequest_workflow", args=[req.pk, "approve"])))
    assert list(checks.values()) == [False, False, False, False]


def test_the_patent_applicant_must_be_the_company(client, tenant, staff, types):
    ok = services.request_submit(
        company=tenant.company, exemption_type=types["PAT"], actor=tenant.owner, sensitive={}, files={},
        data=patent_answers(tenant.company, applicant_name="(주)양재비전"),
    )
    other = services.request_submit(
        company=tenant.company, exemption_type=types["PAT"], actor=tenant.owner, sensitive={}, files={},
        data=patent_answers(tenant.company, applicant_name="주식회사 다른회사",
                            application_number=f"10-{timezone.localdate().year}-0999999"),
    )
    client.force_login(staff)
    url = "admin:exemptions_exemptionrequest_workflow"
    assert all(_checks(client.get(reverse(url, args=[ok.pk, "approve"]))).values())
    assert not all(_checks(client.get(reverse(url, args=[other.pk, "approve"]))).values())


def test_decisions_go_through_intermediate_pages(client, staff, filed):
    client.force_login(staff)
    url = reverse("admin:exemptions_exemptionrequest_workflow", args=[filed.pk, "reject"])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    filed.refresh_from_db()
    assert filed.status == RequestStatus.SUBMITTED
    response = client.post(url, {"reason": "입주기업 소속이 아닙니다."})
    assert response.status_code == 302
    filed.refresh_from_db()
    assert filed.status == RequestStatus.REJECTED and filed.decided_by == staff
    change = client.get(reverse("admin:exemptions_exemptionrequest_change", args=[filed.pk]))
    assert change.context["workflow_buttons"] == []  # nothing more to decide
    unknown = client.post(reverse("admin:exemptions_exemptionrequest_workflow", args=[filed.pk, "nope"]), follow=True)
    assert [m.level for m in unknown.context["messages"]] == [ERROR]


def test_each_decision_opens_its_own_page_and_none_is_a_bulk_action(client, staff, filed):
    client.force_login(staff)
    page = client.get(reverse("admin:exemptions_exemptionrequest_change", args=[filed.pk])).content.decode()
    for name, kind in (("approve", "default"), ("ask_info", ""), ("reject", "danger")):
        url = reverse("admin:exemptions_exemptionrequest_workflow", args=[filed.pk, name])
        assert f'<a class="button workflow-button {kind}" href="{url}"' in page
    changelist = client.get(reverse("admin:exemptions_exemptionrequest_changelist")).content.decode()
    assert 'value="workflow_' not in changelist


def test_a_refused_transition_shows_its_message(client, staff, filed):
    services.request_reject(request=filed, actor=staff, reason="x")
    client.force_login(staff)
    response = client.post(reverse("admin:exemptions_exemptionrequest_workflow", args=[filed.pk, "approve"]), {})
    assert response.status_code == 200 and response.context["form"].non_field_errors()


def test_tenants_cannot_open_the_admin_pages(client, tenant, filed):
    client.force_login(tenant.owner)
    response = client.get(reverse("admin:exemptions_exemptionrequest_workflow", args=[filed.pk, "approve"]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_days_waiting_are_shown_and_filterable(client, tenant, staff, filed):
    client.force_login(tenant.owner)
    file_immigration(client, tenant, full_name="Old Case")
    old = ExemptionRequest.objects.get(subject="Old Case")
    ExemptionRequest.objects.filter(pk=old.pk).update(waiting_since=timezone.now() - dt.timedelta(days=20))
    client.force_login(staff)
    url = reverse("admin:exemptions_exemptionrequest_changelist")
    response = client.get(url)
    rows = {r.pk: r.days_waiting for r in response.context["cl"].result_list}
    assert rows == {filed.pk: 0, old.pk: 20}
    assert all(r.has_active_lease for r in response.context["cl"].result_list)
    assert [r.pk for r in client.get(url, {"waiting": "15"}).context["cl"].result_list] == [old.pk]
    assert [r.pk for r in client.get(url, {"waiting": "1"}).context["cl"].result_list] == [filed.pk]


def test_the_registry_filters_by_type_status_tenant_and_year_and_exports(client, tenant, other_tenant, staff):
    imm = services.document_issue(request_id=approved_immigration(client, tenant, staff).pk)
    pat = services.document_issue(request_id=approved_patent(other_tenant, staff).pk)
    old = services.document_issue(request_id=approved_patent(tenant, staff).pk)
    IssuedDocument.objects.filter(pk=old.pk).update(year=2025, valid_until=dt.date(2025, 12, 31))
    services.document_revoke(document=pat, actor=staff, reason="오류")
    client.force_login(staff)
    remember_reason(client)  # the reason page is tested in tests/privacy
    url = reverse("admin:exemptions_issueddocument_changelist")

    def numbers(**params):
        return sorted(d.number for d in client.get(url, params).context["cl"].result_list)

    assert numbers() == sorted([imm.number, pat.number, old.number])
    assert numbers(exemption_type__id__exact=imm.exemption_type_id) == [imm.number]
    assert numbers(state="revoked") == [pat.number]
    assert numbers(state="expired") == [old.number]
    assert numbers(state="valid") == [imm.number]
    assert numbers(company__id__exact=other_tenant.company.pk) == [pat.number]
    assert numbers(year__exact=2025) == [old.number]
    export = client.get(reverse("admin:exemptions_issueddocument_export"), {"state": "valid"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert len(rows) == 2 and rows[1][0] == imm.number
    assert rows[1][4] == "John Smith · M1234**** · 900501-5******"


def test_the_registry_keeps_its_query_count_as_rows_grow(client, tenant, staff, django_assert_max_num_queries):
    """At most 15 queries (the staff session's activity stamp is written on some requests only)."""
    services.document_issue(request_id=approved_immigration(client, tenant, staff).pk)
    client.force_login(staff)
    url = reverse("admin:exemptions_issueddocument_changelist")
    client.get(url)
    with django_assert_max_num_queries(15):
        client.get(url)
    year = timezone.localdate().year
    for n in range(3):
        services.document_issue(request_id=approved_patent(tenant, staff, application_number=f"10-{year}-{n:07d}").pk)
    with django_assert_max_num_queries(15):
        response = client.get(url)
    assert len(response.context["cl"].result_list) == 4


def test_the_export_cannot_smuggle_a_spreadsheet_formula(client, types, staff):
    from tests.exemptions.conftest import make_tenant

    tenant = make_tenant(name_ko="=HYPERLINK(\"http://x\")", name_en="Formula Inc.")
    services.document_issue(request_id=approved_patent(tenant, staff).pk)
    client.force_login(staff)
    remember_reason(client)  # the reason page is tested in tests/privacy
    export = client.get(reverse("admin:exemptions_issueddocument_export"))
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[1][2].startswith("'=")


def _type_form_data(types, **overrides):
    imm = types["IMM"]
    data = {name: getattr(imm, name) for name in (
        "code", "form_key", "name_ko", "name_en", "description_ko", "description_en", "legal_basis_ko",
        "legal_basis_en", "document_title_ko", "document_title_en", "statement_ko", "statement_en", "template",
        "number_prefix", "validity_days", "processing_days")}
    import json

    data.update(required_documents=json.dumps(imm.required_documents), english_version="on", is_active="on")
    return {**data, **overrides}


def test_staff_edit_a_type_but_not_into_a_broken_one(client, staff, types):
    client.force_login(staff)
    url = reverse("admin:exemptions_exemptiontype_change", args=[types["IMM"].pk])
    response = client.post(url, _type_form_data(types, template="../../etc/passwd", number_prefix="YAI/IMM!",
                                                form_key="nothing", required_documents='[{"code": "Bad Code"}]',
                                                statement_ko="위 기업은 {employer}의 특화사업을 수행합니다."))
    assert response.status_code == 200
    assert set(response.context["adminform"].form.errors) == {
        "template", "number_prefix", "form_key", "required_documents", "statement_ko"}
    response = client.post(url, _type_form_data(types, validity_days=60, name_ko="체류기간 연장 특례"))
    assert response.status_code == 302
    types["IMM"].refresh_from_db()
    assert types["IMM"].validity_days == 60


def test_the_request_list_keeps_its_query_count_as_rows_grow(client, tenant, staff, django_assert_max_num_queries):
    client.force_login(tenant.owner)
    file_immigration(client, tenant)
    client.force_login(staff)
    url = reverse("admin:exemptions_exemptionrequest_changelist")
    client.get(url)
    with django_assert_max_num_queries(14):
        client.get(url)
    client.force_login(tenant.owner)
    for _ in range(4):
        file_immigration(client, tenant)
    client.force_login(staff)
    client.get(url)
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert len(response.context["cl"].result_list) == 5


def _certified(page: str) -> dict[str, str]:
    """The "facts certified" of a document's admin page, as its labels and values read."""
    import re

    block = re.search(r'<div class="readonly"><dl>(.*?)</dl></div>', page, re.S).group(1)
    return dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", block, re.S))


def test_the_certified_answers_read_by_their_names_in_the_language_of_the_page(client, tenant, staff, settings):
    imm = services.document_issue(request_id=approved_immigration(client, tenant, staff).pk)
    pat = services.document_issue(request_id=approved_patent(tenant, staff).pk)
    assert (imm.facts["subject"]["sex"], imm.facts["subject"]["nationality"]) == ("M", "US")  # stored as codes
    client.force_login(staff)
    remember_reason(client)
    url = reverse("admin:exemptions_issueddocument_change", args=[imm.pk])

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _certified(client.get(url).content.decode())
    assert english["Sex"] == "Male" and english["Nationality"] == "United States of America"
    assert english["E-7 sub-category"] == "E-7-1 Professionals" and english["Name as in the passport"] \
        == "John Smith"
    assert english["Company name"] == "Yangjae Vision Inc."
    assert english["Passport number"] == "M1234****"  # identifiers stay masked
    assert not {"sex", "nationality", "visa_status", "e7_subcode"} & set(english)  # no field names
    assert "M" not in english.values() and "US" not in english.values()  # no codes

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    korean = _certified(client.get(url).content.decode())
    assert korean["성별"] == "남" and korean["국적"] == "미국" and korean["E-7 세부자격"] == "E-7-1 전문인력"
    assert korean["기업명"] == "주식회사 양재비전"

    patent = _certified(client.get(reverse("admin:exemptions_issueddocument_change", args=[pat.pk])).content.decode())
    assert patent["우선심사 신청 이유"] == "지역특구 특화사업에서 나온 발명"  # "special_zone"


def test_staff_downloading_a_certificate_give_a_reason_and_leave_a_row_naming_the_company_and_the_employee(
        client, tenant, staff):
    from privacy.models import AccessLog

    document = services.document_issue(request_id=approved_immigration(client, tenant, staff).pk)
    client.force_login(staff)
    url = reverse("admin:exemptions_issueddocument_pdf", args=[document.pk, "ko"])
    asked = client.get(url)
    assert asked.status_code == 200 and b'name="access_reason"' in asked.content
    assert not AccessLog.objects.filter(action="download").exists()  # no file, no row, before the reason
    sent = client.post(url, {"access_reason": "출입국사무소 제출 확인", "access_reason_method": "GET"})
    assert sent.status_code == 302
    response = client.get(url)
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    row = AccessLog.objects.get(action="download")
    assert (row.reason, row.subject_kind, row.subject_id, row.object_label) == (
        "출입국사무소 제출 확인", "company", str(tenant.company.pk), f"{document.number}.pdf")
    assert tenant.company.name_ko in row.subject_label and document.request.subject in row.subject_label
    client.get(reverse("admin:exemptions_issueddocument_change", args=[document.pk]))
    assert AccessLog.objects.filter(action="view", object_id=str(document.pk)).count() == 1
