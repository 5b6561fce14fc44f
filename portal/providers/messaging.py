"""The interface of a KakaoTalk 알림톡 and SMS provider, chosen by the setting MESSAGING_PROVIDER.

The messaging app calls only what is declared here, never a provider's SDK. To add a provider (solapi, say):
a module in this package with a class like `PopbillMessenger` (portal/providers/popbill_kakao.py) and its
dotted path in `MESSENGERS`.

A messenger has:
- `available() -> str`: "" when it can send, else why not (shown to staff; the portal runs without it);
- `send_alimtalk(message: Alimtalk) -> str`: hand one 알림톡 to the provider; returns its receipt number.
  With `message.fallback_text` set, the provider itself sends that text by SMS (LMS when long) when
  KakaoTalk cannot deliver it; the portal never sends a second fallback of its own;
- `alimtalk_report(request_number: str) -> Report | None`: what became of the 알림톡 the portal asked for
  under `request_number` (None when the provider has no such request: it never arrived);
- `send_sms(request_number: str, receiver: str, text: str) -> str`: one text message (the verification
  codes); returns the receipt number;
- `send_lms(message: TextMessage) -> str`: one long text message with a subject (a group message to the users
  who chose text messages); returns the receipt number;
- `text_report(request_number: str) -> Report | None`: what became of the text message asked for under
  `request_number` ("sent", "failed" or "pending"; None when the provider has no such request).

Transient failures (the network, the provider's server) raise `MessengerUnavailable`, worth another attempt;
refusals raise `MessengerRefused` with the provider's code and message.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

MESSENGERS = {
    "popbill": "portal.providers.popbill_kakao.PopbillMessenger",
}


class MessengerUnavailable(Exception):
    """The provider could not be reached or answered with a server error."""


class MessengerRefused(Exception):
    """The provider refused the request: the same request would be refused again."""

    def __init__(self, message: str, code: int | str = ""):
        super().__init__(message)
        self.message, self.code = message, code


@dataclass(frozen=True)
class Alimtalk:
    request_number: str  # the portal's own key of the message: the provider refuses to take it twice
    template_code: str  # the code the provider gave the approved template
    receiver: str  # digits only
    receiver_name: str
    text: str  # the approved template with its variables filled in
    fallback_text: str = ""  # sent by SMS/LMS when KakaoTalk cannot deliver; "" for no fallback


@dataclass(frozen=True)
class TextMessage:
    request_number: str  # the portal's own key of the message: the provider refuses to take it twice
    receiver: str  # digits only
    receiver_name: str
    subject: str
    text: str
    advertising: bool = False  # the provider marks it as advertising (광고); the text begins with "(광고)"


@dataclass(frozen=True)
class Report:
    state: str  # "pending", "sent" (by KakaoTalk, or the text message), "fell_back" (SMS instead) or "failed"
    code: str = ""  # the provider's result code of the 알림톡
    fallback_code: str = ""  # the result code of the fallback SMS, when there was one
    message: str = ""


def messenger_get(name: str | None = None):
    name = name or settings.MESSAGING_PROVIDER
    if name not in MESSENGERS:
        raise MessengerRefused(f"Unknown messaging provider {name!r}; choose one of {sorted(MESSENGERS)}.")
    return import_string(MESSENGERS[name])()
