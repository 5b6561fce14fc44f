"""After submitting, the applicant reads a receipt: the number, when it was received, what happens next
by the call's schedule, whom to ask, and a printable 접수증 PDF. Each role lands where its work is."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from applications.models import CallScheduleItem
from tests.factories import PASSWORD, MembershipFactory, StaffFactory, SubmittedApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted():
    now = timezone.now()
    application = SubmittedApplicationFactory(receipt_number="2026-1-0007", submitted_at=now, truth_declared_at=now)
    today = timezone.localdate()
    CallScheduleItem.objects.create(call=application.call, label_ko="접수", label_en="Applications",
                                    starts_on=today - dt.timedelta(days=20), ends_on=today - dt.timedelta(days=1))
    CallScheduleItem.objects.create(call=application.call, label_ko="서면 평가", label_en="Written evaluation",
                                    starts_on=today + dt.timedelta(days=10), ends_on=today + dt.timedelta(days=14))
    CallScheduleItem.objects.create(call=application.call, label_ko="결과 발표", label_en="Results",
                                    starts_on=today + dt.timedelta(days=30))
    return application


def _pdf_text(response) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_the_detail_page_shows_the_receipt_and_what_happens_next(client, submitted):
    client.force_login(submitted.applicant)
    page = client.get(reverse("applications:detail", args=[submitted.pk])).content.decode()
    assert "신청서가 접수되었습니다" in page and "2026-1-0007" in page
    assert "서면 평가" in page and "결과 발표" in page
    assert "접수</strong>" not in page  # the step already past is not "next"
    assert "02-2155-7010" in page
    assert reverse("applications:receipt", args=[submitted.pk]) in page


def test_the_receipt_pdf_in_korean_and_english(client, submitted):
    client.force_login(submitted.applicant)
    url = reverse("applications:receipt", args=[submitted.pk])
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="receipt-2026-1-0007.pdf"' in response["Content-Disposition"]
    text = _pdf_text(response)
    assert "접수증" in text and "2026-1-0007" in text and "서면 평가" in text
    assert submitted.company_name_ko in text and "서초구청" in text
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = _pdf_text(client.get(url))
    assert "Receipt of application" in english and "Written evaluation" in english
    assert submitted.company_name_en in english


def test_the_receipt_carries_the_truthfulness_declaration_with_its_date_and_time(client, submitted):
    from django.utils import translation

    from applications.templatetags.call_tags import format_kst

    client.force_login(submitted.applicant)
    url = reverse("applications:receipt", args=[submitted.pk])
    with translation.override("ko"):
        at = format_kst(submitted.truth_declared_at)
    korean = "".join(_pdf_text(client.get(url)).split())
    assert "".join(f"사실 확인 제출 시 확인, {at}: “위 내용이 사실임을 확인합니다.”".split()) in korean
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    with translation.override("en"):
        at = format_kst(submitted.truth_declared_at)
    english = " ".join(_pdf_text(client.get(url)).split())
    assert f"Declared on submission, {at}: “I confirm that the above is true.”" in english
    submitted.truth_declared_at = None
    submitted.save(update_fields=["truth_declared_at"])
    assert "Declared on submission" not in _pdf_text(client.get(url))  # submitted before the declaration existed


def test_no_receipt_for_another_applicant_or_a_draft(client, submitted):
    client.force_login(UserFactory(role="applicant"))
    assert client.get(reverse("applications:receipt", args=[submitted.pk])).status_code == 404
    submitted.receipt_number = ""
    submitted.save(update_fields=["receipt_number"])
    client.force_login(submitted.applicant)
    assert client.get(reverse("applications:receipt", args=[submitted.pk])).status_code == 404


@pytest.mark.parametrize("who, landing", [
    ("applicant", "applications:dashboard"),
    ("evaluator", "evaluations:home"),
    ("tenant", "tenants:mine"),
    ("staff", "admin:index"),
])
def test_each_role_lands_where_its_work_is(client, who, landing):
    user = {
        "applicant": lambda: UserFactory(role="applicant"),
        "evaluator": lambda: UserFactory(role="evaluator"),
        "tenant": lambda: MembershipFactory().user,
        "staff": lambda: StaffFactory(),
    }[who]()
    response = client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse(landing)


def test_a_next_address_wins_over_the_role_landing(client):
    user = UserFactory(role="evaluator")
    response = client.post("/accounts/login/?next=/my/applications/", {"username": user.email, "password": PASSWORD})
    assert response["Location"] == "/my/applications/"
