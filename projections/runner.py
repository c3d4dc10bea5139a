"""Keep views up to date from the ledger's notification log.

Catch-up reads the log in batches on every backend; following is woken by the library's
subscription where the recorder has one (POPO, PostgreSQL) and by polling where it has none
(SQLite).
Every follower advances only to the log's watermark (``projections.watermark``), never past an
event that commits late behind a higher id.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic

from eventsourcing.application import Application
from eventsourcing.persistence import Tracking

from projections.base import Change, LedgerProjection, TView
from projections.watermark import watermark

Progress = Callable[[int, int], None]
"""Called with (position reached, head) after each committed batch."""


@dataclass(frozen=True)
class ProjectionStatus:
    """Where a view stands: ``position`` is its last tracked notification id."""

    name: str
    position: int
    head: int

    @property
    def lag(self) -> int:
        """Notifications recorded after the view's position (0 when caught up)."""
        return max(0, self.head - self.position)


class CatchUpRunner(Generic[TView]):
    """Drive one projection of one application; safe to kill at any point and restart.

    Each batch's changes and its tracking position commit together, so a restarted runner
    resumes after the last committed batch and never applies an event twice.
    """

    def __init__(
        self,
        app: Application[Any],
        projection: LedgerProjection[TView],
        *,
        batch_size: int = 1000,
    ) -> None:
        self.app = app
        self.projection = projection
        self.view: TView = projection.view
        self.batch_size = batch_size
        # Serialises catch-ups in one process: the follower thread and a request that brings
        # the view up to date before reading it (read-your-writes) never apply a batch twice.
        self.lock = threading.RLock()

    @property
    def name(self) -> str:
        """The projection's name (its tables and environment prefix)."""
        return self.projection.name

    def position(self) -> int:
        """The last notification id the view has applied (0 for an empty view)."""
        return self.view.max_tracking_id(self.app.name) or 0

    def head(self) -> int:
        """The newest notification id in the application's log."""
        return self.app.recorder.max_notification_id() or 0

    def status(self) -> ProjectionStatus:
        """Position, head and lag of this view."""
        return ProjectionStatus(self.name, self.position(), self.head())

    def catch_up(
        self, progress: Progress | None = None, stop: threading.Event | None = None
    ) -> int:
        """Apply every notification up to the log's watermark; return how many were read.

        The watermark is the head once every writer in flight when it was read has ended, so
        a short batch below it means nothing is left to come below it.
        """
        with self.lock:
            return self._catch_up(progress, stop)

    def _catch_up(self, progress: Progress | None, stop: threading.Event | None) -> int:
        position = self.position()
        head = watermark(self.app.recorder, position)
        read = 0
        while position < head and not (stop and stop.is_set()):
            batch = self.app.recorder.select_notifications(
                start=position + 1, limit=self.batch_size, stop=head, topics=self.projection.topics
            )
            changes: list[Change] = []
            for notification in batch:
                changes.extend(
                    self.projection.changes_for(self.app.mapper.to_domain_event(notification))
                )
            read += len(batch)
            reached = batch[-1].id if len(batch) == self.batch_size else head
            self.view.apply(
                changes, Tracking(application_name=self.app.name, notification_id=reached)
            )
            position = reached
            if progress:
                progress(position, head)
        return read

    def rebuild(self, progress: Progress | None = None, stop: threading.Event | None = None) -> int:
        """Empty the view and its tracking, then catch up from the first event."""
        self.view.reset(self.app.name)
        return self.catch_up(progress, stop)

    def follow(self, stop: threading.Event, poll_interval: float = 0.2) -> None:
        """Catch up, then keep applying new events until ``stop`` is set.

        Only ``catch_up`` ever writes the view, so there is one path to exactly-once. Where the
        recorder has a subscription (POPO, PostgreSQL LISTEN/NOTIFY) it merely wakes the loop
        early; the poll interval bounds the wait if a notification is missed (or on SQLite).
        """
        wake = threading.Event()
        listener = _start_listener(self.app, self.projection.topics, wake, stop)
        try:
            while not stop.is_set():
                wake.clear()
                self.catch_up(stop=stop)
                wake.wait(poll_interval)
        finally:
            if listener is not None:
                listener.stop()

    def wait(self, notification_id: int, timeout: float = 5.0) -> None:
        """Block until the view has applied ``notification_id`` (``TimeoutError`` otherwise)."""
        self.view.wait(self.app.name, notification_id, timeout=timeout)


def _start_listener(
    app: Application[Any], topics: tuple[str, ...], wake: threading.Event, stop: threading.Event
) -> Any:
    """Start a subscription that sets ``wake`` on each new event; None where there is none."""
    try:
        subscription = app.recorder.subscribe(gt=app.recorder.max_notification_id(), topics=topics)
    except NotImplementedError:
        return None

    def listen() -> None:
        with contextlib.suppress(Exception), subscription:
            for _ in subscription:
                wake.set()
                if stop.is_set():
                    break

    threading.Thread(target=listen, name="projection-listener", daemon=True).start()
    return subscription


class RunnerThread:
    """Follow several runners in background threads (the API server's in-process mode)."""

    def __init__(self, runners: list[CatchUpRunner[Any]], poll_interval: float = 0.2) -> None:
        self.runners = runners
        self.poll_interval = poll_interval
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self.errors: list[BaseException] = []

    def start(self) -> None:
        """Start one daemon thread per runner."""
        for runner in self.runners:
            t = threading.Thread(
                target=self._run, args=(runner,), name=f"projection-{runner.name}", daemon=True
            )
            t.start()
            self._threads.append(t)

    def stop(self, timeout: float = 5.0) -> None:
        """Ask every thread to stop and wait for them."""
        self._stop.set()
        for t in self._threads:
            t.join(timeout)

    def _run(self, runner: CatchUpRunner[Any]) -> None:
        try:
            runner.follow(self._stop, self.poll_interval)
        except BaseException as e:  # surfaced by /health and the CLI, never swallowed silently
            self.errors.append(e)
            raise
