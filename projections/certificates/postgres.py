"""PostgreSQL certificates view; tables are prefixed with the projection name."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from psycopg.sql import SQL, Identifier

from projections.base import Change
from projections.certificates.sql import TABLES, SQLCertificateStore, create_statements
from projections.certificates.view import CertificatesView


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class PostgresCertificatesView(PostgresTrackingRecorder, CertificatesView):
    """Tables ``certificates_<table>`` in the datastore's schema; one transaction per batch."""

    def __init__(
        self,
        datastore: PostgresDatastore,
        *,
        tracking_table_name: str = "certificates_tracking",
        **kwargs: Any,
    ) -> None:
        super().__init__(datastore, tracking_table_name=tracking_table_name, **kwargs)
        schema = _quoted(datastore.schema)
        self.names = {t: f"{schema}.{_quoted('certificates_' + t)}" for t in TABLES}
        self.sql_create_statements += [SQL(s).format() for s in create_statements(self.names)]

    def apply(self, changes: Sequence[Change], tracking: Tracking) -> None:
        """Fold the changes and record tracking in one transaction."""
        with self.datastore.transaction(commit=True) as curs:
            self.apply_to(SQLCertificateStore(curs, self.names, "%s"), changes)
            self._insert_tracking(curs, tracking)

    def reset(self, application_name: str) -> None:
        """Empty every table and drop the tracking row, atomically."""
        with self.datastore.transaction(commit=True) as curs:
            SQLCertificateStore(curs, self.names, "%s").clear()
            curs.execute(
                SQL("DELETE FROM {}.{} WHERE application_name = %s").format(
                    Identifier(self.datastore.schema), Identifier(self.tracking_table_name)
                ),
                (application_name,),
            )

    @contextmanager
    def reader(self) -> Iterator[SQLCertificateStore]:
        """A store over a read transaction."""
        with self.datastore.transaction(commit=False) as curs:
            yield SQLCertificateStore(curs, self.names, "%s")

    def dump_all(self) -> dict[str, list[str]]:
        """Every row of every table as JSON text, sorted."""
        with self.reader() as store:
            return store.dump_all()
