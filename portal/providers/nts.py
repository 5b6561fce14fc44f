"""The National Tax Service's business-status service (국세청 사업자등록정보 진위확인 및 상태조회, a public
data API on api.odcloud.kr): whether a registration number is continuing, suspended or closed
(`/status`), and whether number, representative and opening date match (`/validate`), up to 100
numbers a call, authenticated with the service key (`serviceKey`) the public data portal issues.

No SDK exists; this small client is the portal's one interface to it (urllib, JSON). Settings (from
the environment; without a key the checks are skipped and the admin says so, see `nts_configured`):

- ``NTS_SERVICE_KEY``: the decoded service key;
- ``NTS_API_URL``: the service's base URL (a forward proxy of the district's network; the local fake in tests);
- ``NTS_TIMEOUT``: seconds to wait for an answer; a timeout leaves the number unchecked and the task retries.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

BATCH = 100  # numbers per call, the service's limit


class BusinessStatus(models.TextChoices):
    UNCHECKED = "", _("Not checked")
    CONTINUING = "continuing", _("Continuing (계속사업자)")
    SUSPENDED = "suspended", _("Suspended (휴업자)")
    CLOSED = "closed", _("Closed (폐업자)")
    UNREGISTERED = "unregistered", _("Not registered with the NTS")


FLAGGED = (BusinessStatus.SUSPENDED, BusinessStatus.CLOSED, BusinessStatus.UNREGISTERED)
_CODES = {"01": BusinessStatus.CONTINUING, "02": BusinessStatus.SUSPENDED, "03": BusinessStatus.CLOSED}


class NtsUnavailable(Exception):
    """No answer in time, or the service failed (5xx): transient, try again later."""


class NtsRefused(Exception):
    """The service refused the call (a bad key, a malformed request): retrying will not help."""


@dataclass(frozen=True)
class StatusAnswer:
    number: str
    status: BusinessStatus
    label: str  # the service's own words ("계속사업자", "국세청에 등록되지 않은 사업자등록번호입니다.")
    closed_on: dt.date | None = None


@dataclass(frozen=True)
class ValidityAnswer:
    number: str
    valid: bool


def nts_configured() -> bool:
    return bool(settings.NTS_SERVICE_KEY)


def _post(endpoint: str, body: dict) -> dict:
    query = urlencode({"serviceKey": settings.NTS_SERVICE_KEY, "returnType": "JSON"})
    if not settings.NTS_API_URL.startswith(("https://", "http://")):
        raise NtsRefused("NTS_API_URL must be an http(s) URL")
    request = urllib.request.Request(  # noqa: S310 (http(s) only, checked above)
        f"{settings.NTS_API_URL.rstrip('/')}/{endpoint}?{query}", method="POST",
        data=json.dumps(body).encode(), headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.NTS_TIMEOUT) as response:  # noqa: S310
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        if exc.code >= 500:
            raise NtsUnavailable(f"NTS {endpoint}: HTTP {exc.code}") from exc
        raise NtsRefused(f"NTS {endpoint}: HTTP {exc.code} {exc.read()[:200]!r}") from exc
    except (TimeoutError, urllib.error.URLError, ConnectionError) as exc:
        raise NtsUnavailable(f"NTS {endpoint}: {exc}") from exc
    except ValueError as exc:  # not JSON
        raise NtsUnavailable(f"NTS {endpoint}: unreadable answer") from exc


def _digits(number: str) -> str:
    return "".join(ch for ch in number if ch.isdigit())


def business_status_lookup(numbers: list[str]) -> dict[str, StatusAnswer]:
    """The status of each registration number (digits only as keys), 100 numbers a call."""
    wanted = list(dict.fromkeys(_digits(n) for n in numbers if _digits(n)))
    answers: dict[str, StatusAnswer] = {}
    for start in range(0, len(wanted), BATCH):
        payload = _post("status", {"b_no": wanted[start:start + BATCH]})
        for row in payload.get("data") or []:
            number = _digits(row.get("b_no", ""))
            code = row.get("b_stt_cd") or ""
            end = row.get("end_dt") or ""
            answers[number] = StatusAnswer(
                number=number, status=_CODES.get(code, BusinessStatus.UNREGISTERED),
                label=row.get("b_stt") or row.get("tax_type") or "",
                closed_on=dt.datetime.strptime(end, "%Y%m%d").date() if len(end) == 8 else None,
            )
    return answers


def business_validate(*, number: str, representative: str, opened_on: dt.date) -> ValidityAnswer:
    """진위확인: whether the number, the representative's name and the opening date match the register."""
    payload = _post("validate", {"businesses": [
        {"b_no": _digits(number), "start_dt": opened_on.strftime("%Y%m%d"), "p_nm": representative.strip()},
    ]})
    rows = payload.get("data") or []
    return ValidityAnswer(number=_digits(number), valid=bool(rows) and rows[0].get("valid") == "01")
