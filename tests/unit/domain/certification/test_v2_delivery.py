"""v2 course rules on hand-built courses: resolution of unanswered questions, errors as results."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from domain.bank import load_default_bank
from domain.certification.v2_course import V2CertificationCourse
from domain.certification.v2_delivery import resolve_unanswered, v2_result_record
from tests.factories import T0

BANK = load_default_bank()


def course(profile: list[dict[str, Any]], questions: list[str]) -> V2CertificationCourse:
    return V2CertificationCourse(
        session_id=uuid4(),
        candidate_id=uuid4(),
        user_id=uuid4(),
        framework_key="pix-v1",
        bank_key=BANK.key,
        locale="fr-fr",
        accessibility_adjusted=False,
        extra_time_ratio=0.0,
        time_limit_seconds=6300,
        configuration={"max_reachable_level": 7, "challenges_per_competence": 3},
        algorithm={"name": "v2-generation", "version": 1},
        verification_code="P-BCDFGH23",
        started_at=T0,
        actor_id="candidate",
        actor_role="CANDIDATE",
        profile_at=T0,
        profile=profile,
        skills={},
        already_answered=[],
        picks=[],
        questions=[
            {"challenge_id": c, "competence_id": BANK.challenge(c).competence_code}
            for c in questions
        ],
    )


def test_a_candidate_abort_skips_what_is_left_and_a_technical_one_neutralizes_it() -> None:
    ids = [c.id for c in BANK.servable_challenges("1.1")[:3]]
    started = course([{"competence_id": "1.1", "estimated_level": 2, "pix_score": 16}], ids)
    started._serve_next(ids[0], 1, T0, "candidate", "CANDIDATE")
    started._answer(ids[0], "x", "ko", T0, 3, "candidate", "CANDIDATE")
    started._serve_next(ids[1], 2, T0, "candidate", "CANDIDATE")
    assert resolve_unanswered(started, "candidate") == (ids[1:], [])
    assert resolve_unanswered(started, "technical") == ([], ids[1:])


def test_a_certifiable_competence_without_a_question_is_recorded_as_a_computation_error() -> None:
    ids = [c.id for c in BANK.servable_challenges("1.1")[:3]]
    profile = [
        {"competence_id": "1.1", "estimated_level": 2, "pix_score": 16},
        {"competence_id": "2.1", "estimated_level": 1, "pix_score": 9},
    ]
    broken = course(profile, ids)
    broken._end_due_to_finalization("candidate", T0, "centre", "CENTER_ADMIN")
    broken._resolve_unanswered("candidate", ids, [], T0, "centre", "CENTER_ADMIN")
    record = v2_result_record(broken, BANK)
    assert record["status"] == "error"
    assert "'2.1' has no challenge" in record["error"]
    assert (record["pix_score"], record["skipped_automatically"]) == (None, ids)
