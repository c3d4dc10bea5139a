"""SQLite profiles view (the embedded default), in the view's own file."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Tracking
from eventsourcing.sqlite import SQLiteDatastore, SQLiteTrackingRecorder

from projections.base import Change
from projections.profiles.view import (
    ELEMENT,
    OPENED,
    STATUS,
    CompetenceRow,
    ElementRow,
    ProfilesView,
)

_SELECT = (
    "SELECT c.learner_id, c.competence_code, c.status, e.skill_id, e.status, e.source, "
    "e.earned_pix, e.created_at FROM profile_competences c "
    "LEFT JOIN profile_elements e ON e.evaluation_id = c.evaluation_id "
)
_ORDER = " ORDER BY c.learner_id, c.competence_code, e.skill_id"


class SQLiteProfilesView(SQLiteTrackingRecorder, ProfilesView):
    """Two tables: competences by evaluation id, latest elements by (evaluation, skill)."""

    def __init__(self, datastore: SQLiteDatastore, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)

    def construct_create_table_statements(self) -> list[str]:
        """The tracking table plus the two profile tables."""
        return [
            *super().construct_create_table_statements(),
            "CREATE TABLE IF NOT EXISTS profile_competences (evaluation_id TEXT PRIMARY KEY, "
            "learner_id TEXT NOT NULL, competence_code TEXT NOT NULL, status TEXT)",
            "CREATE INDEX IF NOT EXISTS profile_competences_learner "
            "ON profile_competences (learner_id)",
            "CREATE TABLE IF NOT EXISTS profile_elements (evaluation_id TEXT NOT NULL, "
            "skill_id TEXT NOT NULL, status TEXT NOT NULL, source TEXT NOT NULL, "
            "earned_pix REAL NOT NULL, created_at TEXT NOT NULL, "
            "PRIMARY KEY (evaluation_id, skill_id)) WITHOUT ROWID",
        ]

    def apply(self, changes: Sequence[Change], tracking: Tracking) -> None:
        """Apply the changes in order and record tracking in one transaction."""
        with self.datastore.transaction(commit=True) as c:
            for change in changes:
                kind, eid = change[0], str(change[1])
                if kind == OPENED:
                    c.execute(
                        "INSERT INTO profile_competences VALUES (?, ?, ?, NULL)",
                        (eid, str(change[2]), change[3]),
                    )
                elif kind == STATUS:
                    c.execute(
                        "UPDATE profile_competences SET status = ? WHERE evaluation_id = ?",
                        (change[2], eid),
                    )
                elif kind == ELEMENT:
                    c.execute(
                        "INSERT OR REPLACE INTO profile_elements VALUES (?, ?, ?, ?, ?, ?)",
                        (eid, *change[2:6], change[6].isoformat()),
                    )
            self._insert_tracking(c, tracking)

    def reset(self, application_name: str) -> None:
        """Empty both tables and drop the tracking row, atomically."""
        with self.datastore.transaction(commit=True) as c:
            c.execute("DELETE FROM profile_competences")
            c.execute("DELETE FROM profile_elements")
            c.execute("DELETE FROM tracking WHERE application_name = ?", (application_name,))

    def competence_rows(self, learner_id: UUID) -> list[CompetenceRow]:
        """The learner's competences, sorted by code."""
        return self._rows(_SELECT + "WHERE c.learner_id = ?" + _ORDER, (str(learner_id),))

    def all_rows(self) -> list[CompetenceRow]:
        """Every row, sorted by learner then competence."""
        return self._rows(_SELECT + _ORDER, ())

    def _rows(self, query: str, params: tuple[Any, ...]) -> list[CompetenceRow]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(query, params)
            records = c.fetchall()
        return fold_rows(
            (UUID(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], r[7] and datetime.fromisoformat(r[7]))
            for r in records
        )


def fold_rows(records: Any) -> list[CompetenceRow]:
    """Group joined (competence, element) records, already ordered, into rows."""
    rows: list[CompetenceRow] = []
    current: tuple[UUID, str, str | None] | None = None
    elements: list[ElementRow] = []
    for learner, code, status, skill, e_status, source, pix, created in records:
        if current != (learner, code, status):
            if current is not None:
                rows.append(CompetenceRow(*current, tuple(elements)))
            current, elements = (learner, code, status), []
        if skill is not None:
            elements.append(ElementRow(skill, e_status, source, float(pix), created))
    if current is not None:
        rows.append(CompetenceRow(*current, tuple(elements)))
    return rows
