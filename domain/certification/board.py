"""The session board (candidates, course progress, alerts, incidents, results) and its rows.

Per session: its candidates, their course's progress and alerts, its incidents and latest
results; and the typed rows the candidate list, supervision and results table show.

One shape, two sources: ``projections.session_board`` keeps it from events (what HTTP reads,
without replaying aggregates), and ``board_of`` builds it from the aggregates (the domain's
queries, and the check that the read model says the same). Identity fields stay sealed in
the board; the rows unseal them through the vault when they are asked for.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from domain.certification.course import CertificationCourse
from domain.certification.delivery import TEST_MINUTES
from domain.certification.roster import AUTHORIZATION_VALIDITY
from domain.certification.session import CertificationSession
from domain.ports import PersonalDataVault


@dataclass(frozen=True)
class CourseProgress:
    """A candidate's course as the invigilator and the results table see it."""

    course_id: UUID
    version: int
    state: str
    answered: int
    started_at: datetime
    ongoing_alert: str | None
    companion_alert: bool
    result: Mapping[str, Any] | None
    """The latest result (a ``Scored`` or a jury's ``ResultRecorded``), None before scoring."""


@dataclass(frozen=True)
class BoardCandidate:
    """An enrolled candidate: sealed identity, options, reconciliation, authorisation, course."""

    candidate_id: UUID
    sealed: Mapping[str, str]
    options: Mapping[str, Any]
    user_id: UUID | None
    reconciled_at: datetime | None
    authorized_at: datetime | None
    course: CourseProgress | None


@dataclass(frozen=True)
class Incident:
    """An incident report on one course of the session (withdrawn reports are gone)."""

    report_id: UUID
    course_id: UUID
    category: str
    subcategory: str | None
    description: str | None
    question_number: int | None
    impactful: bool


@dataclass(frozen=True)
class SessionBoard:
    """Candidates in enrolment order and incidents in report order."""

    session_id: UUID
    candidates: tuple[BoardCandidate, ...]
    incidents: tuple[Incident, ...]


@dataclass(frozen=True)
class CandidateListing:
    """A row of the centre's candidate list."""

    candidate_id: UUID
    first_name: str
    last_name: str
    sex: str
    birthdate: str
    extra_time_ratio: float
    billing_mode: str | None
    user_id: UUID | None
    reconciled_at: datetime | None


@dataclass(frozen=True)
class SupervisedCandidate:
    """A row of the invigilator's screen."""

    candidate_id: UUID
    first_name: str
    last_name: str
    extra_time_ratio: float
    reconciled: bool
    authorized_until: datetime | None
    course_id: UUID | None
    state: str | None
    answered: int
    theoretical_end: datetime | None
    """Indicative, as the spec says; the real limit includes extra time."""
    ongoing_live_alert: str | None
    companion_alert: bool


@dataclass(frozen=True)
class CandidateResult:
    """A row of the results table; v2 and v3 share it (v2 adds the reproducibility rate)."""

    candidate_id: UUID
    first_name: str
    last_name: str
    course_id: UUID | None
    state: str | None
    status: str | None
    pix_score: int | None
    capacity: float | None
    mesh_index: int | None
    degraded: bool | None
    auto_jury_comment: str | None
    competence_marks: tuple[Mapping[str, Any], ...]
    algorithm: Mapping[str, Any] | None
    version: int | None
    reproducibility_rate: int | None


def plain(value: Any) -> Any:
    """``value`` as it reads back from JSON (tuples become lists): both sources agree."""
    return json.loads(json.dumps(value))


def board_of(
    session: CertificationSession, courses: Mapping[UUID, CertificationCourse]
) -> SessionBoard:
    """The board from the aggregates (``courses`` by id: the session's started courses)."""
    candidates = []
    for c in session.candidates.values():
        course = courses.get(c.course_id) if c.course_id else None
        candidates.append(
            BoardCandidate(
                candidate_id=c.candidate_id,
                sealed=dict(c.sealed),
                options=plain(c.options),
                user_id=c.user_id,
                reconciled_at=c.reconciled_at,
                authorized_at=c.authorized_at,
                course=None if course is None else _progress(course),
            )
        )
    incidents = tuple(
        Incident(
            report_id=r["report_id"],
            course_id=r["course_id"],
            category=r["category"],
            subcategory=r["subcategory"],
            description=r["description"],
            question_number=r["question_number"],
            impactful=r["impactful"],
        )
        for r in session.issue_reports.values()
    )
    return SessionBoard(session.id, tuple(candidates), incidents)


def _progress(course: CertificationCourse) -> CourseProgress:
    return CourseProgress(
        course_id=course.id,
        version=course.certification_version,
        state=course.state,
        answered=len(course.answers),
        started_at=course.started_at,
        ongoing_alert=course.ongoing_alert,
        companion_alert=course.companion_alert_ongoing,
        result=plain(course.results[-1]) if course.results else None,
    )


def _identity(vault: PersonalDataVault, candidate: BoardCandidate) -> dict[str, str]:
    return {name: vault.unseal(sealed) for name, sealed in candidate.sealed.items()}


def listing(board: SessionBoard, vault: PersonalDataVault) -> list[CandidateListing]:
    """The candidate list, identities unsealed (``[erased]`` once a key is deleted)."""
    rows = []
    for c in board.candidates:
        fields = _identity(vault, c)
        rows.append(
            CandidateListing(
                candidate_id=c.candidate_id,
                first_name=fields["first_name"],
                last_name=fields["last_name"],
                sex=c.options["sex"],
                birthdate=fields["birthdate"],
                extra_time_ratio=c.options["extra_time_ratio"],
                billing_mode=c.options.get("billing_mode"),
                user_id=c.user_id,
                reconciled_at=c.reconciled_at,
            )
        )
    return rows


def supervision(board: SessionBoard, vault: PersonalDataVault) -> list[SupervisedCandidate]:
    """Each candidate: identity, authorisation, course progress and ongoing alerts."""
    rows = []
    for c in board.candidates:
        fields, course = _identity(vault, c), c.course
        rows.append(
            SupervisedCandidate(
                candidate_id=c.candidate_id,
                first_name=fields["first_name"],
                last_name=fields["last_name"],
                extra_time_ratio=c.options["extra_time_ratio"],
                reconciled=c.user_id is not None,
                authorized_until=(
                    c.authorized_at + AUTHORIZATION_VALIDITY if c.authorized_at else None
                ),
                course_id=course.course_id if course else None,
                state=course.state if course else None,
                answered=course.answered if course else 0,
                theoretical_end=(
                    course.started_at + timedelta(minutes=TEST_MINUTES) if course else None
                ),
                ongoing_live_alert=course.ongoing_alert if course else None,
                companion_alert=course.companion_alert if course else False,
            )
        )
    return rows


def results(board: SessionBoard, vault: PersonalDataVault) -> list[CandidateResult]:
    """Each candidate with their course's latest result (None fields before scoring)."""
    rows = []
    for c in board.candidates:
        fields, course = _identity(vault, c), c.course
        result: Mapping[str, Any] = (course.result if course else None) or {}
        rows.append(
            CandidateResult(
                candidate_id=c.candidate_id,
                first_name=fields["first_name"],
                last_name=fields["last_name"],
                course_id=course.course_id if course else None,
                state=course.state if course else None,
                status=result.get("status"),
                pix_score=result.get("pix_score"),
                capacity=result.get("capacity"),
                mesh_index=result.get("mesh_index"),
                degraded=result.get("degraded"),
                auto_jury_comment=result.get("auto_jury_comment"),
                competence_marks=tuple(result.get("competence_marks", [])),
                algorithm=result.get("algorithm"),
                version=course.version if course else None,
                # v2 only (None for v3): the share of right answers the levels rest on.
                reproducibility_rate=result.get("reproducibility_rate"),
            )
        )
    return rows
