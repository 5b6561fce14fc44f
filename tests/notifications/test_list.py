"""The notification center: titles in the reader's language, whatever it was when the notice was made."""

from django.db import transaction

from notifications.models import Notification
from notifications.services import notification_create
from tests.factories import UserFactory

KO = "서초AICT 우수기업센터 포털 시험 메시지"
EN = "Test message from the Seocho AICT Excellent Company Center portal"


def test_a_notice_made_in_korean_reads_in_english_after_the_reader_switches(client, db):
    user = UserFactory(preferred_language="ko")
    with transaction.atomic():
        notice = notification_create(recipient=user, template="portal/test_message", send_email=False)
    assert notice.title == KO  # stored in the language of the day
    client.force_login(user)
    assert KO in client.get("/notifications/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/notifications/"})
    page = client.get("/notifications/").content.decode()
    assert EN in page and KO not in page


def test_a_notice_whose_template_is_gone_keeps_its_stored_title(client, db):
    user = UserFactory(preferred_language="en")
    Notification.objects.create(recipient=user, email=user.email, language="ko", template="no/longer/here",
                                title="예전 알림 제목", email_status="none")
    client.force_login(user)
    response = client.get("/notifications/")
    assert response.status_code == 200
    assert "예전 알림 제목" in response.content.decode()
