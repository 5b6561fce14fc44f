"""Every reader of an application to a call with its own form reads the answers from the same version: the
admin's application page, the evaluator's page, the call's CSV/XLSX export and "download my data"."""

import json

import pytest
from django.urls import reverse

from applications import services
from applications.models import AnswerFile, Application
from applications.services_forms import application_answers_save, form_definition_create
from applications.workflow import Status
from tests.applications.conftest import upload
from tests.factories import AssignmentFactory, UserFactory
from tests.privacy.reasons import remember_reason
from tests.samples import pdf_bytes

pytestmark = pytest.mark.django_db

ANSWERS = {
    "company_name": "주식회사 양재비전", "summary": "공공 문서를 요약하는 언어 모델 서비스", "employees": 24,
    "revenue": 1_200_000_000, "founded": "2022-03-02", "field": "language", "support": ["gpu"],
    "members": [{"name": "김지원", "role": "대표", "joined": "2022-03-02"}], "has_patents": "yes",
    "patents": [{"number": "10-2345678", "title": "문서 요약 방법"}],
}


def submitted_with_answers(*, call, applicant) -> Application:
    application, _created = services.application_start(call=call, applicant=applicant, consent_collection=True,
                                                       consent_committee=True)
    application_answers_save(application=application, actor=applicant, changes=ANSWERS,
                             files={"pitch": upload("deck.pdf", pdf_bytes())})
    return services.application_submit(application=application, actor=applicant, declared_true=True)


@pytest.fixture
def applicant(db):
    return UserFactory(name="김지원", email="jiwon@vision.kr", preferred_language="ko")


@pytest.fixture
def submitted(applicant, form_call):
    return submitted_with_answers(call=form_call, applicant=applicant)


def test_the_admin_application_page_shows_the_answers_and_their_file(client, submitted):
    client.force_login(UserFactory(role="district_staff", is_staff=True))
    remember_reason(client)
    page = client.get(reverse("admin:applications_application_change", args=[submitted.pk])).content.decode()
    assert "주식회사 양재비전" in page and "1,200,000,000원" in page and "문서 요약 방법" in page
    assert "보유 특허가 있습니까?" in page and "언어 모델" in page
    stored = AnswerFile.objects.get(application=submitted)
    url = reverse("admin:applications_application_answer_file", args=[submitted.pk, stored.pk])
    assert url in page
    download = client.get(url)
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")


def test_the_evaluator_reads_the_answers(client, submitted):
    Application.objects.filter(pk=submitted.pk).update(status=Status.STAGE1)
    assignment = AssignmentFactory(call=submitted.call, stage=1)
    client.force_login(assignment.evaluator)
    remember_reason(client)
    client.post(f"/evaluations/applications/{submitted.pk}/declare/", {"has_conflict": "no"})
    page = client.get(f"/evaluations/applications/{submitted.pk}/").content.decode()
    assert "주식회사 양재비전" in page and "김지원" in page and "deck.pdf" in page
    stored = AnswerFile.objects.get(application=submitted)
    assert client.get(reverse("evaluations:answer_file", args=[submitted.pk, stored.pk])).status_code == 200
    other = UserFactory(role="evaluator")
    client.force_login(other)
    assert client.get(reverse("evaluations:answer_file", args=[submitted.pk, stored.pk])).status_code == 404


def test_the_export_has_a_column_per_question(client, submitted):
    client.force_login(UserFactory(role="district_staff", is_staff=True))
    remember_reason(client)
    response = client.get(reverse("admin:evaluations_call_export", args=[submitted.call_id, "csv"]))
    text = response.content.decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert "기업명" in header and "핵심 인력" in header and "보유 특허" in header
    assert "주식회사 양재비전" in row and "1,200,000,000원" in row and "이름: 김지원" in row and "deck.pdf" in row
    xlsx = client.get(reverse("admin:evaluations_call_export", args=[submitted.call_id, "xlsx"]))
    assert xlsx.status_code == 200


def test_download_my_data_holds_the_answers_with_their_questions(client, applicant, submitted):
    client.force_login(applicant)
    data = json.loads(client.get("/accounts/profile/my-data/").content)
    [entry] = data["application_answers"]
    assert entry["receipt_number"] == submitted.receipt_number and entry["form_version"] == 1
    answers = {a["key"]: a for a in entry["answers"]}
    assert answers["company_name"]["question_ko"] == "기업명"
    assert answers["company_name"]["answer"] == "주식회사 양재비전"
    assert answers["members"]["value"] == ANSWERS["members"]
    assert answers["pitch"]["answer"] == "deck.pdf"
    assert data["applications"]["applications.Application"][0]["answers"]["employees"] == 24


def test_a_later_version_changes_no_reader(client, applicant, submitted):
    new = form_definition_create(call=submitted.call, copy_from=submitted.form_definition)
    renamed = new.questions.get(key="company_name")
    renamed.label_ko = "법인명(개정)"
    renamed.save()
    client.force_login(UserFactory(role="district_staff", is_staff=True))
    remember_reason(client)
    page = client.get(reverse("admin:applications_application_change", args=[submitted.pk])).content.decode()
    assert "기업명" in page and "법인명(개정)" not in page
    text = client.get(reverse("admin:evaluations_call_export", args=[submitted.call_id, "csv"])).content.decode()
    assert "법인명(개정)" not in text
