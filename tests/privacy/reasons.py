"""Test helper: a reason typed earlier in the session, as the reason page leaves it (privacy/access_reason.py)."""

import time

from privacy.access_reason import SESSION_PREFIX


def remember_reason(client, *scopes: str, reason: str = "정기 점검") -> None:
    """As if the client had typed `reason` for each scope a moment ago (kept across force_login)."""
    session = client.session
    for scope in scopes:
        session[SESSION_PREFIX + scope] = {"reason": reason, "at": time.time()}
    session.save()
