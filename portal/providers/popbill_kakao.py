"""Popbill's KakaoTalk (KakaoService) and text-message (MessageService) services as a messenger
(portal/providers/messaging.py). The SDK's services come from portal/providers/popbill.py, with the same
credentials as the tax invoices and the account inquiry; the sender number (발신번호) is POPBILL_SENDER_NUMBER,
registered with Popbill beforehand.

- A 알림톡 is `sendATS` (the Python SDK's single send; other SDKs call it sendATS_one) with the text of the
  approved template filled in, our request number (`RequestNum`, 1–36 characters, unique per Popbill
  member), and `AltSendType` "A" with the fallback text, or "" for no fallback;
- what became of it is `getMessagesRN(request number)`: `msgs[0].state` 3 when done, `result` the KakaoTalk
  result code, `altResult` the fallback SMS's result code when Popbill sent one;
- a verification code is `MessageService.sendSMS`; a group message to a user who chose text messages is
  `MessageService.sendLMS` (subject and text, `adsYN` for advertising, our request number), and what became of it
  `MessageService.getMessagesRN(request number)`: `state` 3 when done, `result` the carrier's result code.

The result codes of success (KakaoTalk 1000, SMS 100) are Popbill's tables as we read them (*confirm* with
Popbill's current code list before going live; they are constants here, asserted by the fake).
"""

from __future__ import annotations

import http.client
import socket

from django.conf import settings
from django.utils.translation import gettext as _

from .messaging import Alimtalk, MessengerRefused, MessengerUnavailable, Report, TextMessage
from .popbill import popbill_configured, popbill_service

NETWORK_ERRORS = (OSError, socket.timeout, http.client.HTTPException)
STATE_DONE = 3  # 0 received, 1 waiting, 2 being processed, 3 done, 4 cancelled
STATE_CANCELLED = 4
KAKAO_SUCCESS = {1000}
SMS_SUCCESS = {100}
ALT_SEND_TEXT = "A"  # the fallback sends altContent; "C" would send the 알림톡's own text


def _digits(text: str) -> str:
    return "".join(ch for ch in text or "" if ch.isdigit())


def _call(function, *args, **kwargs):
    from popbill import PopbillException

    try:
        return function(*args, **kwargs)
    except PopbillException as exc:
        raise MessengerRefused(str(exc.message), code=exc.code) from exc
    except NETWORK_ERRORS as exc:
        raise MessengerUnavailable(f"Popbill unreachable: {exc}") from exc


def _code(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class PopbillMessenger:
    name = "popbill"

    def available(self) -> str:
        if not popbill_configured():
            return _("KakaoTalk and text messages are off: POPBILL_LINK_ID, POPBILL_SECRET_KEY and "
                     "POPBILL_CORP_NUM are not set.")
        if not _digits(settings.POPBILL_SENDER_NUMBER):
            return _("KakaoTalk and text messages are off: POPBILL_SENDER_NUMBER (the sender number "
                     "registered with Popbill) is not set.")
        return ""

    def _service(self, name: str):
        import popbill

        if self.available():
            raise MessengerRefused(self.available(), code="off")
        return popbill_service(getattr(popbill, name))

    @property
    def _corp(self) -> str:
        return _digits(settings.POPBILL_CORP_NUM)

    def send_alimtalk(self, message: Alimtalk) -> str:
        service = self._service("KakaoService")
        return str(_call(
            service.sendATS, self._corp, message.template_code, _digits(settings.POPBILL_SENDER_NUMBER),
            message.text, message.fallback_text, ALT_SEND_TEXT if message.fallback_text else "", "",
            _digits(message.receiver), message.receiver_name, RequestNum=message.request_number,
        ))

    def _sent(self, service_name: str, request_number: str):
        """What Popbill sent under our request number (`getMessagesRN`), or None when it knows no such request:
        it never arrived."""
        try:
            return _call(self._service(service_name).getMessagesRN, self._corp, request_number)
        except MessengerRefused:
            return None

    def alimtalk_report(self, request_number: str) -> Report | None:
        info = self._sent("KakaoService", request_number)
        if info is None:
            return None
        detail = (getattr(info, "msgs", None) or [None])[0]
        if detail is None:
            return Report("pending")
        state, result, alt = _code(detail.state), _code(detail.result), _code(detail.altResult)
        codes = {"code": "" if result is None else str(result), "fallback_code": "" if alt is None else str(alt)}
        if state == STATE_CANCELLED:
            return Report("failed", message="cancelled", **codes)
        if state != STATE_DONE:
            return Report("pending", **codes)
        if result in KAKAO_SUCCESS:
            return Report("sent", **codes)
        if alt in SMS_SUCCESS:
            return Report("fell_back", **codes)
        if getattr(info, "altSendType", "") and alt is None:
            return Report("pending", **codes)  # KakaoTalk failed; the fallback's result is not in yet
        return Report("failed", **codes)

    def send_sms(self, request_number: str, receiver: str, text: str) -> str:
        service = self._service("MessageService")
        return str(_call(
            service.sendSMS, self._corp, _digits(settings.POPBILL_SENDER_NUMBER), _digits(receiver), "", text, "",
            RequestNum=request_number,
        ))

    def send_lms(self, message: TextMessage) -> str:
        service = self._service("MessageService")
        return str(_call(
            service.sendLMS, self._corp, _digits(settings.POPBILL_SENDER_NUMBER), _digits(message.receiver),
            message.receiver_name, message.subject, message.text, "", message.advertising,
            RequestNum=message.request_number,
        ))

    def text_report(self, request_number: str) -> Report | None:
        info = self._sent("MessageService", request_number)
        if info is None:
            return None
        detail = (info or [None])[0] if isinstance(info, list) else info
        if detail is None:
            return Report("pending")
        state, result = _code(getattr(detail, "state", None)), _code(getattr(detail, "result", None))
        codes = {"code": "" if result is None else str(result)}
        if state == STATE_CANCELLED:
            return Report("failed", message="cancelled", **codes)
        if state != STATE_DONE:
            return Report("pending", **codes)
        return Report("sent" if result in SMS_SUCCESS else "failed", **codes)
