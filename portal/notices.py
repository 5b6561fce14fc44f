"""The seam through which the lowest apps (accounts) send notices without importing the layer above.

`notice_send(recipient=..., template=..., context=..., link=...)` has the signature of
`notifications.services.notification_create`, which the notifications app registers as the sender
when it loads (`NotificationsConfig.ready`). Apps above the notifications layer call
`notification_create` directly, from their own `notifications.py`.
"""

from __future__ import annotations

from collections.abc import Callable

_sender: Callable | None = None


def notice_sender_set(sender: Callable) -> None:
    """Register the function that records a notice and queues its e-mail (the notifications app's)."""
    global _sender  # noqa: PLW0603 (set once, when the apps load)
    _sender = sender


def notice_send(**kwargs):
    """Record a notice and queue its e-mail after commit, through the registered sender."""
    if _sender is None:
        raise RuntimeError("No notice sender is registered: is the notifications app installed?")
    return _sender(**kwargs)
