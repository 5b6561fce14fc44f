"""The whole journey of a Korean applicant through the test client: draft → steps → documents → submit →
more information → resubmit → withdraw."""

from django.core import mail
from django.urls import reverse

from applications import services
from applications.models import Application
from notifications.models import Notification
from tests.applications.conftest import upload
from tests.factories import DECLARATION, START_CONSENTS, UserFactory
from tests.samples import hwp_bytes, jpeg_bytes, pdf_bytes


def test_the_whole_journey_in_korean(client, call, staff, django_capture_on_commit_callbacks):
    user = UserFactory(name="홍길동", preferred_language="ko", phone="010-5555-6666")
    client.force_login(user)

    page = client.get(reverse("applications:start", args=[call.code])).content.decode()
    assert "신청서 작성 시작" in page
    response = client.post(reverse("applications:start", args=[call.code]), START_CONSENTS, follow=True)
    application = Application.objects.get(applicant=user)
    assert "기업 정보" in response.content.decode() and 'aria-current="step"' in response.content.decode()

    def step(name, data):
        return client.post(reverse("applications:step", args=[application.pk, name]), {**data, "continue": "1"})

    response = step("company", {
        "company_name_ko": "주식회사 양재인공지능", "company_name_en": "Yangjae AI Inc.",
        "business_registration_number": "120-81-47521", "corporate_registration_number": "110111-1234569",
        "ceo_name": "홍길동", "founded_on": "2022-03-02", "head_office_address": "서울특별시 서초구 강남대로 27",
        "website": "yangjae-ai.kr", "ai_field": "language",
    })
    assert response.status_code == 302 and response.url.endswith("/edit/team/")
    unit_type = call.units_on_offer.get().unit_type
    response = step("team", {"headcount": "24", "foreign_employees": "3", "desired_unit_type": unit_type.pk,
                             "relocation_commitment": "on"})
    assert response.status_code == 302 and response.url.endswith("/edit/plan/")
    # A mistake on one field: the message is in Korean, the rest is saved.
    response = step("plan", {"business_summary": "행정 문서를 요약하는 한국어 LLM", "revenue_last_year": "-1",
                             "total_investment": "1,500,000,000", "contact_name": "홍길동",
                             "contact_email": "hong@example.kr", "contact_phone": "01055556666", "wants_gpu": "on"})
    assert "0 이상의 금액을 입력해 주십시오." in response.content.decode()
    response = step("plan", {"business_summary": "행정 문서를 요약하는 한국어 LLM", "revenue_last_year": "1,200,000",
                             "total_investment": "1,500,000,000", "contact_name": "홍길동",
                             "contact_email": "hong@example.kr", "contact_phone": "01055556666", "wants_gpu": "on"})
    assert response.status_code == 302 and response.url.endswith("/documents/")

    review = client.get(reverse("applications:review", args=[application.pk])).content.decode()
    assert "제출하기 전에 다음 항목을 완성해 주십시오" in review
    assert "“사업계획서” 서류가 제출되지 않았습니다." in review

    samples = {"pdf": pdf_bytes(), "hwp": hwp_bytes(), "jpeg": jpeg_bytes()}
    for document_type in call.document_types.filter(required=True):
        fmt = document_type.allowed_formats[-1] if "hwp" not in document_type.allowed_formats else "hwp"
        fmt = fmt if fmt in samples else "pdf"
        name = f"{document_type.name_ko}.{'jpg' if fmt == 'jpeg' else fmt}"
        response = client.post(reverse("applications:documents", args=[application.pk]), {
            "document_type": document_type.pk, f"doc{document_type.pk}-file": upload(name, samples[fmt]),
        })
        assert response.status_code == 302, response.content.decode()

    review = client.get(reverse("applications:review", args=[application.pk])).content.decode()
    assert "제출하기 전에" not in review and "신청서 제출" in review
    assert "1,200,000원" in review and "120-81-47521" in review
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applications:submit", args=[application.pk]), DECLARATION, follow=True)
    application.refresh_from_db()
    receipt = f"{call.code}-0001"
    assert application.receipt_number == receipt
    assert f"신청서가 제출되었습니다. 접수번호: {receipt}" in response.content.decode()
    assert mail.outbox[-1].subject == f"신청서 {receipt} 접수 완료"

    # Staff ask for more information about the business summary and the business plan.
    plan = call.document_types.get(name_ko="사업계획서")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_request_information(
            application=application, actor=staff, message="사업 개요를 더 구체적으로 적어 주십시오.",
            reopened_fields=["business_summary", f"document:{plan.pk}"],
        )
    assert mail.outbox[-1].subject == f"신청서 {receipt} 보완 요청"
    detail = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "구청의 보완 요청" in detail and "사업 개요를 더 구체적으로 적어 주십시오." in detail
    assert staff.name not in detail
    response = client.post(reverse("applications:step", args=[application.pk, "plan"]),
                           {"business_summary": "공공기관 문서 요약 LLM, 고객 12곳", "save": "1"})
    assert response.status_code == 302
    response = client.post(reverse("applications:documents", args=[application.pk]), {
        "document_type": plan.pk, f"doc{plan.pk}-file": upload("사업계획서-보완.pdf", pdf_bytes()),
    })
    assert response.status_code == 302
    response = client.post(reverse("applications:resubmit", args=[application.pk]), follow=True)
    application.refresh_from_db()
    assert application.status == "eligibility_review"
    assert application.business_summary == "공공기관 문서 요약 LLM, 고객 12곳"
    assert "요건 검토 중" in response.content.decode()

    # Withdraw, after confirming.
    confirm = client.get(reverse("applications:withdraw", args=[application.pk])).content.decode()
    assert "정말 철회하시겠습니까?" in confirm
    response = client.post(reverse("applications:withdraw", args=[application.pk]), {"reason": ""}, follow=True)
    application.refresh_from_db()
    assert application.status == "withdrawn"
    assert "신청을 철회했습니다." in response.content.decode()

    dashboard = client.get("/my/applications/").content.decode()
    assert receipt in dashboard and "나의 신청" in dashboard
    assert list(application.transitions.values_list("name", flat=True)) == [
        "submit", "request_information", "resubmit", "withdraw"]
    assert Notification.objects.filter(recipient=user).count() == 4
