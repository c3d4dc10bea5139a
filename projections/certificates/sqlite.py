"""SQLite certificates view (the embedded default), in the view's own file."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.sqlite import SQLiteDatastore, SQLiteTrackingRecorder

from projections.base import Change
from projections.certificates.sql import TABLES, SQLCertificateStore, create_statements
from projections.certificates.view import CertificatesView

_NAMES = {t: f"certificates_{t}" for t in TABLES}


class SQLiteCertificatesView(SQLiteTrackingRecorder, CertificatesView):
    """Five tables (sessions, candidates, courses, revoked entries, share links)."""

    def __init__(self, datastore: SQLiteDatastore, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)

    def construct_create_table_statements(self) -> list[str]:
        """The tracking table plus the view's tables."""
        return [*super().construct_create_table_statements(), *create_statements(_NAMES)]

    def apply(self, changes: Sequence[Change], tracking: Tracking) -> None:
        """Fold the changes and record tracking in one transaction."""
        with self.datastore.transaction(commit=True) as c:
            self.apply_to(SQLCertificateStore(c, _NAMES, "?"), changes)
            self._insert_tracking(c, tracking)

    def reset(self, application_name: str) -> None:
        """Empty every table and drop the tracking row, atomically."""
        with self.datastore.transaction(commit=True) as c:
            SQLCertificateStore(c, _NAMES, "?").clear()
            c.execute("DELETE FROM tracking WHERE application_name = ?", (application_name,))

    @contextmanager
    def reader(self) -> Iterator[SQLCertificateStore]:
        """A store over a read transaction."""
        with self.datastore.transaction(commit=False) as c:
            yield SQLCertificateStore(c, _NAMES, "?")

    def dump_all(self) -> dict[str, list[str]]:
        """Every row of every table as JSON text, sorted."""
        with self.reader() as store:
            return store.dump_all()
