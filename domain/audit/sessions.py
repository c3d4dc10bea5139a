"""A session's full history and its replay, read from the ledger's own event store.

The history lists every event of the session, of each of its courses, of each course's jury
case and of the session's deliberation, with actor, role, time and payload. Payload fields
holding personal data are shown only to roles that may read personal data; secrets (access
code, invigilator password, verification code) are never shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.utils import get_topic

from domain.audit.errors import AuditSessionNotFoundError
from domain.audit.replay import CourseReplay, Difference, JuryRescore, replay_course
from domain.bank import ItemBank
from domain.certification.session import CertificationSession
from domain.stored_events import guarded

PERSONAL_FIELDS = frozenset({"sealed", "identity_index", "user_id", "candidate_id"})
SECRET_FIELDS = frozenset({"access_code", "invigilator_password", "verification_code"})
HIDDEN = "[personal data]"

Include = Callable[[UUID, int], bool]
"""Whether an event (originator id, version) is part of the history asked for."""


@dataclass(frozen=True, slots=True)
class HistoryEvent:
    """One event of the session's history."""

    originator_id: UUID
    version: int
    topic: str
    timestamp: datetime
    actor_id: str | None
    actor_role: str | None
    payload: dict[str, Any]


@dataclass
class SessionReplay:
    """Every course replayed; ``ok`` when no difference was found."""

    session_id: UUID
    courses: list[CourseReplay] = field(default_factory=list)

    @property
    def differences(self) -> list[Difference]:
        """Every difference, course by course."""
        return [d for c in self.courses for d in c.differences]

    @property
    def ok(self) -> bool:
        """True when the replay reproduced every recorded decision."""
        return not self.differences


class SessionAudit:
    """Reads a session's streams from one ledger application (no view, no cache).

    The jury's aggregate ids are given by the caller (``jury.case.JuryCase.create_id`` and
    ``jury.deliberation.SessionDeliberation.create_id``): the domain does not import the jury.
    """

    def __init__(
        self,
        ledger: Application[UUID],
        bank: ItemBank,
        *,
        jury_case_id: Callable[[UUID], UUID],
        deliberation_id: Callable[[UUID], UUID],
        jury_rescore: JuryRescore | None = None,
    ) -> None:
        self.ledger = ledger
        self.bank = bank
        self.jury_case_id = jury_case_id
        self.deliberation_id = deliberation_id
        self.jury_rescore = jury_rescore

    def _events(self, aggregate_id: UUID, include: Include | None) -> list[Any]:
        events = guarded(
            f"aggregate {aggregate_id}", lambda: list(self.ledger.events.get(aggregate_id))
        )
        return [
            e for e in events if include is None or include(e.originator_id, e.originator_version)
        ]

    def course_ids(self, session_id: UUID) -> list[UUID]:
        """The session's courses, in enrolment order."""
        events = self._events(session_id, None)
        if not events or not isinstance(events[0], CertificationSession.Created):
            raise AuditSessionNotFoundError(f"no certification session {session_id}")
        session: CertificationSession = guarded(
            f"aggregate {session_id}", lambda: self.ledger.repository.get(session_id)
        )
        return [c.course_id for c in session.candidates.values() if c.course_id is not None]

    def history(
        self, session_id: UUID, *, personal: bool, include: Include | None = None
    ) -> list[HistoryEvent]:
        """Every event of the session, its courses, their jury cases and its deliberation."""
        streams = [session_id, self.deliberation_id(session_id)]
        for course_id in self.course_ids(session_id):
            streams += [course_id, self.jury_case_id(course_id)]
        events = [e for s in streams for e in self._events(s, include)]
        events.sort(key=lambda e: (e.timestamp, str(e.originator_id), e.originator_version))
        return [self._describe(e, personal) for e in events]

    def replay(self, session_id: UUID, include: Include | None = None) -> SessionReplay:
        """Replay every course of the session (see ``domain.audit.replay``)."""
        report = SessionReplay(session_id)
        for course_id in self.course_ids(session_id):
            course_events = self._events(course_id, include)
            if course_events:
                jury = self._events(self.jury_case_id(course_id), include)
                report.courses.append(
                    replay_course(course_events, jury, self.bank, self.jury_rescore)
                )
        return report

    @staticmethod
    def _describe(e: Any, personal: bool) -> HistoryEvent:
        payload: dict[str, Any] = {}
        for key, value in vars(e).items():
            if key in ("originator_id", "originator_version", "timestamp"):
                continue
            if key in SECRET_FIELDS:
                payload[key] = "[secret]"
            elif key in PERSONAL_FIELDS and not personal:
                payload[key] = HIDDEN
            else:
                payload[key] = value
        return HistoryEvent(
            e.originator_id, e.originator_version, get_topic(type(e)), e.timestamp,
            getattr(e, "actor_id", None), getattr(e, "actor_role", None), payload,
        )  # fmt: skip
