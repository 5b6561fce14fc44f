"""Data subjects' requests (PIPA §35–§37) as tracked requests: filed by a signed-in user, or by anyone through
the public form once a link e-mailed to their address is opened (nothing is recorded before that); due ten
working days after receipt; taken up, extended with reasons, answered or refused with reasons by staff."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.workflow import status_change_record, transition_apply
from portal.working_days import working_day_add

from .models import RightsKind, RightsRequest
from .workflow import RIGHTS_WORKFLOW, RightsStatus

LINK_SALT = "privacy.rights-request"
FIELDS = ("kind", "name", "email", "phone", "details", "language")


def rights_due_on(received_at) -> object:
    """The due date: PRIVACY_RIGHTS_DUE_WORKING_DAYS working days after the day of receipt (that day not counted)."""
    return working_day_add(timezone.localdate(received_at), settings.PRIVACY_RIGHTS_DUE_WORKING_DAYS)


@transaction.atomic
def rights_request_file(
    *, kind: str, name: str, email: str, details: str, language: str, phone: str = "", user=None,
    verified_at=None, link_digest: str | None = None,
) -> RightsRequest:
    """Record a verified request as received, with its due date, and log its first status."""
    if kind not in RightsKind.values:
        raise ValueError(f"unknown kind {kind!r}")
    now = timezone.now()
    request = RightsRequest.objects.create(
        kind=kind, name=name.strip(), email=email.strip(), phone=phone.strip(), details=details.strip(),
        language=language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE, user=user,
        received_at=now, email_verified_at=verified_at or now, due_on=rights_due_on(now), link_digest=link_digest,
    )
    status_change_record(instance=request, to_status=RightsStatus.RECEIVED, actor=user)
    return request


def rights_link_make(data: dict) -> str:
    """A signed token carrying the form's answers: the request exists only once its link is opened."""
    return signing.dumps({key: data.get(key, "") for key in FIELDS}, salt=LINK_SALT, compress=True)


def rights_link_read(token: str) -> dict | None:
    """The answers a link carries, or None when it is forged or older than PRIVACY_RIGHTS_LINK_SECONDS."""
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=settings.PRIVACY_RIGHTS_LINK_SECONDS)
    except signing.BadSignature:
        return None
    return data if isinstance(data, dict) and data.get("kind") in RightsKind.values else None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def rights_request_for_link(token: str) -> RightsRequest | None:
    return RightsRequest.objects.filter(link_digest=_digest(token)).first()


def rights_request_file_from_link(*, token: str, user=None) -> tuple[RightsRequest | None, bool]:
    """File the request a verification link carries: (request, True); the one it filed before: (request, False);
    (None, False) for a link that is forged or expired."""
    existing = rights_request_for_link(token)
    if existing is not None:
        return existing, False
    data = rights_link_read(token)
    if data is None:
        return None, False
    try:
        request = rights_request_file(**{key: data[key] for key in FIELDS}, user=user, link_digest=_digest(token))
    except IntegrityError:  # the same link opened twice at once
        return rights_request_for_link(token), False
    return request, True


def _changes(request: RightsRequest, name: str, reason: str) -> dict:
    if name == "extend":
        return {"due_on": working_day_add(request.due_on, settings.PRIVACY_RIGHTS_EXTENSION_WORKING_DAYS)}
    if name in ("answer", "refuse"):
        return {"answer": reason.strip(), "answered_at": timezone.now()}
    return {}


def rights_request_transition(*, request: RightsRequest, name: str, actor, reason: str = "") -> RightsRequest:
    """Take the named step (start, extend, answer, refuse) as `actor`; returns the locked, changed request."""
    current = RightsRequest.objects.get(pk=request.pk)
    return transition_apply(workflow=RIGHTS_WORKFLOW, instance=current, name=name, actor=actor, reason=reason,
                            changes=_changes(current, name, reason))


def rights_request_list_for_user(*, user) -> list[RightsRequest]:
    return list(RightsRequest.objects.filter(user=user).order_by("-received_at"))
