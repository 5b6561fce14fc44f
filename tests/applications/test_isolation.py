"""Applicant A can neither see, change nor download anything of applicant B through any applicant URL."""

import pytest
from django.urls import reverse

from applications import urls_applicant
from applications.models import Application, ApplicationDocument, ApplicationMessage
from tests.applications.conftest import make_complete_draft, make_submitted, upload
from tests.factories import START_CONSENTS, UserFactory
from tests.samples import pdf_bytes

POST_ONLY = {"document_remove", "submit", "resubmit", "message", "collaborator_invite",
             "collaborator_invitation_revoke", "collaborator_remove"}


def patterns_with_ids():
    return [p for p in urls_applicant.urlpatterns if "pk" in p.pattern.converters]


def kwargs_for(pattern, *, application_pk, document_pk):
    values = {"pk": application_pk, "step": "company", "document_pk": document_pk, "file_pk": document_pk,
              "invitation_pk": document_pk, "collaborator_pk": document_pk}
    return {name: values[name] for name in pattern.pattern.converters}


@pytest.fixture
def b_application(call):
    owner = UserFactory(name="B Owner", preferred_language="en")
    return make_submitted(applicant=owner, call=call, company_name_ko="비밀회사 B")


@pytest.fixture
def b_draft(call):
    owner = UserFactory(preferred_language="en")
    return make_complete_draft(applicant=owner, call=call, company_name_ko="비밀초안 B")


def test_every_applicant_url_with_an_id_is_covered():
    names = {p.name for p in patterns_with_ids()}
    assert names == {"detail", "step", "documents", "document_remove", "document_download", "review", "submit",
                     "resubmit", "withdraw", "message", "receipt", "decision_notice", "answer_file_download",
                     "collaborator_invite", "collaborator_invitation_revoke", "collaborator_remove"}


@pytest.mark.parametrize("pattern", patterns_with_ids(), ids=lambda p: p.name)
@pytest.mark.parametrize("which", ["submitted", "draft"])
def test_b_s_application_answers_404_to_a(applicant_client, applicant, call, b_application, b_draft, pattern, which):
    b = b_application if which == "submitted" else b_draft
    document = b.documents.first()
    url = reverse(f"applications:{pattern.name}", kwargs=kwargs_for(pattern, application_pk=b.pk,
                                                                     document_pk=document.pk))
    before = (Application.objects.values().get(pk=b.pk), list(b.documents.values_list("id", "file")))
    # POST-only actions answer 405 to any GET, whoever owns the id: nothing is revealed.
    assert applicant_client.get(url).status_code == (405 if pattern.name in POST_ONLY else 404)
    data = {"company_name_ko": "탈취", "body": "hello", "reason": "x", "email": "a@example.kr", "role": "editor",
            "document_type": document.document_type_id,
            f"doc{document.document_type_id}-file": upload("x.pdf", pdf_bytes())}
    assert applicant_client.post(url, data).status_code == 404
    after = (Application.objects.values().get(pk=b.pk), list(b.documents.values_list("id", "file")))
    assert before == after
    assert not ApplicationMessage.objects.filter(application=b).exists()


@pytest.mark.parametrize("name", ["document_download", "document_remove"])
def test_b_s_document_through_a_s_own_application_is_404(applicant_client, applicant, call, b_application, name):
    mine = make_complete_draft(applicant=applicant, call=call)
    theirs = b_application.documents.first()
    url = reverse(f"applications:{name}", args=[mine.pk, theirs.pk])
    assert applicant_client.get(url).status_code == (405 if name in POST_ONLY else 404)
    assert applicant_client.post(url).status_code == 404
    assert ApplicationDocument.objects.filter(pk=theirs.pk).exists()


def test_the_dashboard_and_start_show_nothing_of_b(applicant_client, call, b_application):
    page = applicant_client.get("/my/applications/").content.decode()
    assert "비밀회사 B" not in page and b_application.receipt_number not in page
    applicant_client.post(reverse("applications:start", args=[call.code]), START_CONSENTS)
    mine = Application.objects.exclude(pk=b_application.pk).get(call=call, company_name_ko="")
    page = applicant_client.get(reverse("applications:step", args=[mine.pk, "company"])).content.decode()
    assert "비밀회사 B" not in page


def test_ids_out_of_range_answer_404_not_an_error(applicant_client, applicant, call):
    mine = make_complete_draft(applicant=applicant, call=call)
    huge = "9" * 30
    assert applicant_client.get(f"/my/applications/{huge}/").status_code == 404
    assert applicant_client.get(f"/my/applications/{mine.pk}/documents/{huge}/download/").status_code == 404
    assert applicant_client.post(f"/my/applications/{mine.pk}/documents/", {"document_type": huge}).status_code == 404
