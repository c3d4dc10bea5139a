"""A batch's documents: reads see the batch's writes, each document is written once (ADR 1543)."""

from __future__ import annotations

import json
from typing import Any

from projections.documents.store import BatchDocuments, dumps


class CountingStore:
    """A store that counts the reads and writes reaching it."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], tuple[str, str]] = {("p", "1"): ("c", dumps({"n": 0}))}
        self.reads = 0
        self.writes: list[tuple[str, str, str, str]] = []

    def get(self, kind: str, id: str) -> tuple[str, dict[str, Any]] | None:
        self.reads += 1
        found = self.rows.get((kind, id))
        return None if found is None else (found[0], json.loads(found[1]))

    def put(self, kind: str, id: str, scope: str, data: dict[str, Any]) -> None:
        self.put_many([(kind, id, scope, dumps(data))])

    def put_many(self, rows: list[tuple[str, str, str, str]]) -> None:
        self.writes.extend(rows)
        for kind, id, scope, text in rows:
            self.rows[(kind, id)] = (scope, text)


def test_a_document_changed_many_times_is_read_once_and_written_once() -> None:
    store = CountingStore()
    batch = BatchDocuments(store)
    for _ in range(5):
        found = batch.get("p", "1")
        assert found is not None
        scope, doc = found
        doc["n"] += 1
        batch.put("p", "1", scope, doc)
    assert store.writes == []  # nothing before the flush
    batch.flush()
    assert store.reads == 1
    assert store.writes == [("p", "1", "c", dumps({"n": 5}))]


def test_a_read_document_changed_but_not_put_back_changes_nothing() -> None:
    store = CountingStore()
    batch = BatchDocuments(store)
    batch.put("q", "2", "c", {"items": [1]})
    found = batch.get("q", "2")
    assert found is not None
    found[1]["items"].append(2)  # not put back
    assert batch.get("q", "2") == ("c", {"items": [1]})
    batch.flush()
    assert store.rows[("q", "2")] == ("c", dumps({"items": [1]}))
