"""In-memory profiles view (tests and ``memory://``)."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from eventsourcing.persistence import Tracking
from eventsourcing.popo import POPOTrackingRecorder

from projections.base import Change
from projections.profiles.view import (
    ELEMENT,
    OPENED,
    STATUS,
    CompetenceRow,
    ElementRow,
    ProfilesView,
)


class POPOProfilesView(POPOTrackingRecorder, ProfilesView):
    """Dicts guarded by the recorder's lock, so rows and tracking move together."""

    def __init__(self) -> None:
        super().__init__()
        self._competences: dict[UUID, tuple[UUID, str, str | None]] = {}
        self._elements: dict[UUID, dict[str, ElementRow]] = {}

    def apply(self, changes: Sequence[Change], tracking: Tracking) -> None:
        """Apply the changes in order, then the tracking, under one lock."""
        with self._database_lock:
            self._assert_tracking_uniqueness(tracking)
            competences = dict(self._competences)
            elements = {k: dict(v) for k, v in self._elements.items()}
            for change in changes:
                kind, eid = change[0], change[1]
                if kind == OPENED:
                    competences[eid] = (change[2], change[3], None)
                elif kind == STATUS:
                    learner, code, _ = competences[eid]
                    competences[eid] = (learner, code, change[2])
                elif kind == ELEMENT:
                    elements.setdefault(eid, {})[change[2]] = ElementRow(*change[2:])
            self._insert_tracking(tracking)
            self._competences, self._elements = competences, elements

    def reset(self, application_name: str) -> None:
        """Forget every row and the tracking position."""
        with self._database_lock:
            self._competences.clear()
            self._elements.clear()
            self._max_tracking_ids.pop(application_name, None)

    def competence_rows(self, learner_id: UUID) -> list[CompetenceRow]:
        """The learner's competences, sorted by code."""
        return [r for r in self.all_rows() if r.learner_id == learner_id]

    def all_rows(self) -> list[CompetenceRow]:
        """Every row, sorted by learner then competence."""
        with self._database_lock:
            rows = [
                CompetenceRow(
                    learner,
                    code,
                    status,
                    tuple(v for _, v in sorted(self._elements.get(eid, {}).items())),
                )
                for eid, (learner, code, status) in self._competences.items()
            ]
        return sorted(rows, key=lambda r: (str(r.learner_id), r.competence_code))
