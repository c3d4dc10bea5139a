"""Waking followers of the log when events of their topics are written (ADR 1521).

A ``Wakes`` belongs to one recorder of one process. Writers call ``written(topics)`` after
each commit; every follower registered for one of those topics has its ``threading.Event``
set, the others sleep on. Nothing is read from the store here: a wake only says "catch up
now", and catching up (up to the watermark) stays the one path that writes a view, so a
missed or extra wake can delay a view, never make it skip or repeat an event. Followers
keep polling at their interval for what no wake announces (other processes on SQLite, a
writer that died between its commit and its notification).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

ALL_TOPICS = "*"
"""A follower registered for this topic wakes for every write (a projection without topics)."""


class Wakes:
    """Followers by topic; ``written`` sets the events of those that read a written topic."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_topic: dict[str, list[threading.Event]] = {}

    def register(self, topics: Iterable[str], wake: threading.Event) -> None:
        """Set ``wake`` whenever an event of one of ``topics`` is written (all when empty)."""
        with self._lock:
            for topic in tuple(topics) or (ALL_TOPICS,):
                self._by_topic.setdefault(topic, []).append(wake)

    def unregister(self, wake: threading.Event) -> None:
        """Stop setting ``wake``."""
        with self._lock:
            for events in self._by_topic.values():
                if wake in events:
                    events.remove(wake)

    def written(self, topics: Iterable[str] | None) -> None:
        """Wake the followers of ``topics``; ``None`` (topics unknown) wakes every follower."""
        with self._lock:
            if topics is None:
                woken = {e for events in self._by_topic.values() for e in events}
            else:
                woken = set(self._by_topic.get(ALL_TOPICS, ()))
                for topic in topics:
                    woken.update(self._by_topic.get(topic, ()))
        for event in woken:
            event.set()
