"""A call as a public notice (공고): its notice number, the notice documents and form templates staff
upload (checked like every upload) and anyone downloads from the public page, the contact, and the
social-insurance enrolment list among the default documents."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.models import CallFile
from applications.services import call_add_defaults
from tests.applications.test_calls_admin import form_data, with_rows
from tests.factories import BuildingFactory, CallFactory, StaffFactory
from tests.samples import hwp_bytes, hwpx_bytes, pdf_bytes, png_bytes


def _files(rows):
    return [{"kind": kind, "title_ko": title, "title_en": "", "file": upload, "position": str(i)}
            for i, (kind, title, upload) in enumerate(rows)]


def test_staff_publish_the_notice_number_documents_forms_and_contact(client, db):
    client.force_login(StaffFactory())
    building = BuildingFactory()
    data = form_data(building, notice_number="서초구 공고 제2026-123호", contact_department="양재AI특구추진단",
                     contact_phone="02-2155-7010")
    rows = _files([
        ("notice", "입주기업 모집 공고문", SimpleUploadedFile("공고문.hwp", hwp_bytes())),
        ("notice", "입주기업 모집 공고문 (PDF)", SimpleUploadedFile("notice.pdf", pdf_bytes("공고"))),
        ("form", "사업계획서 서식", SimpleUploadedFile("사업계획서.hwpx", hwpx_bytes())),
    ])
    response = client.post(reverse("admin:applications_call_add"), with_rows(data, "files", rows))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    files = list(CallFile.objects.order_by("kind", "position"))
    assert [(f.kind, f.detected_format, f.original_name) for f in files] == [
        ("form", "hwpx", "사업계획서.hwpx"), ("notice", "hwp", "공고문.hwp"), ("notice", "pdf", "notice.pdf")]
    assert "사회보험" in " ".join(files[0].call.document_types.values_list("name_ko", flat=True))

    client.logout()
    page = client.get(reverse("applications:call_detail", args=["2026-5"])).content.decode()
    assert 'data-testid="notice-number">서초구 공고 제2026-123호' in page
    assert "입주기업 모집 공고문" in page and "사업계획서 서식" in page
    assert "양재AI특구추진단" in page and "02-2155-7010" in page
    download = client.get(reverse("applications:call_file", args=["2026-5", files[1].pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == hwp_bytes()
    assert "attachment" in download["Content-Disposition"]
    other = CallFactory(code="2026-6")
    assert client.get(reverse("applications:call_file", args=[other.code, files[1].pk])).status_code == 404


def test_a_file_that_is_not_hwp_hwpx_or_pdf_is_refused_beside_the_field(client, db):
    client.force_login(StaffFactory())
    data = form_data(BuildingFactory())
    rows = _files([
        ("notice", "공고문", SimpleUploadedFile("notice.pdf", png_bytes())),  # a picture named .pdf
    ])
    response = client.post(reverse("admin:applications_call_add"), with_rows(data, "files", rows))
    assert response.status_code == 200
    formset = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "files")
    assert formset.formset.errors[0]["file"]
    assert not CallFile.objects.exists()


def test_the_default_documents_include_the_social_insurance_enrolment_list(db):
    call = call_add_defaults(call=CallFactory())
    enrolment = call.document_types.get(name_ko="4대 사회보험 가입자 명부")
    assert enrolment.required and "pdf" in enrolment.allowed_formats
