"""Channels beside e-mail (KakaoTalk, text messages) hear of every notice through one hook.

An app above this layer registers a listener from its `ready()` with `channel_register(listener)`;
`notification_create` calls `channels_notify([notification])` once per notice, and `notification_create_many`
once with the whole batch (a group message's 200 copies), in the caller's transaction, so what a listener records
commits or rolls back with the notices, and a listener can read what it needs of a batch in a few queries. A
listener decides itself whether the notice concerns its channel (the messaging app: docs/messaging.md) and
queues its own work through the outbox.
"""

from __future__ import annotations

from collections.abc import Callable

_listeners: list[Callable] = []


def channel_register(listener: Callable) -> None:
    """Register `listener(notifications=[...])`, called with the notices created together."""
    if listener not in _listeners:
        _listeners.append(listener)


def channels_notify(notifications: list) -> None:
    for listener in _listeners:
        listener(notifications=notifications)
