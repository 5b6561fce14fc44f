"""Documents: one per type, format by content, size limit, replace and remove, private downloads."""

from django.urls import reverse

from applications.models import ApplicationDocument
from tests.applications.conftest import upload
from tests.factories import ApplicationFactory, UserFactory
from tests.samples import hwp_bytes, hwpx_bytes, pdf_bytes, png_bytes


def documents_url(application):
    return reverse("applications:documents", args=[application.pk])


def post_file(client, application, document_type, name, content):
    return client.post(documents_url(application), {
        "document_type": document_type.pk, f"doc{document_type.pk}-file": upload(name, content),
    })


def test_upload_a_pdf_and_see_it_listed(applicant_client, applicant, call):
    application = ApplicationFactory(applicant=applicant, call=call)
    plan = call.document_types.get(name_en="Business plan")
    response = post_file(applicant_client, application, plan, "사업계획서.pdf", pdf_bytes())
    assert response.status_code == 302
    document = ApplicationDocument.objects.get(application=application, document_type=plan)
    assert document.detected_format == "pdf" and document.original_name == "사업계획서.pdf"
    assert document.uploaded_by == applicant
    page = applicant_client.get(documents_url(application)).content.decode()
    assert "사업계획서.pdf" in page and "data-upload-progress" in page and "js/upload-progress.js" in page


def test_hwp_and_hwpx_are_accepted_where_allowed(applicant_client, applicant, call):
    application = ApplicationFactory(applicant=applicant, call=call)
    plan = call.document_types.get(name_en="Business plan")
    assert post_file(applicant_client, application, plan, "plan.hwp", hwp_bytes()).status_code == 302
    assert application.documents.get().detected_format == "hwp"
    assert post_file(applicant_client, application, plan, "plan.hwpx", hwpx_bytes()).status_code == 302
    assert application.documents.get().detected_format == "hwpx"  # replaced, still one


def test_a_file_named_pdf_whose_content_is_not_pdf_is_refused_beside_the_field(applicant_client, applicant, call):
    application = ApplicationFactory(applicant=applicant, call=call)
    plan = call.document_types.get(name_en="Business plan")
    response = post_file(applicant_client, application, plan, "plan.pdf", b"MZ\x90\x00 this is an executable")
    assert response.status_code == 200
    page = response.content.decode()
    assert "The content of this file is not an accepted format. Accepted: PDF, HWP, HWPX." in page
    assert 'class="invalid-feedback"' in page and 'role="alert"' in page
    assert not application.documents.exists()


def test_an_image_is_refused_for_a_document_type_that_allows_only_pdf(applicant_client, applicant, call):
    application = ApplicationFactory(applicant=applicant, call=call)
    registry = call.document_types.get(name_en="Corporate registry extract")
    response = post_file(applicant_client, application, registry, "registry.png", png_bytes())
    assert "Accepted: PDF." in response.content.decode()
    assert not application.documents.exists()


def test_an_oversized_file_is_refused(applicant_client, applicant, call):
    application = ApplicationFactory(applicant=applicant, call=call)
    plan = call.document_types.get(name_en="Business plan")
    plan.max_size_mb = 1
    plan.save()
    big = pdf_bytes() + b"0" * (1024 * 1024 + 1)
    response = post_file(applicant_client, application, plan, "big.pdf", big)
    assert "The file is too large" in response.content.decode()
    assert not application.documents.exists()


def test_remove_a_document_before_submitting(applicant_client, applicant, call):
    application = ApplicationFactory(applicant=applicant, call=call)
    plan = call.document_types.get(name_en="Business plan")
    post_file(applicant_client, application, plan, "plan.pdf", pdf_bytes())
    document = application.documents.get()
    storage = document.file.storage
    name = document.file.name
    assert storage.exists(name)
    with_commit = applicant_client.post(reverse("applications:document_remove", args=[application.pk, document.pk]))
    assert with_commit.status_code == 302
    assert not application.documents.exists()


def test_download_is_an_attachment_with_nosniff_for_the_applicant_and_staff_only(client, applicant, call):
    application = ApplicationFactory(applicant=applicant, call=call)
    plan = call.document_types.get(name_en="Business plan")
    client.force_login(applicant)
    post_file(client, application, plan, "사업계획서.pdf", pdf_bytes("secret plan"))
    document = application.documents.get()
    url = reverse("applications:document_download", args=[application.pk, document.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"secret plan" in b"".join(response.streaming_content)

    client.force_login(UserFactory(role="district_staff"))
    assert client.get(url).status_code == 200

    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_documents_cannot_change_after_submission(applicant_client, submitted, call):
    plan = call.document_types.get(name_en="Business plan")
    document = submitted.documents.get(document_type=plan)
    page = applicant_client.get(documents_url(submitted)).content.decode()
    assert "data-upload-progress" not in page
    post_file(applicant_client, submitted, plan, "new.pdf", pdf_bytes())
    applicant_client.post(reverse("applications:document_remove", args=[submitted.pk, document.pk]))
    assert list(submitted.documents.filter(document_type=plan)) == [document]
