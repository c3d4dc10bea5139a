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
