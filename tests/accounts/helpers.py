"""Helpers of the accounts tests: sign-up data and links found in sent e-mails."""

import re

from django.core import mail

from tests.factories import PASSWORD


def signup_data(**overrides) -> dict:
    data = {
        "email": "founder@startup.kr",
        "name": "김창업",
        "phone": "010 1234 5678",
        "preferred_language": "ko",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "consent_personal_data": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def link_in_mail(message, marker: str) -> str:
    """The site-relative path of the first link in `message` containing `marker`."""
    match = re.search(r"https?://[^/\s]+([^\s]*?" + re.escape(marker) + r"\S*)", message.body)
    assert match, message.body
    return match.group(1)


def mails_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


def without_csrf(html: str) -> str:
    """The page with its per-request CSRF token masked, to compare two answers."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', html)
