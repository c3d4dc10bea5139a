"""In-memory documents view (tests and ``memory://``)."""

from __future__ import annotations

import copy
import json
from abc import ABC
from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.popo import POPOTrackingRecorder

from projections.base import Change
from projections.documents.store import BatchDocuments, DocumentsView, dumps


class _Docs:
    def __init__(self, rows: dict[tuple[str, str], tuple[str, str]]) -> None:
        self.rows = rows

    def get(self, kind: str, id: str) -> tuple[str, dict[str, Any]] | None:
        found = self.rows.get((kind, id))
        return None if found is None else (found[0], json.loads(found[1]))

    def put(self, kind: str, id: str, scope: str, data: dict[str, Any]) -> None:
        self.rows[(kind, id)] = (scope, dumps(data))

    def put_many(self, rows: list[tuple[str, str, str, str]]) -> None:
        for kind, id, scope, text in rows:
            self.rows[(kind, id)] = (scope, text)


class POPODocumentsView(POPOTrackingRecorder, DocumentsView, ABC):
    """One dict of canonical JSON rows, swapped whole under the recorder's lock."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: dict[tuple[str, str], tuple[str, str]] = {}

    def apply(self, changes: Sequence[Change], tracking: Tracking) -> None:
        """Apply the changes to a copy, then swap it in with the tracking, under one lock."""
        with self._database_lock:
            self._assert_tracking_uniqueness(tracking)
            rows = _Docs(copy.copy(self._rows))
            docs = BatchDocuments(rows)
            for change in changes:
                self.apply_change(docs, change)
            docs.flush()
            self._insert_tracking(tracking)
            self._rows = rows.rows

    def reset(self, application_name: str) -> None:
        """Forget every row and the tracking position."""
        with self._database_lock:
            self._rows = {}
            self._max_tracking_ids.pop(application_name, None)

    def document(self, kind: str, id: str) -> dict[str, Any] | None:
        """One document's data, or None."""
        found = self._rows.get((kind, id))
        return None if found is None else dict(json.loads(found[1]))

    def documents(self, kind: str, scope: str) -> list[tuple[str, dict[str, Any]]]:
        """Documents of ``kind`` in ``scope``, by id."""
        rows = self._rows
        return sorted(
            (i, json.loads(data)) for (k, i), (s, data) in rows.items() if k == kind and s == scope
        )

    def all_documents(self) -> list[tuple[str, str, str, str]]:
        """Every row, sorted."""
        return sorted((k, i, s, d) for (k, i), (s, d) in self._rows.items())
