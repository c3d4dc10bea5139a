"""Recorded events of certified sessions, saved straight into a ledger (no jury commands needed).

Builds the aggregates the certificates read: a session with enrolled candidates (identity
sealed through the ledger's vault), their courses with a ``Scored`` result, then the jury's
``SessionDeliberation`` (published, unpublished) and ``JuryCase`` (a later result).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from domain.application import CertificationLedger
from domain.certification.course import CertificationCourse
from domain.certification.session import CertificationSession
from domain.certification.v2_course import V2CertificationCourse
from jury.case import JuryCase
from jury.deliberation import SessionDeliberation
from tests.factories import T0

JURY = {"actor_id": "c0ffee00-0000-4000-8000-0000000000j1", "actor_role": "JURY"}
CENTRE = {"actor_id": "c0ffee00-0000-4000-8000-0000000000aa", "actor_role": "CENTER_ADMIN"}
COMPETENCES = [
    f"{a}.{c}" for a, n in ((1, 3), (2, 4), (3, 4), (4, 3), (5, 2)) for c in range(1, n + 1)
]


def validated(pix: int = 412, mesh: int = 3) -> dict[str, Any]:
    """A validated v3 result with a mark on each of the 16 competences."""
    return {
        "status": "validated",
        "auto_jury_comment": None,
        "pix_score": pix,
        "capacity": 0.8,
        "mesh_index": mesh,
        "degraded": False,
        "competence_marks": [
            {"competence_id": code, "level": (i % 5) + 1, "score": 0}
            for i, code in enumerate(COMPETENCES)
        ],
        "algorithm": {"name": "v3-result", "version": 1},
    }


def validated_v2(pix: int = 352, cap: int = 5) -> dict[str, Any]:
    """A validated v2 result: a level (capped) and its pix on each of the 16 competences."""
    marks = [
        {"competence_id": code, "level": min(cap, (i % 6) + 1), "score": 8 * min(cap, (i % 6) + 1)}
        for i, code in enumerate(COMPETENCES)
    ]
    return {
        "status": "validated",
        "auto_jury_comment": None,
        "pix_score": pix,
        "mesh_index": None,
        "competence_marks": marks,
        "algorithm": {"name": "v2-scoring", "version": 1},
        "reproducibility_rate": 85,
    }


def rejected() -> dict[str, Any]:
    return {**validated(0, 0), "status": "rejected", "pix_score": 0, "competence_marks": []}


@dataclass
class Seat:
    first_name: str
    last_name: str
    birthdate: str = "2005-03-14"
    result: dict[str, Any] = field(default_factory=validated)
    code: str = "P-BCDFGH23"
    user_id: UUID = field(default_factory=uuid4)
    course_id: UUID | None = None
    session_id: UUID | None = None
    candidate_id: UUID | None = None
    version: int = 3
    """2: a ``V2CertificationCourse`` whose start records the level cap ``v2_cap``."""
    v2_cap: int = 5

    @property
    def course(self) -> UUID:
        """The course id (set by ``record_session``)."""
        assert self.course_id is not None
        return self.course_id


def record_session(
    ledger: CertificationLedger,
    seats: list[Seat],
    *,
    centre_name: str = "Centre Pix Lyon",
    taken_at: datetime = T0,
) -> UUID:
    """A finalised-and-scored session: one course per seat; returns the session id."""
    vault = ledger.personal_data_vault
    assert vault is not None
    session = CertificationSession(
        centre_id=uuid4(),
        centre_name=centre_name,
        centre_type="PRO",
        address="1 rue de la Paix",
        room="B12",
        examiner="M. Martin",
        date=taken_at.date().isoformat(),
        time="09:00",
        description=None,
        version=3,
        access_code="BCDF23",
        invigilator_password="b2c3d4",
        created_at=taken_at - timedelta(days=7),
        **CENTRE,
    )
    courses = []
    for seat in seats:
        seat.candidate_id = uuid4()
        vault.create_key(seat.candidate_id)
        fields = {
            "first_name": seat.first_name,
            "last_name": seat.last_name,
            "birthdate": seat.birthdate,
            "birth_country": "FRANCE",
            "birth_city": "Lyon",
        }
        sealed = {k: vault.seal(seat.candidate_id, v) for k, v in fields.items()}
        session._enrol(
            seat.candidate_id,
            vault.blind_index(f"{seat.first_name}|{seat.last_name}"),
            sealed,
            {"external_id": f"EXT-{seat.last_name}", "extra_time_ratio": 0.0},
            "one",
            taken_at - timedelta(days=3),
            CENTRE["actor_id"],
            CENTRE["actor_role"],
        )
        common: dict[str, Any] = {
            "session_id": session.id,
            "candidate_id": seat.candidate_id,
            "user_id": seat.user_id,
            "framework_key": "pix-v1",
            "bank_key": "sample-v1",
            "locale": "fr-fr",
            "accessibility_adjusted": False,
            "extra_time_ratio": 0.0,
            "time_limit_seconds": 6300,
            "verification_code": seat.code,
            "started_at": taken_at,
            "actor_id": str(seat.user_id),
            "actor_role": "CANDIDATE",
        }
        course: CertificationCourse
        if seat.version == 2:
            course = V2CertificationCourse(
                **common,
                configuration={"max_reachable_level": seat.v2_cap},
                algorithm={"name": "v2-draw", "version": 1},
                profile_at=taken_at,
                profile=[],
                skills={},
                already_answered=[],
                picks=[],
                questions=[],
            )
        else:
            course = CertificationCourse(
                **common,
                configuration={},
                algorithm={"name": "v3-next-challenge", "version": 1},
            )
        course._score(seat.result, taken_at + timedelta(hours=2), "system", "SYSTEM")
        seat.course_id = course.id
        seat.session_id = session.id
        courses.append(course)
    ledger.save(session, *courses)
    return session.id


def publish(
    ledger: CertificationLedger, session_id: UUID, course_ids: list[UUID], at: datetime
) -> None:
    """The jury publishes the session (opening its deliberation the first time)."""
    deliberation_id = SessionDeliberation.create_id(session_id)
    try:
        deliberation: SessionDeliberation = ledger.repository.get(deliberation_id)
    except Exception:  # first action on this session
        deliberation = SessionDeliberation(
            session_id=session_id, opened_at=at - timedelta(hours=1), **JURY
        )
    deliberation._publish(
        session_id=session_id, course_ids=tuple(course_ids), published_at=at, **JURY
    )
    ledger.save(deliberation)


def unpublish(ledger: CertificationLedger, session_id: UUID, at: datetime) -> None:
    deliberation: SessionDeliberation = ledger.repository.get(
        SessionDeliberation.create_id(session_id)
    )
    deliberation._unpublish(
        session_id=session_id, reason="identity error", unpublished_at=at, **JURY
    )
    ledger.save(deliberation)


def record_result(
    ledger: CertificationLedger,
    session_id: UUID,
    course_id: UUID,
    result: dict[str, Any],
    at: datetime,
    decision: str = "cancelled",
) -> None:
    """The jury records a new result for a course (its case opened the first time)."""
    case_id = JuryCase.create_id(course_id)
    try:
        case: JuryCase = ledger.repository.get(case_id)
    except Exception:
        case = JuryCase(course_id=course_id, session_id=session_id, opened_at=at, **JURY)
    case._record_result(
        course_id=course_id,
        session_id=session_id,
        result=result,
        decision=decision,
        emitter="Jury Pix",
        reason="decided by the jury",
        rule_version="test",
        recorded_at=at,
        **JURY,
    )
    ledger.save(case)
