"""The privacy policy (PIPA §30) and the terms of use: written from the registry, published as versions
that stay readable, linked from every page's footer."""

import datetime

import pytest
from django.utils import timezone
from django.utils.html import escape

from privacy.models import PolicyKind, PolicyVersion
from privacy.registry import files
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def _version(**kwargs) -> PolicyVersion:
    defaults = {"kind": PolicyKind.PRIVACY, "version": "1.0", "effective_on": datetime.date(2026, 1, 1),
                "officer_name": "김보호", "officer_title": "양재AI특구추진단장", "officer_phone": "02-2155-7000",
                "department_ko": "기업지원팀", "department_en": "Company Support Team", "changes_ko": "최초 제정"}
    return PolicyVersion.objects.create(**{**defaults, **kwargs})


def _publish(client, *versions):
    return client.post("/admin/privacy/policyversion/", {
        "action": "publish", "_selected_action": [v.pk for v in versions],
    }, follow=True)


def test_the_policy_lists_every_personal_data_file_before_anything_is_published(client):
    page = client.get("/privacy/").content.decode()
    assert "<h1" in page and "개인정보처리방침" in page
    for file in files():
        assert escape(str(file.name)) in page and f'data-file="{file.key}"' in page
    assert "118" in page and "개인정보분쟁조정위원회" in page
    assert 'href="/accounts/profile/my-data/"' in page and 'href="/accounts/profile/delete/"' in page
    assert "아직 게시된 판이 없습니다." in page
    assert client.get("/terms/").status_code == 200


def test_a_published_version_keeps_its_text_and_stays_readable(client):
    staff = StaffFactory()
    client.force_login(staff)
    first = _version()
    response = _publish(client, first)
    assert "게시되었습니다" in response.content.decode()
    first.refresh_from_db()
    assert first.published_by == staff and "김보호" in first.rendered_ko and "Company Support Team" in first.rendered_en

    # A published version is read-only: publishing it again is refused and changes nothing.
    response = _publish(client, first)
    assert "이미 게시된 판입니다" in response.content.decode()

    second = _version(version="2.0", effective_on=timezone.localdate(), officer_name="이담당",
                      changes_ko="보호책임자 변경")
    _publish(client, second)
    client.logout()

    current = client.get("/privacy/").content.decode()
    assert "이담당" in current and "김보호" not in current
    assert "보호책임자 변경" in current
    assert 'href="/privacy/versions/1.0/"' in current and 'href="/privacy/versions/2.0/"' in current

    earlier = client.get("/privacy/versions/1.0/").content.decode()
    assert "김보호" in earlier and "이담당" not in earlier
    assert "시행 중인 판이 아닙니다" in earlier
    assert client.get("/privacy/versions/9.9/").status_code == 404


def test_a_version_announced_for_later_does_not_replace_the_one_in_force(client):
    client.force_login(StaffFactory())
    _publish(client, _version(), _version(version="2.0", officer_name="이담당",
                                          effective_on=timezone.localdate() + datetime.timedelta(days=7)))
    client.logout()
    page = client.get("/privacy/").content.decode()
    assert "김보호" in page and "이담당" not in page
    assert "예고" in page


def test_the_policy_in_english(client):
    client.cookies["django_language"] = "en"
    page = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Privacy policy" in page
    assert "Personal Information Dispute Mediation Committee" in page
    for file in files():
        assert escape(str(file.name)) in page


def test_the_terms_are_versioned_too(client):
    client.force_login(StaffFactory())
    _publish(client, _version(kind=PolicyKind.TERMS, body_ko="제1조(목적) 이 약관은", body_en="Article 1 (Purpose)"))
    client.logout()
    page = client.get("/terms/").content.decode()
    assert "이용약관" in page and "제1조(목적) 이 약관은" in page
    assert client.get("/terms/versions/1.0/").status_code == 200


@pytest.mark.parametrize("path", ["/", "/calls/", "/privacy/", "/accounts/login/", "/no-such-page/"])
def test_every_page_links_the_policy_in_its_footer_emphasised(client, path):
    page = client.get(path).content.decode()
    footer = page[page.index("<footer"):]
    assert '<a href="/privacy/" class="footer-privacy">개인정보처리방침</a>' in footer
    assert 'href="/terms/"' in footer and "이용약관" in footer


def test_the_demo_publishes_both(client):
    from io import StringIO

    from django.core.management import call_command

    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    assert PolicyVersion.objects.filter(published_at__isnull=False).count() == 2
    assert "privacy@seocho.go.kr" in client.get("/privacy/").content.decode()


def test_a_published_page_is_served_as_stored_in_few_queries(client, django_assert_max_num_queries, monkeypatch):
    from privacy import policy

    client.force_login(StaffFactory())
    _publish(client, _version(), _version(version="0.9", effective_on=datetime.date(2025, 6, 1)))
    client.logout()

    def no_rendering(**kwargs):
        raise AssertionError("a published version is not rendered again")

    monkeypatch.setattr(policy, "policy_render", no_rendering)
    monkeypatch.setattr("privacy.views.policy_render", no_rendering)
    # The versions, the stored page in the reader's language, and the shared public-page cache's reading of the
    # calls' and the notices' moments (once per version of the public data); then nothing until it changes.
    with django_assert_max_num_queries(4):
        assert "김보호" in client.get("/privacy/").content.decode()
    with django_assert_max_num_queries(0):
        assert "김보호" in client.get("/privacy/").content.decode()
