"""Decisions with reasons and the appeal route (행정절차법 §23, §26): refused without reasons, notified
as a PDF the applicant downloads, whose appeal deadlines run from the notice date."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.workflow import Status
from decisions.models import DecisionKind, DecisionNotice, DecisionWording
from decisions.services import decision_notice_issue, decision_notice_render, period_end
from decisions.tasks import decision_notice_render_task
from exemptions import services
from exemptions.models import ExemptionRequest, RequestStatus
from portal.exceptions import DomainError
from tests.exemptions.conftest import file_immigration, pdf_text
from tests.factories import StaffFactory, SubmittedApplicationFactory


@pytest.fixture
def filed(client, tenant):
    client.force_login(tenant.owner)
    file_immigration(client, tenant)
    return ExemptionRequest.objects.get()


def test_the_last_day_of_an_appeal_period_skips_weekends_and_holidays():
    assert period_end(dt.date(2026, 12, 4), 90) == dt.date(2027, 3, 4)  # a Thursday
    assert period_end(dt.date(2026, 12, 4), 30) == dt.date(2027, 1, 4)  # 3 January is a Sunday
    assert period_end(dt.date(2026, 8, 26), 30) == dt.date(2026, 9, 28)  # 25 September: Chuseok, then a weekend


def test_a_refusal_without_reasons_is_refused_beside_the_field(client, staff, filed):
    client.force_login(staff)
    url = reverse("admin:exemptions_exemptionrequest_workflow", args=[filed.pk, "reject"])
    response = client.post(url, {"reason": "   "})
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    with pytest.raises(DomainError):
        services.request_reject(request=filed, actor=staff, reason="")
    filed.refresh_from_db()
    assert filed.status == RequestStatus.SUBMITTED and not DecisionNotice.objects.exists()


def test_an_ineligibility_without_reasons_is_refused(client, db):
    application = SubmittedApplicationFactory(status=Status.SUBMITTED)
    client.force_login(StaffFactory())
    response = client.post(f"/admin/applications/application/{application.pk}/workflow/mark_ineligible/",
                           {"reason": ""})
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED and not DecisionNotice.objects.exists()


def test_a_refusal_gives_a_notice_with_reasons_and_appeal_deadlines_the_tenant_downloads(
        client, tenant, staff, filed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        services.request_reject(request=filed, actor=staff, reason="특화사업 참여 사실이 확인되지 않습니다.")
    notice = DecisionNotice.objects.get(kind=DecisionKind.EXEMPTION_REFUSAL, object_id=filed.pk)
    assert decision_notice_render_task(notice_id=notice.pk) is True
    client.force_login(tenant.owner)
    page = client.get(reverse("exemptions:request", args=[tenant.company.pk, filed.pk]))
    assert 'data-testid="decision-notice"' in page.content.decode()
    response = client.get(reverse("exemptions:decision_notice", args=[tenant.company.pk, filed.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(response.streaming_content))
    today = timezone.localdate()
    appeal = period_end(today, 90)
    assert "특화사업 참여 사실이 확인되지 않습니다." in text
    assert "행정심판" in text and "이의신청" in text and "행정소송" in text
    assert f"{appeal.year}. {appeal.month}. {appeal.day}.까지" in text
    assert "서울특별시 서초구청장" in text
    client.force_login(tenant.member)  # an ordinary member does not manage requests
    assert client.get(reverse("exemptions:decision_notice", args=[tenant.company.pk, filed.pk])).status_code == 403


def test_the_notice_keeps_the_wording_it_was_given_with_and_counts_from_its_date(db, filed):
    DecisionWording.objects.filter(kind=DecisionKind.EXEMPTION_REFUSAL).update(
        objection_days=0, appeal_text="행정심판은 온라인으로도 청구할 수 있습니다.")
    notice = decision_notice_issue(subject=filed, kind=DecisionKind.EXEMPTION_REFUSAL, reasons="서류 미비",
                                   addressee="주식회사 양재비전", matter="확인서", notice_date=dt.date(2026, 12, 4))
    DecisionWording.objects.filter(kind=DecisionKind.EXEMPTION_REFUSAL).update(appeal_days=60)
    notice = decision_notice_render(notice_id=notice.pk)
    from django.core.files.storage import storages

    with storages["private"].open(notice.pdf_path, "rb") as handle:
        text = pdf_text(handle.read())
    assert "2027. 3. 4.까지" in text and "온라인으로도" in text
    assert "이의신청" not in text  # the route the district switched off
    first = notice.pdf_path
    assert decision_notice_render(notice_id=notice.pk).pdf_path == first  # rendered once


def test_ineligible_at_once_and_not_selected_after_the_release(client, db, django_capture_on_commit_callbacks):
    from evaluations.services import application_staff_transition, call_release_results

    staff = StaffFactory()
    ineligible = SubmittedApplicationFactory(status=Status.SUBMITTED)
    application_staff_transition(application=ineligible, name="mark_ineligible", actor=staff,
                                 reason="국세 납세증명서가 제출되지 않았습니다.")
    notice = DecisionNotice.objects.get(object_id=ineligible.pk, kind=DecisionKind.APPLICATION_INELIGIBLE)
    decision_notice_render(notice_id=notice.pk)
    client.force_login(ineligible.applicant)
    assert 'data-testid="decision-notice"' in client.get(
        reverse("applications:detail", args=[ineligible.pk])).content.decode()
    response = client.get(reverse("applications:decision_notice", args=[ineligible.pk]))
    assert "국세 납세증명서가 제출되지 않았습니다." in pdf_text(b"".join(response.streaming_content))

    unselected = SubmittedApplicationFactory(status=Status.STAGE1)
    application_staff_transition(application=unselected, name="not_select", actor=staff, reason="합계 점수 미달")
    assert not DecisionNotice.objects.filter(object_id=unselected.pk, kind=DecisionKind.APPLICATION_NOT_SELECTED)
    call_release_results(call=unselected.call, actor=staff)
    notice = DecisionNotice.objects.get(object_id=unselected.pk, kind=DecisionKind.APPLICATION_NOT_SELECTED)
    assert notice.reasons == "합계 점수 미달"
    client.force_login(unselected.applicant)
    assert client.get(reverse("applications:decision_notice", args=[unselected.pk])).status_code == 200
    client.force_login(ineligible.applicant)
    assert client.get(reverse("applications:decision_notice", args=[unselected.pk])).status_code == 404

