"""The skip test: concurrent writers and a following runner; no view may miss an event.

Eight threads append single-event saves as fast as they can while a runner catches up in a
tight loop; after each round the view's events are compared with a full scan of the log.
Without a watermark, PostgreSQL with the library's insert function (no table lock) commits ids
out of order and the runner skips events that commit late behind a higher id.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import Tracking
from eventsourcing.popo import POPOTrackingRecorder

from domain.ledger_base import LedgerBase
from projections.base import BatchView, Change, LedgerProjection
from projections.runner import CatchUpRunner

WRITERS = 8


class Tick(Aggregate):
    """One counter per writer thread; each tick is one save of one event."""

    @event("Ticked")
    def tick(self) -> None:
        pass


class TickLedger(Application[UUID]):
    """An application with the ledger's store settings (the insert function included)."""

    name = "ledger"
    env: ClassVar[dict[str, str]] = dict(LedgerBase.env)


class SeenView(POPOTrackingRecorder, BatchView):
    """Every (originator, version) the runner applied."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[tuple[UUID, int]] = set()

    def apply(self, changes: Sequence[Change], tracking: Tracking) -> None:
        with self._database_lock:
            self._assert_tracking_uniqueness(tracking)
            self.seen.update((c[0], c[1]) for c in changes)
            self._insert_tracking(tracking)

    def reset(self, application_name: str) -> None:
        with self._database_lock:
            self.seen.clear()
            self._max_tracking_ids.pop(application_name, None)


class SeenProjection(LedgerProjection[SeenView]):
    name = "seen"

    def changes_for(self, domain_event: Any) -> list[Change]:
        return [(domain_event.originator_id, domain_event.originator_version)]


def run_rounds(env: dict[str, str], rounds: int, ticks: int) -> list[int]:
    """Events the view has missed after each round (all zeros when it never misses one)."""
    app = TickLedger(env)
    runner = CatchUpRunner(app, SeenProjection(view=SeenView()), batch_size=50)
    missed: list[int] = []
    try:
        counters = [Tick() for _ in range(WRITERS)]
        app.save(*counters)
        for _ in range(rounds):
            _write_while_following(app, runner, [c.id for c in counters], ticks)
            runner.catch_up()
            stored = {
                (n.originator_id, n.originator_version)
                for n in app.recorder.select_notifications(start=1, limit=10**9)
            }
            missed.append(len(stored - runner.view.seen))
            assert runner.view.seen <= stored
    finally:
        app.close()
    return missed


def _write_while_following(
    app: TickLedger, runner: CatchUpRunner[SeenView], counter_ids: list[UUID], ticks: int
) -> None:
    done = threading.Event()
    errors: list[BaseException] = []

    def write(counter_id: UUID) -> None:
        try:
            for _ in range(ticks):
                counter: Tick = app.repository.get(counter_id)
                counter.tick()
                app.save(counter)
        except BaseException as e:  # reported by the assertion below
            errors.append(e)

    def follow() -> None:
        while not done.is_set():
            runner.catch_up()

    follower = threading.Thread(target=follow)
    follower.start()
    writers = [threading.Thread(target=write, args=(c,)) for c in counter_ids]
    for w in writers:
        w.start()
    for w in writers:
        w.join()
    done.set()
    follower.join()
    assert not errors, errors
