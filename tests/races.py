"""Races made to happen every time: saves held until every racer has loaded, then released."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

import pytest


def hold_saves_until_all_loaded(
    ledger: Any, monkeypatch: pytest.MonkeyPatch, racers: int = 2
) -> None:
    """Make ``ledger.save`` wait until ``racers`` threads reach it (all have loaded by then)."""
    barrier = threading.Barrier(racers, timeout=10)
    save = ledger.save

    def held_save(*objs: Any, **kwargs: Any) -> Any:
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
        return save(*objs, **kwargs)

    monkeypatch.setattr(ledger, "save", held_save)


def hold_saves_until_all_loaded_in(*ledgers: Any) -> None:
    """Like ``hold_saves_until_all_loaded``, one racer per ledger (as in several processes).

    Patches each ledger's ``save`` for the rest of its life: use ledgers made for the test.
    """
    barrier = threading.Barrier(len(ledgers), timeout=10)
    for ledger in ledgers:
        save = ledger.save

        def held_save(*objs: Any, _save: Any = save, **kwargs: Any) -> Any:
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait()
            return _save(*objs, **kwargs)

        ledger.save = held_save


def race(*commands: Callable[[], object], timeout: float = 60) -> list[object]:
    """Run the commands in threads at once; what each returned, or the exception it raised."""
    outcomes: list[object] = []

    def run(command: Callable[[], object]) -> None:
        try:
            outcomes.append(command())
        except Exception as e:  # the reply its client would get
            outcomes.append(e)

    threads = [threading.Thread(target=run, args=(c,)) for c in commands]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    return outcomes
