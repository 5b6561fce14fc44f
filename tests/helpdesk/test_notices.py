"""Notices (공지사항): safe Markdown, visibility by publish and unpublish times, search, paging, "new" marks,
the home page's latest three and the public cache."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications import public_cache
from helpdesk.forms import NoticeAttachmentForm
from helpdesk.markdown import render_markdown
from helpdesk.models import Notice
from tests.factories import NoticeFactory
from tests.samples import pdf_bytes

pytestmark = pytest.mark.django_db

HOSTILE = """# 안내
<script>alert('x')</script>
[눌러 주십시오](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=)
<a href="javascript:alert(2)">링크</a> <img src=x onerror="alert(3)"> <p onclick="alert(4)">문단</p>
<iframe src="https://evil.example"></iframe> <svg onload=alert(5)>
[정상 링크](https://www.seocho.go.kr/) **굵게**
"""

TAG_WITH_EVENT = re.compile(r"<[a-z][^<>]*\son[a-z]+\s*=", re.IGNORECASE)


def _page(client, path, language=None):
    headers = {"HTTP_COOKIE": f"portal_language={language}"} if language else {}
    response = client.get(path, **headers)
    return response.status_code, response.content.decode()


def _assert_safe(html: str) -> None:
    assert "<script>alert" not in html
    # In a real tag (text shows "<" as "&lt;"), no script link and no event attribute.
    assert not re.search(r"""<[a-z][^<>]*\s(href|src)\s*=\s*["']?\s*(javascript|data):""", html, re.IGNORECASE)
    assert not TAG_WITH_EVENT.search(html)
    assert "<iframe" not in html and "<img" not in html and "<svg" not in html


@pytest.mark.parametrize("language", ["ko", "en"])
def test_a_hostile_body_renders_as_harmless_text_and_safe_formatting(client, language):
    notice = NoticeFactory(title_ko="<b>제목</b>", title_en="<b>제목</b>", body_ko=HOSTILE, body_en=HOSTILE)

    status, html = _page(client, f"/notices/{notice.pk}/", language)

    assert status == 200
    body = html[html.index('class="notice-body') : html.index("</article>")]
    _assert_safe(body)
    assert "&lt;script&gt;" in body  # shown as text, not run
    assert '<a href="https://www.seocho.go.kr/" rel="noopener noreferrer nofollow">정상 링크</a>' in body
    assert "<strong>굵게</strong>" in body and "<h3>안내</h3>" in body
    assert "&lt;b&gt;제목&lt;/b&gt;" in html


def test_the_renderer_keeps_only_its_subset_whatever_the_input():
    for source in (HOSTILE, "[x](JaVaScRiPt:alert(1))", "**<script>**", "[a](/notices/) *b*\n- c\n1. d"):
        _assert_safe(str(render_markdown(source)))
    assert str(render_markdown("[목록](/notices/)")) == (
        '<p><a href="/notices/" rel="noopener noreferrer nofollow">목록</a></p>'
    )


def test_links_go_only_to_web_and_mail_addresses_and_the_sites_own_pages():
    html = str(
        render_markdown(
            "[밖](//evil.example/) [파일](file:///etc/passwd) [메일](mailto:ai@seocho.go.kr)\n"
            "공고: https://www.seocho.go.kr/ 참고"
        )
    )

    assert html == (
        "<p>[밖](//evil.example/) [파일](file:///etc/passwd) "
        '<a href="mailto:ai@seocho.go.kr" rel="noopener noreferrer nofollow">메일</a><br>\n'
        '공고: <a href="https://www.seocho.go.kr/" rel="noopener noreferrer nofollow">https://www.seocho.go.kr/</a>'
        " 참고</p>"
    )


def _hidden_notices():
    now = timezone.now()
    return {
        "draft": NoticeFactory(title_ko="초안 공지", publish_at=None),
        "future": NoticeFactory(title_ko="예약 공지", publish_at=now + datetime.timedelta(hours=1)),
        "ended": NoticeFactory(
            title_ko="지난 공지",
            publish_at=now - datetime.timedelta(days=3),
            unpublish_at=now - datetime.timedelta(minutes=1),
        ),
    }


def _cached_texts() -> list[str]:
    texts = []
    for key in list(public_cache._local):
        for value in (public_cache._local[key], cache.get(key)):
            if value:
                texts.append(value["content"] if isinstance(value, dict) else str(value))
    return texts


def test_unpublished_future_and_ended_notices_are_invisible_and_never_cached(client):
    NoticeFactory(title_ko="보이는 공지")
    hidden = _hidden_notices()

    for path in ("/", "/notices/", "/notices/?page=1", "/notices/?category=general"):
        status, html = _page(client, path)
        assert status == 200 and "보이는 공지" in html
        for notice in hidden.values():
            assert notice.title_ko not in html
    for notice in hidden.values():
        assert _page(client, f"/notices/{notice.pk}/")[0] == 404
        found = _page(client, f"/notices/?q={notice.title_ko}")[1]
        assert notice.title_ko not in found[found.index('data-testid="notices"') :]
    texts = _cached_texts()
    assert texts and any("보이는 공지" in text for text in texts)
    for notice in hidden.values():
        assert not any(notice.title_ko in text for text in texts)


def test_a_scheduled_notice_appears_at_its_moment_and_goes_at_its_end(client, monkeypatch):
    now = timezone.now()
    notice = NoticeFactory(
        title_ko="예약 공지",
        publish_at=now + datetime.timedelta(hours=1),
        unpublish_at=now + datetime.timedelta(hours=2),
    )
    assert "예약 공지" not in _page(client, "/notices/")[1]
    assert "예약 공지" not in _page(client, "/")[1]

    monkeypatch.setattr(timezone, "now", lambda: notice.publish_at + datetime.timedelta(seconds=1))
    assert "예약 공지" in _page(client, "/notices/")[1]
    assert "예약 공지" in _page(client, "/")[1]
    assert _page(client, f"/notices/{notice.pk}/")[0] == 200

    monkeypatch.setattr(timezone, "now", lambda: notice.unpublish_at + datetime.timedelta(seconds=1))
    assert "예약 공지" not in _page(client, "/notices/")[1]
    assert _page(client, f"/notices/{notice.pk}/")[0] == 404


def test_an_edit_or_an_unpublication_shows_at_once(client):
    notice = NoticeFactory(title_ko="처음 제목")
    assert "처음 제목" in _page(client, "/notices/")[1]
    notice.title_ko = "고친 제목"
    notice.save()
    assert "고친 제목" in _page(client, "/notices/")[1]
    assert "고친 제목" in _page(client, f"/notices/{notice.pk}/")[1]
    notice.publish_at = None
    notice.save()
    assert "고친 제목" not in _page(client, "/notices/")[1]
    assert _page(client, f"/notices/{notice.pk}/")[0] == 404


def test_the_home_page_shows_the_latest_three_notices(client):
    now = timezone.now()
    for day in range(5):
        NoticeFactory(title_ko=f"공지 {day}일 전", publish_at=now - datetime.timedelta(days=day, minutes=1))
    html = _page(client, "/")[1]
    section = html[html.index('data-testid="home-notices"') :]
    assert [f"공지 {day}일 전" in section for day in range(5)] == [True, True, True, False, False]


def test_new_marks_pinned_first_search_and_paging(client, settings, monkeypatch):
    settings.HELPDESK_NOTICES_PER_PAGE = 2
    now = timezone.now()
    old = NoticeFactory(title_ko="오래된 고정 공지", pinned=True, publish_at=now - datetime.timedelta(days=30))
    NoticeFactory(title_ko="새 임대료 안내", publish_at=now - datetime.timedelta(days=1), category="tenants")
    NoticeFactory(title_ko="회의실 점검", body_ko="회의실 정기 점검 안내", publish_at=now - datetime.timedelta(days=2))

    html = _page(client, "/notices/")[1]
    rows = html[html.index('data-testid="notices"') :]
    assert rows.index("오래된 고정 공지") < rows.index("새 임대료 안내")
    assert rows.count('data-testid="new-mark"') == 1  # the pinned one is 30 days old
    assert "회의실 점검" not in rows and 'href="?page=2"' in html
    assert "회의실 점검" in _page(client, "/notices/?page=2")[1]
    assert "회의실 점검" in _page(client, "/notices/?q=정기+점검")[1]
    assert "새 임대료 안내" not in _page(client, "/notices/?q=정기+점검")[1]
    assert "새 임대료 안내" in _page(client, "/notices/?category=tenants")[1]
    assert "회의실 점검" not in _page(client, "/notices/?category=tenants")[1]

    # The "new" mark ends at its moment, with no change to the data.
    monkeypatch.setattr(timezone, "now", lambda: now + datetime.timedelta(days=7))
    assert 'data-testid="new-mark"' not in _page(client, "/notices/")[1]
    assert old.pk


def test_notice_attachments_are_checked_by_content_and_served_only_while_visible(client):
    notice = NoticeFactory()
    fake = NoticeAttachmentForm(data={}, files={"file": SimpleUploadedFile("notice.pdf", b"MZ\x90\x00 not a pdf")})
    assert not fake.is_valid() and "file" in fake.errors
    form = NoticeAttachmentForm(data={}, files={"file": SimpleUploadedFile("모집 공고.pdf", pdf_bytes())})
    assert form.is_valid(), form.errors
    form.instance.notice = notice
    attachment = form.save()
    assert attachment.name == "모집 공고.pdf" and attachment.size > 0

    response = client.get(f"/notices/{notice.pk}/files/{attachment.pk}/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert "모집 공고.pdf" in _page(client, f"/notices/{notice.pk}/")[1]
    Notice.objects.filter(pk=notice.pk).update(publish_at=None)
    assert client.get(f"/notices/{notice.pk}/files/{attachment.pk}/").status_code == 404


def _admin_notice_post(upload) -> dict:
    return {
        "category": "calls",
        "title_ko": "모집 공고",
        "title_en": "",
        "body_ko": "공고문을 첨부합니다.",
        "body_en": "",
        "publish_at_0": "2026-12-01",
        "publish_at_1": "09:00:00",
        "unpublish_at_0": "",
        "unpublish_at_1": "",
        "attachments-TOTAL_FORMS": "1",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        "attachments-0-file": upload,
    }


def test_staff_write_a_notice_in_the_admin_with_an_hwp_in_korea_time_and_a_fake_file_is_refused(client):
    from tests.factories import PASSWORD, StaffFactory
    from tests.samples import hwp_bytes

    staff = StaffFactory()
    assert client.login(username=staff.email, password=PASSWORD)

    refused = client.post(
        "/admin/helpdesk/notice/add/", _admin_notice_post(SimpleUploadedFile("공고문.hwp", b"%PDF-1.4 a pdf named hwp"))
    )
    assert refused.status_code == 200 and not Notice.objects.exists()

    response = client.post(
        "/admin/helpdesk/notice/add/", _admin_notice_post(SimpleUploadedFile("공고문.hwp", hwp_bytes()))
    )
    assert response.status_code == 302
    notice = Notice.objects.get()
    assert notice.publish_at == datetime.datetime(2026, 12, 1, 0, 0, tzinfo=datetime.UTC)  # 09:00 KST
    assert notice.created_by == staff and notice.attachments.get().name == "공고문.hwp"
