"""What the immigration and patent requests ask as the procedures need it: visa types staff enable (E-7
only by default), nationality from the country list named in the page's language, a KIPO customer
number and IPC class in their formats, priority examination only after a request for examination, and
utility-model numbers per the type's setting; every refusal beside its field, nothing typed lost."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from exemptions.forms import ImmigrationForm, PatentForm
from exemptions.models import ExemptionRequest, VisaType
from exemptions.privacy import NOT_PERSONAL_ANSWERS, PERSONAL_ANSWERS
from tests.exemptions.conftest import file_immigration
from tests.factories import patent_answers


def _create(code, tenant):
    return reverse("exemptions:create", args=[tenant.company.pk, code])


def _errors(response) -> dict:
    return response.context["form"].errors


def test_only_e7_is_offered_until_staff_enable_another_visa_type(client, tenant, staff):
    client.force_login(tenant.owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    page = client.get(_create("IMM", tenant)).content.decode()
    assert 'value="E-7"' in page and 'value="D-10"' not in page and 'value="F-2"' not in page

    response = file_immigration(client, tenant, visa_status="D-10", full_name="Nguyen Van An")
    assert response.status_code == 200 and list(_errors(response)) == ["visa_status"]
    assert "D-10 체류자격은 이 신청에서 받지 않습니다" in _errors(response)["visa_status"][0]
    html = response.content.decode()
    assert 'value="Nguyen Van An"' in html and 'value="ML engineer"' in html  # nothing typed is lost
    assert not ExemptionRequest.objects.exists()

    # Staff enable D-10 in the admin's list; the form then offers and accepts it.
    client.force_login(staff)
    visa = VisaType.objects.get(code="D-10")
    changelist = reverse("admin:exemptions_visatype_changelist")
    rows = list(VisaType.objects.order_by("code"))
    data = {"form-TOTAL_FORMS": len(rows), "form-INITIAL_FORMS": len(rows), "_save": "Save"}
    for i, row in enumerate(rows):
        data[f"form-{i}-id"] = row.pk
        if row.is_enabled or row.pk == visa.pk:
            data[f"form-{i}-is_enabled"] = "on"
    assert client.post(changelist, data).status_code == 302
    client.force_login(tenant.owner)
    assert 'value="D-10"' in client.get(_create("IMM", tenant)).content.decode()
    assert file_immigration(client, tenant, visa_status="D-10", e7_subcode="").status_code == 302


def test_nationality_is_a_country_named_in_the_pages_language(client, tenant):
    client.force_login(tenant.owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    korean = client.get(_create("IMM", tenant)).content.decode()
    assert '<option value="VN">베트남</option>' in korean and ">Vietnam<" not in korean
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(_create("IMM", tenant)).content.decode()
    assert '<option value="VN">Vietnam</option>' in english and "베트남" not in english

    refused = file_immigration(client, tenant, nationality="Viet Nam")
    assert list(_errors(refused)) == ["nationality"]
    assert "Choose the country of the passport from the list." in _errors(refused)["nationality"][0]
    assert file_immigration(client, tenant, nationality="VN").status_code == 302
    assert ExemptionRequest.objects.get().data["nationality"] == "VN"


@pytest.mark.parametrize(("typed", "code"), [("Viet Nam", "VN"), ("베트남", "VN"), ("USA", "US"),
                                             ("united states", "US"), ("IND", "IN"), ("Narnia", "")])
def test_a_nationality_typed_before_the_list_becomes_its_country_code(typed, code):
    migration = importlib.import_module("exemptions.migrations.0012_official_certificates_data")
    assert migration.country_code_for(typed) == code


def test_the_migration_keeps_a_nationality_it_cannot_place_as_typed(tenant, types):
    from exemptions import services
    from tests.factories import immigration_answers

    answers = {k: v for k, v in immigration_answers().items()
               if k not in ("passport_number", "alien_registration_number", "identifier_consent")}
    numbers = {"passport_number": "M12345678", "alien_registration_number": "900501-5123456"}
    placed, unknown = (
        services.request_submit(company=tenant.company, exemption_type=types["IMM"], actor=tenant.owner,
                                data={**answers, **changes}, sensitive=numbers, files={}, identifier_consent=True)
        for changes in ({"nationality": "Viet Nam"}, {"nationality": "Atlantis", "full_name": "A B"})
    )
    importlib.import_module("exemptions.migrations.0012_official_certificates_data").nationalities_to_codes(
        apps, None)
    placed.refresh_from_db()
    unknown.refresh_from_db()
    assert placed.data["nationality"] == "VN"
    assert unknown.data["nationality"] == "" and unknown.data["nationality_as_typed"] == "Atlantis"
    from django.utils import translation

    from exemptions.selectors import request_answers

    with translation.override("en"):
        assert ("Nationality", "Atlantis (as typed: choose the country again)") in request_answers(request=unknown)
        assert ("Nationality", "Vietnam") in request_answers(request=placed)
    with translation.override("ko"):
        assert ("국적", "베트남") in request_answers(request=placed)


def _file_patent(client, tenant, **overrides):
    return client.post(_create("PAT", tenant), patent_answers(tenant.company, **overrides))


@pytest.mark.parametrize("number", ["1-2020-01234-6", "12345", "0-2020-012345-6", "A-2020-012345-6"])
def test_a_mistyped_kipo_customer_number_is_refused_beside_its_field(client, tenant, number):
    client.force_login(tenant.owner)
    response = _file_patent(client, tenant, applicant_customer_number=number, title="비전 검사 방법")
    assert response.status_code == 200 and list(_errors(response)) == ["applicant_customer_number"]
    assert "특허고객번호 12자리" in _errors(response)["applicant_customer_number"][0]
    assert "비전 검사 방법" in response.content.decode()


def test_the_customer_number_and_ipc_class_are_kept_in_their_canonical_form(client, tenant):
    client.force_login(tenant.owner)
    assert _file_patent(client, tenant, applicant_customer_number="120200123456",
                        ipc_class="g06n3/08").status_code == 302
    data = ExemptionRequest.objects.get().data
    assert data["applicant_customer_number"] == "1-2020-012345-6" and data["ipc_class"] == "G06N 3/08"


def test_a_malformed_ipc_class_is_refused(client, tenant):
    client.force_login(tenant.owner)
    response = _file_patent(client, tenant, ipc_class="G06")
    assert list(_errors(response)) == ["ipc_class"]


def test_priority_examination_needs_a_request_for_examination(client, tenant):
    client.force_login(tenant.owner)
    response = _file_patent(client, tenant, examination_requested="no")
    assert response.status_code == 200 and list(_errors(response)) == ["examination_requested"]
    assert "우선심사는 심사청구가 된 출원만" in _errors(response)["examination_requested"][0]
    assert response.context["form"]["examination_requested"].value() == "no"  # the answer stays as given
    assert not ExemptionRequest.objects.exists()


def test_utility_model_numbers_are_refused_or_accepted_per_the_types_setting(client, tenant, types):
    client.force_login(tenant.owner)
    year = tenant.lease.start_date.year
    number = f"20-{year}-0001234"
    refused = _file_patent(client, tenant, application_number=number, filing_date=f"{year}-01-02")
    assert list(_errors(refused)) == ["application_number"]
    assert "실용신안등록출원(20-…)입니다" in _errors(refused)["application_number"][0]
    assert number in refused.content.decode()

    types["PAT"].accepts_utility_models = True
    types["PAT"].save(update_fields=["accepts_utility_models"])
    assert _file_patent(client, tenant, application_number=number, filing_date=f"{year}-01-02").status_code == 302
    assert ExemptionRequest.objects.get().subject == number


def test_every_question_is_registered_as_personal_data_or_not():
    questions = set(ImmigrationForm.question_names()) | set(PatentForm.question_names())
    assert not PERSONAL_ANSWERS & NOT_PERSONAL_ANSWERS
    assert questions <= PERSONAL_ANSWERS | NOT_PERSONAL_ANSWERS, questions - PERSONAL_ANSWERS - NOT_PERSONAL_ANSWERS


def _days(n: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=n)).isoformat()


IMMIGRATION_CHECKS = [
    # (what the owner types, the field the refusal stands beside, its Korean, its English)
    ({"passport_expiry": _days(-1)}, "passport_expiry",
     "여권이 만료되었습니다. 유효한 여권의 정보를 입력해 주십시오.",
     "The passport has expired: give the dates of the valid passport."),
    ({"employment_start": _days(300), "contract_end": _days(300), "requested_stay_until": _days(200)}, "contract_end",
     "계약 종료일은 입사일보다 뒤여야 합니다.", "The contract must end after the employment starts."),
    ({"employment_start": _days(300), "contract_end": _days(299), "requested_stay_until": _days(200)}, "contract_end",
     "계약 종료일은 입사일보다 뒤여야 합니다.", "The contract must end after the employment starts."),
    ({"contract_end": _days(400), "requested_stay_until": _days(401)}, "requested_stay_until",
     "신청 체류기간은 근로계약 종료일을 넘을 수 없습니다.", "The stay requested cannot run past the contract's end."),
    ({"visa_status": "E-7", "e7_subcode": ""}, "e7_subcode",
     "근로자 체류자격의 E-7 세부자격을 선택해 주십시오.", "Choose the E-7 sub-category of the employee's visa."),
]


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize(("typed", "field", "korean", "english"), IMMIGRATION_CHECKS)
def test_the_immigration_forms_own_checks_stand_beside_their_field_in_the_users_language(
        client, tenant, language, typed, field, korean, english):
    client.force_login(tenant.owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = file_immigration(client, tenant, full_name="Nguyen Van An", **typed)

    assert response.status_code == 200
    assert _errors(response) == {field: [korean if language == "ko" else english]}
    form = response.context["form"]
    for name, value in typed.items():  # what was typed is shown again, as typed
        assert str(form[name].value() or "") == value
    html = response.content.decode()
    assert 'value="Nguyen Van An"' in html and "Training vision models" in html
    assert not ExemptionRequest.objects.exists()


def test_a_requested_stay_ending_with_the_contract_is_accepted(client, tenant):
    client.force_login(tenant.owner)
    assert file_immigration(client, tenant, contract_end=_days(400), requested_stay_until=_days(400)).status_code == 302


@pytest.mark.parametrize("number", ["1-2020-01234-6", "12345", "0-2020-012345-6", "대리인번호"])
def test_a_mistyped_agent_customer_number_is_refused_beside_its_field_and_kept(client, tenant, number):
    client.force_login(tenant.owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"

    response = _file_patent(client, tenant, agent_name="양재특허법률사무소", agent_customer_number=number)

    assert response.status_code == 200 and list(_errors(response)) == ["agent_customer_number"]
    assert _errors(response)["agent_customer_number"][0].startswith("대리인 특허고객번호 12자리를")
    assert response.context["form"]["agent_customer_number"].value() == number
    assert "양재특허법률사무소" in response.content.decode()
    assert not ExemptionRequest.objects.exists()


def test_an_agent_customer_number_is_kept_in_its_canonical_form(client, tenant):
    client.force_login(tenant.owner)
    assert _file_patent(client, tenant, agent_name="양재특허법률사무소", agent_customer_number="9 2019 001234 5"
                        ).status_code == 302
    assert ExemptionRequest.objects.get().data["agent_customer_number"] == "9-2019-001234-5"
