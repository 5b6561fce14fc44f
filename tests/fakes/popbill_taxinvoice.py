"""Popbill's tax-invoice endpoints for the loopback fake (tests/fakes/popbill.py), as the SDK calls them:

- ``POST /Taxinvoice`` with ``X-HTTP-Method-Override: ISSUE`` (registIssue): the document as JSON; answers
  ``{"code": 1, "message": ..., "ntsConfirmNum": ...}``; a document key used before is refused;
- ``POST /Taxinvoice/SELL/<key>`` with override ``NTS`` (sendToNTS) or ``CANCELISSUE`` (cancelIssue, a
  ``{"memo": ...}`` body);
- ``GET /Taxinvoice/SELL/<key>`` (getInfo): ``stateCode`` (300 issued, 303 being sent, 304 accepted,
  305 refused, 600 cancelled), ``ntsconfirmNum``, ``ntssendErrCode``.

What the NTS answers is scripted per document: `outcomes[key]` is a list of "pending", "accepted" or
"failed", one consumed by each getInfo after a send (the last one repeats).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .popbill import PopbillFake, Request

KEY = r"/Taxinvoice/SELL/(?P<key>[A-Za-z0-9_-]+)"
STATE = {"pending": 303, "accepted": 304, "failed": 305}


@dataclass
class TaxinvoiceApi:
    fake: PopbillFake
    documents: dict[str, dict] = field(default_factory=dict)
    states: dict[str, int] = field(default_factory=dict)
    outcomes: dict[str, list[str]] = field(default_factory=dict)
    approvals: dict[str, str] = field(default_factory=dict)

    def install(self) -> TaxinvoiceApi:
        self.fake.route("ISSUE", r"/Taxinvoice", self._issue)
        self.fake.route("NTS", KEY, self._send)
        self.fake.route("CANCELISSUE", KEY, self._cancel)
        self.fake.route("GET", KEY, self._info)
        return self

    def _issue(self, request: Request):
        document = request.json()
        key = document["invoicerMgtKey"]
        if key in self.documents:
            return 400, {"code": -11000005, "message": "이미 사용 중인 문서번호입니다."}
        self.documents[key] = document
        self.states[key] = 300
        self.approvals[key] = f"20261225-4100{len(self.documents):04d}-{abs(hash(key)) % 10**8:08d}"
        return 200, {"code": 1, "message": "발행 완료", "ntsConfirmNum": self.approvals[key]}

    def _send(self, request: Request):
        key = request.match["key"]
        if key not in self.documents:
            return 400, {"code": -11000004, "message": "등록되지 않은 문서번호입니다."}
        if self.states[key] not in (300, 305):
            return 400, {"code": -11000020, "message": "전송할 수 없는 상태입니다."}
        self.states[key] = 303
        return 200, {"code": 1, "message": "국세청 즉시전송 요청 완료"}

    def _cancel(self, request: Request):
        key = request.match["key"]
        if self.states.get(key) not in (300, 305):
            return 400, {"code": -11000021, "message": "발행취소할 수 없는 상태입니다."}
        self.states[key] = 600
        return 200, {"code": 1, "message": "발행취소 완료"}

    def _info(self, request: Request):
        key = request.match["key"]
        if key not in self.documents:
            return 400, {"code": -11000004, "message": "등록되지 않은 문서번호입니다."}
        if self.states[key] == 303:
            script = self.outcomes.get(key) or ["accepted"]
            outcome = script.pop(0) if len(script) > 1 else script[0]
            self.states[key] = STATE[outcome]
        state = self.states[key]
        return 200, {"itemKey": f"ITEM{key}", "stateCode": state, "invoicerMgtKey": key,
                     "ntsconfirmNum": self.approvals[key], "ntssendErrCode": "SYN003" if state == 305 else ""}
