"""A local fake of Popbill's API and Linkhub's token service, on loopback, for the real SDK.

The fake checks what the real services check first: the token request's HMAC signature (the
Linkhub scheme: method, body digest, date, version and URI signed with the secret key), and a
bearer token on every API call. Each service's endpoints are added as routes by the test modules
(or their own fake modules) with `fake.route(method, path, handler)`; a handler receives a
`Request` and returns ``(status, json_body)``. Every request is recorded in `fake.requests`.

Use the `popbill_fake` fixture: it starts the server and points the portal's settings at it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from .loopback import json_server, server_stop

LINK_ID = "YANGJAE"
SECRET_KEY = base64.b64encode(b"fake-popbill-secret-key-32-bytes").decode()
CORP_NUM = "2148512345"


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    match: re.Match | None = None

    def json(self):
        return json.loads(self.body.decode("utf-8")) if self.body else None


Handler = Callable[[Request], tuple[int, object]]


@dataclass
class PopbillFake:
    link_id: str = LINK_ID
    secret_key: str = SECRET_KEY
    requests: list[Request] = field(default_factory=list)
    tokens: set[str] = field(default_factory=set)
    routes: list[tuple[str, re.Pattern, Handler]] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def route(self, method: str, path: str, handler: Handler) -> None:
        """`path` is a regular expression matched against the whole path (without the query)."""
        self.routes.insert(0, (method.upper(), re.compile(path), handler))

    def calls(self, method: str, path: str) -> list[Request]:
        pattern = re.compile(path)
        return [r for r in self.requests if r.method == method.upper() and pattern.fullmatch(r.path)]

    # -- the token service --------------------------------------------------------------------
    def _token(self, request: Request) -> tuple[int, object]:
        auth = request.headers.get("authorization", "")
        try:
            scheme, link_id, signature = auth.split(" ")
        except ValueError:
            return 401, {"code": -99999999, "message": "no LINKHUB authorization"}
        body = request.body.decode("utf-8")
        target = "\n".join([
            "POST",
            base64.b64encode(hashlib.sha256(body.encode()).digest()).decode(),
            request.headers.get("x-lh-date", ""),
            *([request.headers["x-lh-forwarded"]] if "x-lh-forwarded" in request.headers else []),
            request.headers.get("x-lh-version", ""),
            request.path,
        ])
        expected = base64.b64encode(
            hmac.new(base64.b64decode(self.secret_key), target.encode(), hashlib.sha256).digest()
        ).decode()
        if scheme != "LINKHUB" or link_id != self.link_id or not hmac.compare_digest(signature, expected):
            return 401, {"code": -99999999, "message": "invalid signature"}
        token = secrets.token_hex(16)
        self.tokens.add(token)
        payload = json.loads(body)
        return 200, {
            "session_token": token,
            "serviceID": request.path.split("/")[1],
            "linkID": link_id,
            "usercode": payload["access_id"],
            "ipaddress": "127.0.0.1",
            "expiration": "2099-12-31T23:59:59.000Z",
            "scope": payload["scope"],
        }

    def handle(self, request: Request) -> tuple[int, object]:
        self.requests.append(request)
        if request.method == "POST" and re.fullmatch(r"/POPBILL(_TEST)?/Token", request.path):
            return self._token(request)
        auth = request.headers.get("authorization", "")
        if not auth.startswith("Bearer ") or auth.removeprefix("Bearer ") not in self.tokens:
            return 401, {"code": -11111111, "message": "invalid token"}
        method = request.headers.get("x-http-method-override", request.method).upper()
        for route_method, pattern, handler in self.routes:
            match = pattern.fullmatch(request.path)
            if match and route_method in (method, request.method):
                request.match = match
                return handler(request)
        return 404, {"code": -99999999, "message": f"no route for {method} {request.path}"}

    # -- the server ---------------------------------------------------------------------------
    def _respond(self, handler, body: bytes) -> tuple[int, object]:
        parts = urlsplit(handler.path)
        return self.handle(Request(method=handler.command, path=parts.path, query=parse_qs(parts.query),
                                   headers={k.lower(): v for k, v in handler.headers.items()}, body=body))

    def start(self) -> PopbillFake:
        self.server = json_server(self._respond)
        return self

    def stop(self) -> None:
        server_stop(self.server)

    def settings_env(self) -> dict[str, str]:
        """The environment that points a worker process (or the portal) at this fake."""
        return {
            "POPBILL_LINK_ID": self.link_id, "POPBILL_SECRET_KEY": self.secret_key, "POPBILL_CORP_NUM": CORP_NUM,
            "POPBILL_IS_TEST": "true", "POPBILL_SERVICE_URL": self.url, "POPBILL_AUTH_URL": self.url,
        }
