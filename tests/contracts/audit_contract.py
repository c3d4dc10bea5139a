"""The audit contract: every kind of tampering is found by ``audit verify``, with its position.

Each scenario builds a fresh store, records events, leaves one gap (a row removed before the
log saw it, as a rolled-back insert leaves), logs and checkpoints everything, tampers with the
store through raw SQL, then verifies. Subclasses give the backend's SQL access.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any

from api import bootstrap
from api.settings import Settings
from domain.audit.verification import ALTERED, CHECKPOINT, DELETED, INSERTED, REORDERED
from tests.factories import answer_run

SCENARIOS = (
    "altered byte",
    "deleted row",
    "inserted forged row",
    "swapped rows",
    "altered checkpoint",
)


class StoreAccess(ABC):
    """Raw SQL on the ledger's events table and the log's checkpoints (positions = ids)."""

    @abstractmethod
    def rows(self) -> list[tuple[int, Any, int, str, bytes]]:
        """(position, originator_id, version, topic, state) of every stored event, in order."""

    @abstractmethod
    def set_state(self, position: int, state: bytes) -> None: ...

    @abstractmethod
    def delete(self, position: int) -> None: ...

    @abstractmethod
    def insert(
        self, position: int, originator_id: Any, version: int, topic: str, state: bytes
    ) -> None: ...

    @abstractmethod
    def move(self, position: int, to: int) -> None: ...

    @abstractmethod
    def checkpoint_note(self, size: int) -> str: ...

    @abstractmethod
    def alter_checkpoint_note(self, size: int, note: str) -> None: ...


def audit_settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={"audit_checkpoint_every_events": 10, "audit_checkpoint_every_seconds": 0.0}
    )


def run_scenario(
    settings: Settings, access: Callable[[Settings], StoreAccess], scenario: str
) -> tuple[str, int, str, int, str]:
    """(scenario, expected position, kind found, position found, detail)."""
    container = bootstrap.build(audit_settings(settings))
    try:
        for pattern in ("rrw", "wr", "rrr", "rw"):
            answer_run(container.ledger, pattern)
        store = access(settings)
        rows = store.rows()
        gap = rows[5]
        store.delete(gap[0])  # before the log sees it: a permanent gap, like a rollback
        audit = container.audit
        assert audit is not None
        container.runners["audit_log"].catch_up()
        audit.checkpointer.issue()
        report = audit.verify()
        assert report.ok, report.findings
        assert report.signed_size == len(rows) - 1
        rows = store.rows()
        expected, kind = _tamper(store, scenario, rows, gap)
        report = audit.verify()
        found = report.first
        assert found is not None, f"{scenario}: nothing found"
        assert (found.kind, found.position) == (kind, expected), (scenario, report.findings)
        return scenario, expected, found.kind, found.position, found.detail
    finally:
        container.close()


def _tamper(store: StoreAccess, scenario: str, rows: list[Any], gap: Any) -> tuple[int, str]:
    if scenario == "altered byte":
        position, state = rows[7][0], bytearray(rows[7][4])
        state[len(state) // 2] ^= 0x01
        store.set_state(position, bytes(state))
        return position, ALTERED
    if scenario == "deleted row":
        store.delete(rows[9][0])
        return rows[9][0], DELETED
    if scenario == "inserted forged row":
        _, oid, version, topic, state = rows[3]
        store.insert(gap[0], oid, version + 1000, topic, state)
        return gap[0], INSERTED
    if scenario == "swapped rows":
        a, b = rows[10][0], rows[12][0]
        store.move(a, -1)
        store.move(b, a)
        store.move(-1, b)
        return a, REORDERED
    assert scenario == "altered checkpoint"
    size = len(rows)
    note = store.checkpoint_note(size)
    store.alter_checkpoint_note(size, note.replace(f"\n{size}\n", f"\n{size + 1}\n", 1))
    return size, CHECKPOINT


def print_table(backend: str, results: list[tuple[str, int, str, int, str]]) -> None:
    print(f"\naudit verify on {backend}: {len(results)}/{len(SCENARIOS)} tamperings detected")
    print(f"{'tampering':<22} {'expected':>8} {'found':<20} {'position':>8}  detail")
    for scenario, expected, kind, position, detail in results:
        print(f"{scenario:<22} {expected:>8} {kind:<20} {position:>8}  {detail}")
