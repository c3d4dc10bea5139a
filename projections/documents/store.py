"""Read models stored as JSON documents by (kind, id), listed by scope, on every backend.

Every backend keeps one table ``(kind, id, scope, data)``; a read model gives its view class a
table name and an ``apply_change(store, change)`` function that turns one change into reads and
writes of documents inside the backend's transaction. The data is canonical JSON, so a rebuilt
view compares byte for byte with the incremental one.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any, ClassVar, Protocol

from projections.base import BatchView, Change


class DocumentStore(Protocol):
    """The two operations a backend offers inside one transaction."""

    def get(self, kind: str, id: str) -> tuple[str, dict[str, Any]] | None:
        """The document's scope and data, or None."""

    def put(self, kind: str, id: str, scope: str, data: dict[str, Any]) -> None:
        """Insert or replace the document."""

    def put_many(self, rows: list[tuple[str, str, str, str]]) -> None:
        """Insert or replace (kind, id, scope, canonical JSON) rows."""


def dumps(data: dict[str, Any]) -> str:
    """Canonical JSON, so rebuilt and incremental rows compare byte for byte."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


def update(
    store: DocumentStore, kind: str, key: str, change: Callable[[dict[str, Any]], Any]
) -> None:
    """Read, modify and write one document (nothing if it does not exist)."""
    found = store.get(kind, key)
    if found is None:
        return
    scope, doc = found
    change(doc)
    store.put(kind, key, scope, doc)


class BatchDocuments:
    """One batch's documents: reads see the batch's own writes, writes go out once, at the end.

    A batch often changes one document many times (a participation gets every answer's
    elements, ADR 1543): each is read from the store at most once and written once. Documents
    are held as canonical JSON, so changing a dict that was read without putting it back
    changes nothing, as with the store itself.
    """

    def __init__(self, store: DocumentStore) -> None:
        self.store = store
        self.pending: dict[tuple[str, str], tuple[str, str]] = {}

    def get(self, kind: str, id: str) -> tuple[str, dict[str, Any]] | None:
        """The batch's own version of the document, else the store's."""
        found = self.pending.get((kind, id))
        if found is not None:
            return found[0], json.loads(found[1])
        return self.store.get(kind, id)

    def put(self, kind: str, id: str, scope: str, data: dict[str, Any]) -> None:
        """Keep the new version until ``flush``."""
        self.pending[(kind, id)] = (scope, dumps(data))

    def put_many(self, rows: list[tuple[str, str, str, str]]) -> None:
        """Keep these rows until ``flush``."""
        for kind, id, scope, text in rows:
            self.pending[(kind, id)] = (scope, text)

    def flush(self) -> None:
        """Write every document changed in the batch, once (same transaction)."""
        if self.pending:
            self.store.put_many([(k, i, s, text) for (k, i), (s, text) in self.pending.items()])
            self.pending.clear()


class DocumentsView(BatchView, ABC):
    """A view of documents; subclasses name the table and the change function."""

    table_name: ClassVar[str]

    @abstractmethod
    def apply_change(self, store: DocumentStore, change: Change) -> None:
        """Turn one change into reads and writes of documents (pure apart from ``store``)."""

    @abstractmethod
    def document(self, kind: str, id: str) -> dict[str, Any] | None:
        """One document's data, or None."""

    @abstractmethod
    def documents(self, kind: str, scope: str) -> list[tuple[str, dict[str, Any]]]:
        """(id, data) of every document of ``kind`` in ``scope``, sorted by id."""

    @abstractmethod
    def all_documents(self) -> list[tuple[str, str, str, str]]:
        """Every (kind, id, scope, canonical JSON) row, sorted: what rebuild checks compare."""
