"""Popbill's KakaoTalk and text-message endpoints for the loopback fake (tests/fakes/popbill.py), at the paths
and with the JSON the SDK's `KakaoService` and `MessageService` use:

- ``POST /ATS`` (sendATS, sendATS_multi, sendATS_same): ``templateCode``, ``snd``, ``altSendType`` ("" none,
  "A" the receiver's ``altmsg``, "C" the 알림톡's own text), ``sndDT``, ``requestnum`` and ``msgs`` (``rcv``,
  ``rcvnm``, ``msg``, ``altmsg``, ...); answers ``{"receiptNum": ...}``. Like Popbill, it refuses a template code
  it does not know and a request number used before; a text that does not fit its approved template is
  accepted and then fails (KakaoTalk's 3016);
- ``GET /KakaoTalk/Get/<requestNum>`` (getMessagesRN) and ``GET /KakaoTalk/<receiptNum>`` (getMessages): the
  sent info with ``altSendType`` and ``msgs`` (``state`` 3 done, ``result`` 1000 delivered or KakaoTalk's
  failure code, ``altResult`` 100 when the fallback SMS was delivered, ``altContentType``, ...);
- ``POST /SMS`` (sendSMS, sendSMS_multi): ``snd``, ``content``, ``requestnum``, ``msgs`` (``rcv``, ``msg``);
- ``POST /LMS`` (sendLMS): the same with ``subject`` and each message's ``sjt``, and ``adsYN`` for advertising
  (whose text must then begin with "(광고)", or the fake refuses it as the law would have it); each in `lms`;
- ``GET /Message/Get/<requestNum>`` (MessageService.getMessagesRN): a list of sent messages (``state`` 3 done,
  ``result`` 100 delivered).

The approved templates are `templates` (code → text with #{variables}); a 알림톡 to a number in `undeliverable`
fails with that KakaoTalk code (3018: the receiver cannot get KakaoTalk), and Popbill then sends the fallback
itself when one was asked for: each fallback it sent is in `fallback_sms`, each 알림톡 in `alimtalk` with the
variables read back from its text, each plain SMS in `sms`.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from .popbill import PopbillFake, Request

KAKAO_DELIVERED, KAKAO_TEMPLATE_MISMATCH = 1000, 3016
SMS_DELIVERED = 100
_receipts = itertools.count(1)


def _receipt() -> str:
    return f"0261225{next(_receipts):011d}"


def template_read(template: str, text: str) -> dict[str, str] | None:
    """The variables that fill `template` (#{name} placeholders) to give `text`, or None when it does not fit."""
    names: list[str] = []

    def group(match: re.Match) -> str:
        names.append(match.group(1))
        return f"(?P<v{len(names) - 1}>.+?)"

    pattern = re.sub(r"\\#\\\{([^{}]+?)\\\}", group, re.escape(template))
    match = re.fullmatch(pattern, text, flags=re.DOTALL)
    if match is None:
        return None
    return {name: match.group(f"v{i}") for i, name in enumerate(names)}


@dataclass
class Sent:
    template_code: str
    receiver: str
    receiver_name: str
    text: str
    variables: dict | None
    alt_send_type: str
    alt_text: str
    request_number: str
    receipt_number: str
    result: int
    alt_result: int | None


@dataclass
class KakaoApi:
    fake: PopbillFake
    templates: dict[str, str] = field(default_factory=dict)
    undeliverable: dict[str, int] = field(default_factory=dict)
    alimtalk: list[Sent] = field(default_factory=list)
    fallback_sms: list[dict] = field(default_factory=list)
    sms: list[dict] = field(default_factory=list)
    lms: list[dict] = field(default_factory=list)
    request_numbers: set[str] = field(default_factory=set)

    def install(self) -> KakaoApi:
        self.fake.route("POST", r"/ATS", self._send_ats)
        self.fake.route("GET", r"/KakaoTalk/Get/(?P<request>[A-Za-z0-9_-]+)", self._by_request)
        self.fake.route("GET", r"/KakaoTalk/(?P<receipt>\d{18})", self._by_receipt)
        self.fake.route("POST", r"/SMS", self._send_sms)
        self.fake.route("POST", r"/LMS", self._send_lms)
        self.fake.route("GET", r"/Message/Get/(?P<request>[A-Za-z0-9_-]+)", self._texts_by_request)
        return self

    def _refusal(self, body: dict) -> tuple[int, dict] | None:
        """What Popbill checks of every send: a sender number, and a request number not used before."""
        if not body.get("snd"):
            return 400, {"code": -99999999, "message": "발신번호가 입력되지 않았습니다."}
        number = body.get("requestnum") or ""
        if number:
            if not re.fullmatch(r"[A-Za-z0-9_-]{1,36}", number):
                return 400, {"code": -99999999, "message": "요청번호가 올바르지 않습니다."}
            if number in self.request_numbers:
                return 400, {"code": -99999999, "message": "이미 사용중인 요청번호입니다."}
            self.request_numbers.add(number)
        return None

    def _send_ats(self, request: Request):
        body = request.json()
        code = body.get("templateCode") or ""
        if code not in self.templates:
            return 400, {"code": -99999999, "message": "승인된 템플릿이 아닙니다."}
        refused = self._refusal(body)
        if refused:
            return refused
        receipt = _receipt()
        alt_type = body.get("altSendType") or ""
        for msg in body.get("msgs") or []:
            text = msg.get("msg") or body.get("content") or ""
            variables = template_read(self.templates[code], text)
            result = KAKAO_TEMPLATE_MISMATCH if variables is None else self.undeliverable.get(
                msg["rcv"], KAKAO_DELIVERED)
            alt_result = None
            alt_text = (msg.get("altmsg") or body.get("altContent") or "") if alt_type == "A" else text
            if result != KAKAO_DELIVERED and alt_type in ("A", "C"):
                self.fallback_sms.append({"receiver": msg["rcv"], "text": alt_text, "receipt": receipt})
                alt_result = SMS_DELIVERED
            self.alimtalk.append(Sent(
                template_code=code, receiver=msg["rcv"], receiver_name=msg.get("rcvnm") or "", text=text,
                variables=variables, alt_send_type=alt_type, alt_text=alt_text if alt_type else "",
                request_number=body.get("requestnum") or "", receipt_number=receipt, result=result,
                alt_result=alt_result))
        return 200, {"receiptNum": receipt}

    def _info(self, sent: list[Sent]):
        if not sent:
            return 400, {"code": -99999999, "message": "해당 전송내역이 존재하지 않습니다."}
        first = sent[0]
        return 200, {
            "contentType": "ATS", "templateCode": first.template_code, "sendNum": "",
            "altSendType": first.alt_send_type,
            "sendCnt": str(len(sent)), "successCnt": str(sum(s.result == KAKAO_DELIVERED for s in sent)),
            "failCnt": str(sum(s.result != KAKAO_DELIVERED for s in sent)),
            "altCnt": str(sum(s.alt_result is not None for s in sent)), "cancelCnt": "0",
            "msgs": [{
                "state": 3, "sendDT": "20261225090000", "result": s.result, "resultDT": "20261225090001",
                "contentType": "ATS", "receiveNum": s.receiver, "receiveName": s.receiver_name, "content": s.text,
                "altContent": s.alt_text, "altContentType": None if s.alt_result is None else 1,
                "altSendDT": "" if s.alt_result is None else "20261225090002", "altResult": s.alt_result,
                "altResultDT": "" if s.alt_result is None else "20261225090003", "receiptNum": s.receipt_number,
                "requestNum": s.request_number, "interOPRefKey": "",
            } for s in sent],
        }

    def _by_request(self, request: Request):
        return self._info([s for s in self.alimtalk if s.request_number == request.match["request"]])

    def _by_receipt(self, request: Request):
        return self._info([s for s in self.alimtalk if s.receipt_number == request.match["receipt"]])

    def _send_sms(self, request: Request):
        body = request.json()
        refused = self._refusal(body)
        if refused:
            return refused
        receipt = _receipt()
        for msg in body.get("msgs") or []:
            self.sms.append({"receiver": msg["rcv"], "text": msg.get("msg") or body.get("content") or "",
                             "request_number": body.get("requestnum") or "", "receipt": receipt})
        return 200, {"receiptNum": receipt}

    def _send_lms(self, request: Request):
        body = request.json()
        refused = self._refusal(body)
        if refused:
            return refused
        advertising = bool(body.get("adsYN"))
        receipt = _receipt()
        for msg in body.get("msgs") or []:
            text = msg.get("msg") or body.get("content") or ""
            if advertising and not text.startswith("(광고)"):
                return 400, {"code": -99999999, "message": "광고 문자는 (광고)로 시작해야 합니다."}
            self.lms.append({"receiver": msg["rcv"], "receiver_name": msg.get("rcvnm") or "",
                             "subject": msg.get("sjt") or body.get("subject") or "", "text": text,
                             "advertising": advertising, "request_number": body.get("requestnum") or "",
                             "receipt": receipt})
        return 200, {"receiptNum": receipt}

    def _texts_by_request(self, request: Request):
        number = request.match["request"]
        sent = [m for m in self.sms + self.lms if m["request_number"] == number]
        if not sent:
            return 400, {"code": -99999999, "message": "해당 전송내역이 존재하지 않습니다."}
        return 200, [{"state": 3, "result": SMS_DELIVERED, "type": "LMS" if "subject" in m else "SMS",
                      "receiveNum": m["receiver"], "content": m["text"], "subject": m.get("subject") or "",
                      "receiptNum": m["receipt"], "requestNum": number, "sendDT": "20261225090000",
                      "resultDT": "20261225090001"} for m in sent]
