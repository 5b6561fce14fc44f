"""A local fake of the NTS business-status service (국세청 사업자등록정보 진위확인 및 상태조회) on loopback.

It speaks the public data API as documented: ``POST /status?serviceKey=...`` with ``{"b_no": [...]}``
(at most 100 numbers) answers ``{"status_code": "OK", "request_cnt", "match_cnt", "data": [{"b_no",
"b_stt", "b_stt_cd", "tax_type", "end_dt", ...}]}``; ``POST /validate?serviceKey=...`` with
``{"businesses": [{"b_no", "start_dt", "p_nm", ...}]}`` answers ``{"status_code": "OK", "request_cnt",
"valid_cnt", "data": [{"b_no", "valid": "01"|"02", "valid_msg", "request_param", "status"}]}``. An
unknown service key gets HTTP 401, more than 100 numbers HTTP 413 ``TOO_LARGE_REQUEST``.

Register the businesses with `fake.business(number, code="01"|"02"|"03", ...)`; set `fake.delay` (seconds)
to answer after the client's timeout. Use the `nts_fake` fixture: it starts the server and points the
settings at it.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from .loopback import json_server, server_stop

SERVICE_KEY = "fake-nts-service-key=="
NOT_REGISTERED = "국세청에 등록되지 않은 사업자등록번호입니다."
_LABELS = {"01": "계속사업자", "02": "휴업자", "03": "폐업자"}


@dataclass
class Business:
    code: str = "01"
    representative: str = ""
    opened: str = ""  # YYYYMMDD
    closed: str = ""  # YYYYMMDD


@dataclass
class NtsFake:
    service_key: str = SERVICE_KEY
    businesses: dict[str, Business] = field(default_factory=dict)
    requests: list[tuple[str, dict]] = field(default_factory=list)
    delay: float = 0.0
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/api/nts-businessman/v1"

    def business(self, number: str, *, code: str = "01", representative: str = "", opened: str = "",
                 closed: str = "") -> None:
        self.businesses[number] = Business(code=code, representative=representative, opened=opened, closed=closed)

    def _status_row(self, number: str) -> dict:
        business = self.businesses.get(number)
        if business is None:
            return {"b_no": number, "b_stt": "", "b_stt_cd": "", "tax_type": NOT_REGISTERED, "tax_type_cd": "",
                    "end_dt": "", "utcc_yn": "", "tax_type_change_dt": "", "invoice_apply_dt": "",
                    "rbf_tax_type": "", "rbf_tax_type_cd": ""}
        return {"b_no": number, "b_stt": _LABELS[business.code], "b_stt_cd": business.code,
                "tax_type": "부가가치세 일반과세자", "tax_type_cd": "01", "end_dt": business.closed, "utcc_yn": "N",
                "tax_type_change_dt": "", "invoice_apply_dt": "", "rbf_tax_type": "99", "rbf_tax_type_cd": "99"}

    def answer(self, path: str, query: dict, body: dict) -> tuple[int, dict]:
        if query.get("serviceKey", [""])[0] != self.service_key:
            return 401, {"code": -4, "msg": "등록되지 않은 인증키 입니다."}
        if path.endswith("/status"):
            numbers = body.get("b_no") if isinstance(body, dict) else None
            if not isinstance(numbers, list) or not numbers:
                return 400, {"status_code": "BAD_JSON_REQUEST"}
            if len(numbers) > 100:
                return 413, {"status_code": "TOO_LARGE_REQUEST"}
            rows = [self._status_row(n) for n in numbers]
            return 200, {"status_code": "OK", "request_cnt": len(rows),
                         "match_cnt": sum(1 for r in rows if r["b_stt_cd"]), "data": rows}
        if path.endswith("/validate"):
            entries = body.get("businesses") if isinstance(body, dict) else None
            if not isinstance(entries, list) or not entries or any(
                    not e.get("b_no") or not e.get("start_dt") or not e.get("p_nm") for e in entries):
                return 400, {"status_code": "BAD_JSON_REQUEST"}
            rows = []
            for entry in entries:
                business = self.businesses.get(entry["b_no"])
                valid = bool(business and business.representative == entry["p_nm"]
                             and business.opened == entry["start_dt"])
                row = {"b_no": entry["b_no"], "valid": "01" if valid else "02",
                       "valid_msg": "" if valid else "확인할 수 없습니다.", "request_param": entry}
                if valid:
                    row["status"] = self._status_row(entry["b_no"])
                rows.append(row)
            return 200, {"status_code": "OK", "request_cnt": len(rows),
                         "valid_cnt": sum(1 for r in rows if r["valid"] == "01"), "data": rows}
        return 404, {"status_code": "NOT_FOUND"}

    def _respond(self, handler, body: bytes) -> tuple[int, object]:
        if handler.command != "POST":
            return 405, {"status_code": "METHOD_NOT_ALLOWED"}
        parts = urlsplit(handler.path)
        try:
            data = json.loads(body.decode("utf-8") or "null")
        except ValueError:
            data = None
        self.requests.append((parts.path, data))
        if self.delay:
            time.sleep(self.delay)
        return self.answer(parts.path, parse_qs(parts.query), data)

    def start(self) -> NtsFake:
        self.server = json_server(self._respond)
        return self

    def stop(self) -> None:
        server_stop(self.server)
