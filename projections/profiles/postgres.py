"""PostgreSQL profiles view; tables are prefixed with the projection name."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from psycopg.sql import SQL, Composed, Identifier

from projections.base import Change
from projections.profiles.sqlite import fold_rows
from projections.profiles.view import ELEMENT, OPENED, STATUS, CompetenceRow, ProfilesView


class PostgresProfilesView(PostgresTrackingRecorder, ProfilesView):
    """Tables ``profiles_competences`` and ``profiles_elements``; one transaction per batch."""

    def __init__(
        self,
        datastore: PostgresDatastore,
        *,
        tracking_table_name: str = "profiles_tracking",
        **kwargs: Any,
    ) -> None:
        super().__init__(datastore, tracking_table_name=tracking_table_name, **kwargs)
        schema = Identifier(datastore.schema)
        self.competences = (schema, Identifier("profiles_competences"))
        self.elements = (schema, Identifier("profiles_elements"))
        self.sql_create_statements += [
            SQL(
                "CREATE TABLE IF NOT EXISTS {}.{} (evaluation_id uuid PRIMARY KEY, "
                "learner_id uuid NOT NULL, competence_code text NOT NULL, status text)"
            ).format(*self.competences),
            SQL(
                "CREATE INDEX IF NOT EXISTS profiles_competences_learner ON {}.{} (learner_id)"
            ).format(*self.competences),
            SQL(
                "CREATE TABLE IF NOT EXISTS {}.{} (evaluation_id uuid NOT NULL, "
                "skill_id text NOT NULL, status text NOT NULL, source text NOT NULL, "
                "earned_pix double precision NOT NULL, created_at timestamptz NOT NULL, "
                "PRIMARY KEY (evaluation_id, skill_id))"
            ).format(*self.elements),
        ]
        self._open = SQL("INSERT INTO {}.{} VALUES (%s, %s, %s, NULL)").format(*self.competences)
        self._status = SQL("UPDATE {}.{} SET status = %s WHERE evaluation_id = %s").format(
            *self.competences
        )
        self._element = SQL(
            "INSERT INTO {}.{} VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT "
            "(evaluation_id, skill_id) DO UPDATE SET status = excluded.status, "
            "source = excluded.source, earned_pix = excluded.earned_pix, "
            "created_at = excluded.created_at"
        ).format(*self.elements)
        self._select = SQL(
            "SELECT c.learner_id, c.competence_code, c.status AS competence_status, e.skill_id, "
            "e.status AS element_status, e.source, e.earned_pix, e.created_at "
            "FROM {}.{} c LEFT JOIN {}.{} e "
            "ON e.evaluation_id = c.evaluation_id "
        ).format(*self.competences, *self.elements)
        self._order = SQL(" ORDER BY c.learner_id::text, c.competence_code, e.skill_id")

    def apply(self, changes: Sequence[Change], tracking: Tracking) -> None:
        """Apply the changes in order and record tracking in one transaction."""
        with self.datastore.transaction(commit=True) as curs:
            for change in changes:
                kind, eid = change[0], change[1]
                if kind == OPENED:
                    curs.execute(self._open, (eid, change[2], change[3]))
                elif kind == STATUS:
                    curs.execute(self._status, (change[2], eid))
                elif kind == ELEMENT:
                    curs.execute(self._element, (eid, *change[2:]))
            self._insert_tracking(curs, tracking)

    def reset(self, application_name: str) -> None:
        """Empty both tables and drop the tracking row, atomically."""
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(SQL("DELETE FROM {}.{}").format(*self.competences))
            curs.execute(SQL("DELETE FROM {}.{}").format(*self.elements))
            curs.execute(
                SQL("DELETE FROM {}.{} WHERE application_name = %s").format(
                    Identifier(self.datastore.schema), Identifier(self.tracking_table_name)
                ),
                (application_name,),
            )

    def competence_rows(self, learner_id: UUID) -> list[CompetenceRow]:
        """The learner's competences, sorted by code."""
        return self._rows(
            self._select + SQL("WHERE c.learner_id = %s") + self._order, (learner_id,)
        )

    def all_rows(self) -> list[CompetenceRow]:
        """Every row, sorted by learner then competence."""
        return self._rows(self._select + self._order, ())

    def _rows(self, query: Composed, params: tuple[Any, ...]) -> list[CompetenceRow]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(query, params)
            records = curs.fetchall()
        # Rows come as dicts in select order (columns are aliased so no name repeats).
        return fold_rows(tuple(r.values()) for r in records)
