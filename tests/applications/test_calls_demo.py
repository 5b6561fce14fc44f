"""Demo data of calls and applications: realistic, consistent, and safe to load twice."""

import io
import zoneinfo

from django.core.management import call_command
from django.utils import timezone

from applications.demo import business_registration_number, corporate_registration_number
from applications.models import Application, Call
from applications.selectors import CallStatus, call_status
from portal.models import StatusChange
from portal.validators import business_registration_number_is_valid, corporate_registration_number_is_valid

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


def seed_twice():
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())


def test_check_digits_of_demo_identifiers():
    assert business_registration_number("220816231") == "2208162313"
    for nine in ("105872233", "114873052", "617810347"):
        assert business_registration_number_is_valid(business_registration_number(nine))
    assert corporate_registration_number_is_valid(corporate_registration_number("110111080001"))


def test_demo_calls_are_open_closed_and_upcoming(db):
    seed_twice()
    assert Call.objects.filter(programme__code="tenancy").count() == 3  # and the GPU programme's (compute/demo.py)
    calls = {call.code: call for call in Call.objects.all()}
    assert call_status(call=calls["2026-1"]) == CallStatus.OPEN
    assert call_status(call=calls["2025-2"]) == CallStatus.CLOSED
    assert call_status(call=calls["2027-1"]) == CallStatus.UPCOMING
    open_call = calls["2026-1"]
    assert open_call.title_ko == "서초AICT 우수기업센터 2026년 1차 입주기업 모집"
    assert open_call.units_on_offer.count() == 30
    assert set(open_call.units_on_offer.values_list("unit_type__code", flat=True)) == {"28", "33", "36", "56"}
    closes = open_call.closes_at.astimezone(SEOUL)
    assert (closes.hour, closes.minute) == (18, 0)
    assert (closes.date() - timezone.localdate()).days == 21
    assert (timezone.localdate() - open_call.opens_at.astimezone(SEOUL).date()).days == 14
    assert open_call.document_types.count() == 8 and open_call.criteria.count() == 6
    assert open_call.faqs.count() >= 5 and open_call.schedule.count() == 6
    assert open_call.faqs.filter(answer_ko__contains="1개월 이내").exists()


def test_demo_applications_have_real_trails_and_receipt_numbers(db):
    seed_twice()
    call = Call.objects.get(code="2026-1")
    applications = Application.objects.filter(call=call)
    assert applications.count() == 6
    draft = applications.get(applicant__email="applicant@demo.yangjae-ai.kr")
    assert draft.status == "draft" and draft.receipt_number == ""
    submitted = applications.exclude(status="draft").order_by("receipt_number")
    assert [a.receipt_number for a in submitted] == [f"2026-1-{n:04d}" for n in range(1, 6)]
    assert call.last_receipt_sequence == 5
    assert {a.status for a in submitted} == {"submitted", "eligibility_review", "info_requested", "stage1"}
    for application in submitted:
        assert business_registration_number_is_valid(application.business_registration_number)
        trail = list(application.transitions.order_by("at", "id"))
        assert trail[0].name == "submit" and trail[0].actor == application.applicant
        assert trail[-1].to_status == application.status
        assert application.submitted_at is not None and application.submitted_at <= timezone.now()
    asked = submitted.get(status="info_requested")
    assert asked.transitions.get(name="request_information").reason
    # five submissions, three eligibility checks started, one request for information, one moved to stage 1
    assert StatusChange.objects.filter(application__call=call).count() == 5 + 3 + 1 + 1


def test_public_pages_show_the_demo_calls(client, db):
    seed_twice()
    home = client.get("/").content.decode()
    assert "서초AICT 우수기업센터 2026년 1차 입주기업 모집" in home and 'href="/apply/2026-1/"' in home
    listing = client.get("/calls/").content.decode()
    for code in ("2025-2", "2026-1", "2027-1"):
        assert f"({code})" in listing
    page = client.get("/calls/2026-1/").content.decode()
    assert "본사를 반드시 센터로 이전해야 하나요?" in page and "최종 선정 발표" in page


def test_submitted_demo_applications_carry_a_pdf_per_document_type(db):
    from pypdf import PdfReader

    seed_twice()
    submitted = Application.objects.filter(call__code="2026-1").exclude(receipt_number="")
    assert submitted.count() == 5
    for application in submitted:
        types = set(application.call.document_types.values_list("id", flat=True))
        assert set(application.documents.values_list("document_type_id", flat=True)) == types
    document = submitted.first().documents.select_related("document_type").first()
    with document.file.open("rb") as handle:
        text = PdfReader(handle).pages[0].extract_text()
    assert document.document_type.name_ko in text and document.detected_format == "pdf"


def test_the_seed_summary_is_in_one_language_and_says_where_e_mails_go(db, settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    text = out.getvalue()
    assert "데모 데이터가 준비되었습니다." in text
    assert f"{tmp_path / 'mail'}" in text and "파일" in text
    for english in ("Calls:", "Demo companies", "invoices for", "INFO"):
        assert english not in text
