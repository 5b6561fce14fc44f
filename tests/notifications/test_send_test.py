"""The staff page that sends a test notification through the real e-mail path."""

from django.core import mail

from accounts.roles import Role
from notifications.models import Notification
from tests.factories import UserFactory

URL = "/notifications/test/"


def test_staff_send_themselves_a_test_notification(client, db, django_capture_on_commit_callbacks):
    staff = UserFactory(role=Role.DISTRICT_STAFF, preferred_language="en")
    client.force_login(staff)
    assert "Send me a test notification" in client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, follow=True)
    assert response.redirect_chain == [(URL, 302)]
    assert Notification.objects.get(recipient=staff).template == "portal/test_message"
    assert mail.outbox[0].to == [staff.email]


def test_others_may_not_send_test_notifications(client, db):
    assert client.post(URL).status_code == 302  # to the login page
    client.force_login(UserFactory(role=Role.APPLICANT))
    assert client.get(URL).status_code == 403
    assert client.post(URL).status_code == 403
    assert not Notification.objects.exists()
