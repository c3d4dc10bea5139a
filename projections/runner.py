"""Keep views up to date from the ledger's notification log.

Catch-up reads the log in batches on every backend; following is woken by the ledger's
recorder for the topics a view reads (ADR 1521; PostgreSQL also hears other processes through
LISTEN/NOTIFY), by the library's subscription on POPO, and by polling for the rest.
Every follower advances only to the log's watermark (``projections.watermark``), never past an
event that commits late behind a higher id. The log is read as plain rows, and events a view
has a plain reader for are read without a full decode (``projections.plain_reads``, ADR 1620).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic

from eventsourcing.application import Application
from eventsourcing.persistence import Tracking

from projections.base import LedgerProjection, TView
from projections.plain_reads import LogReader
from projections.watermark import watermark

GATHER_SECONDS = 0.1
"""How long a view lets writes gather after a catch-up that applied some (ADR 1600)."""

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
        self.log = LogReader(app, projection)
        self.after_catch_up: Callable[[], object] | None = None
        """Called after every catch-up (the audit log issues its checkpoints there)."""
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
            rows = self.log.rows(position + 1, self.batch_size, head)
            changes = self.log.changes(rows)
            read += len(rows)
            reached = rows[-1][0] if len(rows) == self.batch_size else head
            self.view.apply(
                changes, Tracking(application_name=self.app.name, notification_id=reached)
            )
            position = reached
            if progress:
                progress(position, head)
        if self.after_catch_up is not None:
            self.after_catch_up()
        return read

    def rebuild(self, progress: Progress | None = None, stop: threading.Event | None = None) -> int:
        """Empty the view and its tracking, then catch up from the first event.

        Every stored event is read once before the view is emptied: a rebuild that meets one
        it cannot read stops with ``StoredEventError`` naming its position and leaves the view
        as it was.
        """
        self.check_readable(stop)
        with self.lock:
            self.view.reset(self.app.name)
            return self._catch_up(progress, stop)

    def check_readable(self, stop: threading.Event | None = None) -> None:
        """Run the projection over the whole log without applying anything.

        Each event is read as catch-up reads it: plainly where the view has a reader, so
        what is checked is what the view reads (ADR 1620).
        """
        position, head = 0, watermark(self.app.recorder, 0)
        while position < head and not (stop and stop.is_set()):
            rows = self.log.rows(position + 1, self.batch_size, head)
            self.log.changes(rows)
            position = rows[-1][0] if len(rows) == self.batch_size else head

    def follow(
        self, stop: threading.Event, poll_interval: float = 0.2, gather: float = GATHER_SECONDS
    ) -> None:
        """Catch up, then keep applying new events until ``stop`` is set.

        Only ``catch_up`` ever writes the view, so there is one path to exactly-once. Where the
        recorder can tell (writes of the view's topics, in this process or, on PostgreSQL,
        another) it merely wakes the loop early; the poll interval bounds the wait for what
        no wake announces (another process on SQLite, a writer that died before notifying).
        After a catch-up that applied something, the loop lets ``gather`` seconds pass before
        the next one: under a stream of writes a view then pays its fixed cost per catch-up
        (the watermark, one read, one write of the view and its position) once for the
        events of that window instead of once per event (ADR 1600).
        """
        wake = threading.Event()
        listener = _start_listener(self.app, self.projection.topics, wake, stop)
        try:
            while not stop.is_set():
                wake.clear()
                started = time.monotonic()
                if self.catch_up(stop=stop) and gather > 0:
                    stop.wait(max(0.0, gather - (time.monotonic() - started)))
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
    """Set ``wake`` when events of ``topics`` are written; None where nothing can tell.

    The ledger's recorders wake followers by topic and read nothing per write (ADR 1521);
    other recorders' subscriptions (POPO) wake on each new event of the topics.
    """
    wake_on = getattr(app.recorder, "wake_on", None)
    if wake_on is not None:
        return wake_on(topics, wake)
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

    def __init__(
        self,
        runners: list[CatchUpRunner[Any]],
        poll_interval: float = 0.2,
        gather: float = GATHER_SECONDS,
    ) -> None:
        self.runners = runners
        self.poll_interval = poll_interval
        self.gather = gather
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
            runner.follow(self._stop, self.poll_interval, self.gather)
        except BaseException as e:  # surfaced by /health and the CLI, never swallowed silently
            self.errors.append(e)
            raise
