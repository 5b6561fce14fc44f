"""The verification e-mail travels through the real outbox: worker process, Redis, SMTP."""

import re

import pytest

from accounts.models import User
from tests.accounts.helpers import signup_data
from tests.factories import PASSWORD
from tests.services import wait_for


@pytest.mark.worker
def test_signup_mail_reaches_the_mailbox_and_its_link_verifies(client, celery_worker, smtp):
    response = client.post("/accounts/signup/", signup_data(email="ceo@startup.kr", preferred_language="en"))
    assert response.status_code == 302
    wait_for(lambda: smtp.messages, timeout=30)
    message = smtp.messages[0]
    assert message["To"] == "ceo@startup.kr"
    assert message["Subject"] == "Verify your e-mail address"
    body = message.get_body(preferencelist=("plain",)).get_content()
    path = re.search(r"https?://[^/\s]+(/accounts/verify/\S+)", body).group(1)
    client.get(path)
    assert User.objects.get(email="ceo@startup.kr").email_verified_at is not None
    assert client.post("/accounts/login/", {"username": "ceo@startup.kr", "password": PASSWORD}).status_code == 302
