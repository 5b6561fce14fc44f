"""The English companion of decision notices: a translation for information (the Korean notice prevails),
with the reasons in English when staff gave them, the same appeal deadlines, downloaded in the page's
language with a link to the other, and only by whom may read the decision."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import reverse
from django.utils import translation

from applications.workflow import Status
from decisions.models import DecisionKind, DecisionNotice, DecisionWording
from decisions.services import decision_notice_issue, decision_notice_render
from decisions.tasks import decision_notice_render_task
from exemptions.models import ExemptionRequest
from portal.formatting import format_kst_date
from tests.exemptions.conftest import file_immigration, make_tenant, pdf_text
from tests.factories import StaffFactory, SubmittedApplicationFactory

PREVAILS = "in case of any difference, the Korean notice prevails"


def words(content: bytes) -> str:
    """The PDF's text with its line breaks as spaces (English sentences wrap)."""
    return " ".join(pdf_text(content).split())


def download(client, url: str, language: str | None = None) -> bytes:
    response = client.get(url, {"language": language} if language else {})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


@pytest.fixture
def filed(client, tenant):
    client.force_login(tenant.owner)
    file_immigration(client, tenant)
    return ExemptionRequest.objects.get()


def test_a_refusal_with_english_reasons_reads_in_both_languages_and_only_by_its_company(
        client, tenant, staff, filed, django_capture_on_commit_callbacks):
    client.force_login(staff)
    reject = reverse("admin:exemptions_exemptionrequest_workflow", args=[filed.pk, "reject"])
    assert 'name="reason_en"' in client.get(reject).content.decode()  # the English reasons may be given here
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reject, {
            "reason": "특화사업 참여 사실이 확인되지 않습니다.",
            "reason_en": "The company's participation in a designated project could not be confirmed.",
        })
    assert response.status_code == 302
    notice = DecisionNotice.objects.get(kind=DecisionKind.EXEMPTION_REFUSAL, object_id=filed.pk)
    assert notice.pdf_path and notice.pdf_en_path  # both rendered by the task after the decision

    client.force_login(tenant.owner)
    url = reverse("exemptions:decision_notice", args=[tenant.company.pk, filed.pk])
    korean = words(download(client, url))  # a Korean page: the official notice
    assert "특화사업 참여 사실이 확인되지 않습니다." in korean and "could not be confirmed" not in korean
    assert PREVAILS not in korean

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("exemptions:request", args=[tenant.company.pk, filed.pk])).content.decode()
    assert f'href="{url}?language=en"' in page and f'href="{url}?language=ko"' in page
    assert "The Korean notice is the official one and prevails." in page
    with translation.override("en"):
        assert f"The notice of {format_kst_date(notice.notice_date)} gives the reasons" in page  # "Dec 5, 2026 (Sat)"
    english = words(download(client, url))  # an English page: the translation
    assert "The company's participation in a designated project could not be confirmed." in english
    assert "특화사업 참여 사실이 확인되지 않습니다." not in english
    assert "Notice of Refusal to Issue a Certificate of Regulatory Exemption" in english
    assert "Yangjae Vision Inc." in english and PREVAILS in english
    assert "특화사업 참여 사실이 확인되지 않습니다." in words(download(client, url, "ko"))  # the link to the Korean

    client.force_login(tenant.member)  # an ordinary member does not manage requests
    for language in ("ko", "en"):
        assert client.get(url, {"language": language}).status_code == 403
    stranger = make_tenant(name_ko="주식회사 다른회사", name_en="Other Co.")
    client.force_login(stranger.owner)
    for language in ("ko", "en"):
        assert client.get(reverse("exemptions:decision_notice", args=[stranger.company.pk, filed.pk]),
                          {"language": language}).status_code == 404


def test_the_english_notice_counts_the_same_deadlines_from_the_notice_date(db, filed):
    DecisionWording.objects.filter(kind=DecisionKind.EXEMPTION_REFUSAL).update(
        title_en="Notice of Refusal (as the district words it)")
    notice = decision_notice_issue(subject=filed, kind=DecisionKind.EXEMPTION_REFUSAL, reasons="서류 미비",
                                   reasons_en="Documents missing.", addressee="주식회사 양재비전",
                                   addressee_en="Yangjae Vision Inc.", matter="확인서", matter_en="Certificate",
                                   notice_date=dt.date(2026, 12, 4))
    notice = decision_notice_render(notice_id=notice.pk)
    with storages["private"].open(notice.pdf_en_path, "rb") as handle:
        english = words(handle.read())
    with storages["private"].open(notice.pdf_path, "rb") as handle:
        korean = words(handle.read())
    # 이의신청 30 days (3 January 2027 is a Sunday), 행정심판 and 행정소송 90 days, from 4 December 2026
    assert "by 4 January 2027 (30 days from the date of this notice)" in english
    assert english.count("by 4 March 2027 (90 days from the date of this notice)") == 2
    assert "2027. 1. 4.까지" in korean and korean.count("2027. 3. 4.까지") == 2
    assert "Date of notice 4 December 2026" in english
    assert "Notice of Refusal (as the district words it)" in english and "Documents missing." in english
    assert "Administrative appeal (행정심판)" in english and "www.simpan.go.kr" in english

    first = (notice.pdf_path, notice.pdf_en_path)
    notice = decision_notice_render(notice_id=notice.pk)
    assert (notice.pdf_path, notice.pdf_en_path) == first  # each rendered once, never replaced


def test_a_notice_given_in_korean_only_gets_its_english_translation_beside_it(db, filed):
    notice = decision_notice_issue(subject=filed, kind=DecisionKind.EXEMPTION_REFUSAL, reasons="서류 미비",
                                   addressee="주식회사 양재비전", matter="확인서", notice_date=dt.date(2026, 12, 4))
    korean_path = storages["private"].save("decisions/2026/earlier.pdf", ContentFile(b"%PDF-1.4 the Korean notice"))
    wording = {name: value for name, value in notice.facts["wording"].items() if not name.endswith("_en")}
    DecisionNotice.objects.filter(pk=notice.pk).update(  # as rendered and stored before the English notice
        pdf_path=korean_path, facts={**notice.facts, "wording": wording})

    notice = decision_notice_render(notice_id=notice.pk)
    assert notice.pdf_path == korean_path and notice.pdf_en_path  # the Korean file is kept, the English added
    with storages["private"].open(notice.pdf_en_path, "rb") as handle:
        english = words(handle.read())
    assert PREVAILS in english and "by 4 March 2027" in english  # the default English wording


def test_an_ineligibility_without_english_reasons_shows_the_korean_ones_with_a_note(client, db):
    application = SubmittedApplicationFactory(status=Status.SUBMITTED, company_name_en="Seocho Robotics Ltd.")
    client.force_login(StaffFactory())
    page = client.get(f"/admin/applications/application/{application.pk}/workflow/mark_ineligible/")
    assert 'name="reason_en"' in page.content.decode()  # the English reasons may be given here
    response = client.post(f"/admin/applications/application/{application.pk}/workflow/mark_ineligible/",
                           {"reason": "국세 납세증명서가 제출되지 않았습니다.", "reason_en": ""})
    assert response.status_code == 302
    notice = DecisionNotice.objects.get(object_id=application.pk, kind=DecisionKind.APPLICATION_INELIGIBLE)
    assert decision_notice_render_task(notice_id=notice.pk) is True

    url = reverse("applications:decision_notice", args=[application.pk])
    client.force_login(application.applicant)
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert f'href="{url}?language=ko"' in page and f'href="{url}?language=en"' in page
    english = words(download(client, url, "en"))
    assert "국세 납세증명서가 제출되지 않았습니다." in english
    assert "The reasons were given in Korean only" in english
    assert "Notice of Ineligibility of an Application for Tenancy" in english and PREVAILS in english
    assert "Seocho Robotics Ltd." in english

    other = SubmittedApplicationFactory(status=Status.SUBMITTED)
    client.force_login(other.applicant)  # another applicant reads neither language
    for language in ("ko", "en"):
        assert client.get(url, {"language": language}).status_code == 404


def test_an_ineligibility_with_english_reasons_prints_them(client, db):
    application = SubmittedApplicationFactory(status=Status.SUBMITTED)
    client.force_login(StaffFactory())
    client.post(f"/admin/applications/application/{application.pk}/workflow/mark_ineligible/", {
        "reason": "국세 납세증명서가 제출되지 않았습니다.",
        "reason_en": "The certificate of national tax payment was not submitted."})
    notice = DecisionNotice.objects.get(object_id=application.pk, kind=DecisionKind.APPLICATION_INELIGIBLE)
    assert notice.reasons_en == "The certificate of national tax payment was not submitted."
    client.force_login(application.applicant)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = words(download(client, reverse("applications:decision_notice", args=[application.pk])))
    assert "The certificate of national tax payment was not submitted." in english
    assert "The reasons were given in Korean only" not in english


def test_staff_edit_the_english_wording_beside_the_korean(client, staff):
    wording = DecisionWording.objects.get(kind=DecisionKind.APPLICATION_NOT_SELECTED)
    client.force_login(staff)
    page = client.get(reverse("admin:decisions_decisionwording_change", args=[wording.pk])).content.decode()
    assert 'name="translation_note_en"' in page and 'name="title_en"' in page and 'name="title"' in page
    assert wording.title_en == "Notice of the Result of Selection of Tenant Companies (Not Selected)"
    assert "the Korean notice prevails" in wording.translation_note_en  # seeded with the English defaults


def _not_selected_and_released(client, application, reasons: dict, django_capture_on_commit_callbacks):
    """Staff do not select the application on its page in the admin (the English reasons as given), then
    release the call's results: the notice is given then, from what was recorded with the decision."""
    from evaluations.services import call_release_results

    staff = StaffFactory()
    client.force_login(staff)
    url = f"/admin/applications/application/{application.pk}/workflow/not_select/"
    assert 'name="reason_en"' in client.get(url).content.decode()  # the English reasons may be given here
    assert client.post(url, reasons).status_code == 302
    assert not DecisionNotice.objects.filter(object_id=application.pk).exists()  # not before the release
    with django_capture_on_commit_callbacks(execute=True):
        call_release_results(call=application.call, actor=staff)
    return DecisionNotice.objects.get(object_id=application.pk, kind=DecisionKind.APPLICATION_NOT_SELECTED)


def test_a_non_selection_with_english_reasons_prints_them_on_the_english_notice_and_page(
        client, db, django_capture_on_commit_callbacks):
    application = SubmittedApplicationFactory(status=Status.STAGE1, company_name_en="Seocho Robotics Ltd.")
    notice = _not_selected_and_released(client, application, {
        "reason": "서면평가 합계 점수가 합격 기준(60점)에 미달하였습니다.",
        "reason_en": "The total of the written evaluation was below the pass mark (60 points)."},
        django_capture_on_commit_callbacks)
    assert notice.reasons == "서면평가 합계 점수가 합격 기준(60점)에 미달하였습니다."
    assert notice.reasons_en == "The total of the written evaluation was below the pass mark (60 points)."
    assert notice.pdf_path and notice.pdf_en_path

    client.force_login(application.applicant)
    url = reverse("applications:decision_notice", args=[application.pk])
    english = words(download(client, url, "en"))
    assert "The total of the written evaluation was below the pass mark (60 points)." in english
    assert "The reasons were given in Korean only" not in english and "합격 기준" not in english
    assert "Notice of the Result of Selection of Tenant Companies (Not Selected)" in english
    korean = words(download(client, url, "ko"))
    assert "서면평가 합계 점수가 합격 기준(60점)에 미달하였습니다." in korean and "pass mark" not in korean

    detail = reverse("applications:detail", args=[application.pk])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(detail).content.decode()
    assert "The total of the written evaluation was below the pass mark (60 points)." in page
    assert "given in Korean only" not in page and "합격 기준" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    page = client.get(detail).content.decode()
    assert "서면평가 합계 점수가 합격 기준(60점)에 미달하였습니다." in page and "pass mark" not in page


def test_a_non_selection_without_english_reasons_shows_the_korean_ones_with_a_note(
        client, db, django_capture_on_commit_callbacks):
    application = SubmittedApplicationFactory(status=Status.STAGE1)
    notice = _not_selected_and_released(client, application, {"reason": "발표평가 대상에 선정되지 않았습니다.",
                                                              "reason_en": ""}, django_capture_on_commit_callbacks)
    assert notice.reasons_en == ""
    staff_page = client.get(reverse("admin:decisions_decisionnotice_change", args=[notice.pk]),
                            HTTP_ACCEPT_LANGUAGE="en")
    assert "the English notice prints the Korean reasons" in staff_page.content.decode() \
        or "한국어 사유" in staff_page.content.decode()

    client.force_login(application.applicant)
    english = words(download(client, reverse("applications:decision_notice", args=[application.pk]), "en"))
    assert "발표평가 대상에 선정되지 않았습니다." in english and "The reasons were given in Korean only" in english
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "The reasons were given in Korean only:" in page
    assert '<p lang="ko" data-testid="decision-reasons">발표평가 대상에 선정되지 않았습니다.</p>' in page


def test_prepared_decisions_record_their_reasons_in_korean_and_english_whatever_the_admins_language(
        client, db, django_capture_on_commit_callbacks):
    from evaluations.services import call_decisions_apply, call_release_results

    application = SubmittedApplicationFactory(status=Status.STAGE1)  # left in stage 1: not shortlisted
    staff = StaffFactory()
    with translation.override("en"):  # staff working in the English admin
        (outcome,) = call_decisions_apply(call=application.call, actor=staff)
    assert outcome.ok
    change = application.transitions.get(name="not_select")
    assert (change.reason, change.reason_en) == ("발표평가 대상에 선정되지 않았습니다.",
                                                 "Not shortlisted for the presentation stage.")
    with django_capture_on_commit_callbacks(execute=True):
        call_release_results(call=application.call, actor=staff)
    notice = DecisionNotice.objects.get(object_id=application.pk, kind=DecisionKind.APPLICATION_NOT_SELECTED)
    assert (notice.reasons, notice.reasons_en) == (change.reason, change.reason_en)
    client.force_login(staff)  # staff read the English beside the reasons in the application's history
    page = client.get(reverse("admin:applications_application_change", args=[application.pk])).content.decode()
    assert "Not shortlisted for the presentation stage." in page
