"""Followers are woken by writes of the topics they read, in this process or (PostgreSQL) another.

Followers here poll once a minute, so only a wake can bring their view up to date within the
test's few seconds; a follower of other topics is never woken. The cross-process check runs
the writers in a child process and compares the follower's view with a full scan: every event
applied, none twice.
"""

from __future__ import annotations

import collections
import subprocess
import sys
import threading
import time
from typing import Any

from eventsourcing.utils import get_topic

from projections.runner import CatchUpRunner
from tests.contracts.follower_skip import SeenProjection, SeenView, Tick, TickLedger

SLOW_POLL = 60.0
TICKED = get_topic(Tick.Ticked)  # type: ignore[attr-defined]  # made by @event("Ticked")


class CountingRunner(CatchUpRunner[SeenView]):
    """A runner that counts its catch-ups (each one is a wake, or the first one)."""

    catch_ups = 0

    def catch_up(self, *args: Any, **kwargs: Any) -> int:
        self.catch_ups += 1
        return super().catch_up(*args, **kwargs)


class OtherProjection(SeenProjection):
    name = "other"
    topics = ("tests.contracts.follower_wakes:Unwritten.Event",)


class TickProjection(SeenProjection):
    name = "ticks"
    topics = (TICKED,)


def follow(runner: CatchUpRunner[Any], stop: threading.Event) -> threading.Thread:
    thread = threading.Thread(target=runner.follow, args=(stop, SLOW_POLL), daemon=True)
    thread.start()
    return thread


def wait_until(check: Any, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.02)
    return bool(check())


def check_woken_by_its_topics(writer: TickLedger, follower: TickLedger) -> None:
    """``writer`` saves ticks; ``follower``'s tick view catches up, its other view sleeps."""
    stop = threading.Event()
    ticks = CountingRunner(follower, TickProjection(view=SeenView()))
    other = CountingRunner(follower, OtherProjection(view=SeenView()))
    threads = [follow(ticks, stop), follow(other, stop)]
    try:
        assert wait_until(lambda: ticks.catch_ups >= 1 and other.catch_ups >= 1)
        for _ in range(5):
            tick = Tick()
            tick.tick()
            writer.save(tick)
            assert wait_until(lambda t=tick: (t.id, 2) in ticks.view.seen), "follower not woken"
        assert other.catch_ups == 1  # only its first catch-up: never woken by ticks
    finally:
        stop.set()
        for t in threads:
            t.join(5)


CHILD = """
import sys, threading
from tests.contracts.follower_skip import Tick, TickLedger
env = dict(arg.split("=", 1) for arg in sys.argv[1:])
app = TickLedger(env)
def write():
    for _ in range({ticks}):
        t = Tick(); t.tick(); app.save(t)
threads = [threading.Thread(target=write) for _ in range({writers})]
for t in threads: t.start()
for t in threads: t.join()
app.close()
"""


def check_other_process_writes_seen_once(env: dict[str, str], follower: TickLedger) -> None:
    """Writers in a child process; this process's follower applies each event exactly once."""
    stop = threading.Event()
    applied: collections.Counter[tuple[Any, int]] = collections.Counter()
    view = SeenView()
    original_apply = view.apply

    def counting_apply(changes: Any, tracking: Any) -> None:
        applied.update((c[0], c[1]) for c in changes)
        original_apply(changes, tracking)

    view.apply = counting_apply  # type: ignore[method-assign]
    runner = CountingRunner(follower, TickProjection(view=view))
    thread = follow(runner, stop)
    try:
        child = CHILD.format(ticks=25, writers=4)
        subprocess.run(
            [sys.executable, "-c", child, *(f"{k}={v}" for k, v in env.items())],
            check=True,
            timeout=120,
        )
        stored = {
            (n.originator_id, n.originator_version)
            for n in follower.recorder.select_notifications(start=1, limit=10**9)
            if n.topic == TICKED
        }
        assert len(stored) == 100
        assert wait_until(lambda: set(applied) == stored), "a write of the other process unseen"
        assert max(applied.values()) == 1
    finally:
        stop.set()
        thread.join(5)


def check_writes_gather_between_catch_ups(writer: TickLedger, follower: TickLedger) -> None:
    """A stream of writes is applied in a few catch-ups, each event once (ADR 1600).

    With a gathering window of 0.5 s, 60 ticks saved one after another in well under a
    second cost the view a handful of catch-ups, not one per write.
    """
    stop = threading.Event()
    runner = CountingRunner(follower, TickProjection(view=SeenView()))
    thread = threading.Thread(target=runner.follow, args=(stop, SLOW_POLL, 0.5), daemon=True)
    thread.start()
    try:
        assert wait_until(lambda: runner.catch_ups >= 1)
        first = runner.catch_ups
        ticks = []
        for _ in range(60):
            tick = Tick()
            tick.tick()
            writer.save(tick)
            ticks.append(tick)
        assert wait_until(lambda: all((t.id, 2) in runner.view.seen for t in ticks))
        assert runner.catch_ups - first <= 6, runner.catch_ups - first
    finally:
        stop.set()
        thread.join(5)
