"""A local fake of solapi's send endpoint on loopback, for the real `solapi` SDK (bench/messengers.py).

It speaks what `SolapiMessageService.send` calls: ``POST /messages/v4/send-many/detail`` with the header
``Authorization: HMAC-SHA256 ApiKey=<key>, Date=<ISO date>, salt=<hex>, signature=<hex>`` (the HMAC-SHA256 of
date + salt with the API secret, checked here as solapi checks it: a wrong key or signature is 403, a salt used
before is refused) and ``{"messages": [{"to", "from", "text", "type", "kakaoOptions": {"pfId", "templateId",
"variables": {"#{name}": value}}, ...}], "allowDuplicates", "agent"}``. It answers the ``groupInfo`` the SDK's
pydantic models require, a ``messageList`` of accepted messages and a ``failedMessageList``.

A 알림톡 (``type`` "ATA") must name a template of `templates` (template id → text with #{variables}) and fill
each of its variables; the fake renders the text as solapi does, and records it in `alimtalk`; SMS/LMS go to
`sms`. A 알림톡 to a number in `undeliverable` is recorded as sent by SMS instead unless ``disableSms``.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer

from .loopback import json_server, server_stop

API_KEY = "NCSFAKEYANGJAE01"
API_SECRET = "fake-solapi-secret-0123456789abcdef"  # noqa: S105 (the fake's own)
SEND_PATH = "/messages/v4/send-many/detail"
_AUTH = re.compile(
    r"HMAC-SHA256 ApiKey=(?P<key>[^,]+), Date=(?P<date>[^,]+), salt=(?P<salt>[^,]+), "
    r"signature=(?P<signature>[0-9a-f]+)"
)
_ids = itertools.count(1)


@dataclass
class SolapiFake:
    api_key: str = API_KEY
    api_secret: str = API_SECRET
    templates: dict[str, str] = field(default_factory=dict)
    undeliverable: set[str] = field(default_factory=set)
    alimtalk: list[dict] = field(default_factory=list)
    sms: list[dict] = field(default_factory=list)
    salts: set[str] = field(default_factory=set)
    server: ThreadingHTTPServer | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def _authorised(self, header: str) -> bool:
        match = _AUTH.fullmatch(header or "")
        if match is None or match["key"] != self.api_key:
            return False
        expected = hmac.new(self.api_secret.encode(), (match["date"] + match["salt"]).encode(), hashlib.sha256)
        with self.lock:
            if match["salt"] in self.salts:
                return False
            self.salts.add(match["salt"])
        return hmac.compare_digest(expected.hexdigest(), match["signature"])

    def _one(self, message: dict) -> tuple[dict | None, str]:
        """The message as sent, or None with the reason it is refused."""
        kind, receiver = message.get("type") or "SMS", message.get("to") or ""
        if not re.fullmatch(r"01\d{8,9}", receiver) or not message.get("from"):
            return None, "수신번호 또는 발신번호가 올바르지 않습니다."
        if kind != "ATA":
            return {
                "type": kind,
                "to": receiver,
                "subject": message.get("subject") or "",
                "text": message.get("text") or "",
            }, ""
        options = message.get("kakaoOptions") or {}
        template = self.templates.get(options.get("templateId") or "")
        if template is None:
            return None, "템플릿을 찾을 수 없습니다."
        variables = options.get("variables") or {}
        missing = set(re.findall(r"#\{[^{}]+\}", template)) - set(variables)
        if missing:
            return None, f"치환문구가 없습니다: {', '.join(sorted(missing))}"
        text = re.sub(r"#\{[^{}]+\}", lambda m: str(variables[m[0]]), template)
        fell_back = receiver in self.undeliverable and not options.get("disableSms")
        return {
            "type": "ATA",
            "to": receiver,
            "template_id": options["templateId"],
            "pf_id": options.get("pfId"),
            "variables": variables,
            "text": text,
            "fell_back": fell_back,
        }, ""

    def send(self, body: dict) -> tuple[int, dict]:
        accepted, failed = [], []
        for message in body.get("messages") or []:
            sent, reason = self._one(message)
            message_id = f"M4V2026120{next(_ids):011d}"
            if sent is None:
                failed.append(
                    {
                        "to": message.get("to"),
                        "from": message.get("from"),
                        "type": message.get("type") or "",
                        "statusMessage": reason,
                        "country": "82",
                        "messageId": message_id,
                        "statusCode": "1062",
                        "accountId": "fake-account",
                    }
                )
                continue
            with self.lock:
                (self.alimtalk if sent["type"] == "ATA" else self.sms).append(sent)
            accepted.append({"messageId": message_id, "statusCode": "2000", "statusMessage": "정상 접수"})
        total = len(accepted) + len(failed)
        count = {
            "total": total,
            "sentTotal": 0,
            "sentSuccess": 0,
            "sentPending": len(accepted),
            "sentReplacement": 0,
            "refund": 0,
            "registeredFailed": len(failed),
            "registeredSuccess": len(accepted),
        }
        cash = {"requested": 0, "replacement": 0, "refund": 0, "sum": 0}
        group = {
            "count": count,
            "countForCharge": {},
            "balance": cash,
            "point": cash,
            "app": {"appId": None},
            "log": [],
            "status": "SENDING",
            "allowDuplicates": bool(body.get("allowDuplicates")),
            "isRefunded": False,
            "accountId": "fake-account",
            "masterAccountId": None,
            "apiVersion": "4",
            "groupId": f"G4V2026120{next(_ids):011d}",
            "price": {},
            "dateCreated": "2026-12-06T00:00:00.000Z",
            "dateUpdated": "2026-12-06T00:00:00.000Z",
        }
        return 200, {"groupInfo": group, "messageList": accepted, "failedMessageList": failed}

    def _respond(self, handler, body: bytes) -> tuple[int, object]:
        if handler.command != "POST" or handler.path != SEND_PATH:
            return 404, {"errorCode": "NotFound", "errorMessage": handler.path}
        if not self._authorised(handler.headers.get("Authorization", "")):
            return 403, {"errorCode": "SignatureDoesNotMatch", "errorMessage": "invalid signature"}
        return self.send(json.loads(body or b"{}"))

    def start(self) -> SolapiFake:
        self.server = json_server(self._respond)
        return self

    def stop(self) -> None:
        server_stop(self.server)
