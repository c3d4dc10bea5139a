"""The v2 rules applied to a course: draw the test, resolve what was left unanswered, score.

Pure functions of the profile, the course's recorded state and the bank. The commands record
what they return (the draw's picks included), so a replay never calls them again; an audit
calls ``replay_generation`` and ``score_v2_course`` to check the record.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np

from domain.bank import ItemBank
from domain.certification.v2_course import V2CertificationCourse
from domain.errors import ScoringInputError
from domain.positioning.v2_profile import V2Profile
from domain.scoring import (
    Answer,
    ProfileSkill,
    V2Challenge,
    V2Competence,
    V2Configuration,
    V2Result,
    V2Test,
    generate_v2_test,
    replay_v2_test,
    score_v2,
)
from domain.scoring.configuration import V2_SCORING
from domain.scoring.inputs import AnswerStatus

ERROR_STATUS = "error"


def draw_test(
    profile: V2Profile, rng: np.random.Generator, configuration: V2Configuration
) -> V2Test:
    """The v2 test of this profile, competences in framework order, questions as drawn."""
    return generate_v2_test(profile.skills, profile.already_answered, rng, configuration)


def start_fields(profile: V2Profile, test: V2Test) -> dict[str, Any]:
    """The draw's inputs and outputs as plain values for the course's ``Started`` event."""
    return {
        "profile_at": profile.at,
        "profile": [dataclasses.asdict(c) for c in profile.competences],
        "skills": {
            code: [dataclasses.asdict(s) | {"challenge_ids": list(s.challenge_ids)} for s in listed]
            for code, listed in profile.skills.items()
        },
        "already_answered": list(profile.already_answered),
        "picks": [dataclasses.asdict(p) | {"choices": list(p.choices)} for p in test.picks],
        "questions": [
            {"challenge_id": challenge_id, "competence_id": code}
            for code, challenges in test.challenges.items()
            for challenge_id in challenges
        ],
    }


def replay_generation(course: V2CertificationCourse) -> V2Test:
    """The test the recorded inputs and draws give back, with no generator and no profile read."""
    skills: Mapping[str, Sequence[ProfileSkill]] = {
        code: [ProfileSkill(**s | {"challenge_ids": tuple(s["challenge_ids"])}) for s in listed]
        for code, listed in course.skills.items()
    }
    return replay_v2_test(
        skills,
        course.already_answered,
        [int(p["index"]) for p in course.picks],
        V2Configuration(**course.configuration),
    )


def resolve_unanswered(
    course: V2CertificationCourse, abort_reason: str
) -> tuple[list[str], list[str]]:
    """(skipped, neutralized): a candidate abort skips what is left, a technical one neutralizes."""
    left = course.unanswered()
    return (left, []) if abort_reason == "candidate" else ([], left)


@dataclass(frozen=True, slots=True)
class JuryAdjustments:
    """What the jury changed on a v2 course before rescoring it (all empty: none).

    ``neutralized``/``deneutralized`` questions, ``accepted`` answers counted ``ok`` (the
    auto-jury's focus rule), and the fraud rejection and cancellation flags.
    """

    neutralized: frozenset[str] = frozenset()
    deneutralized: frozenset[str] = frozenset()
    accepted: frozenset[str] = frozenset()
    rejected_for_fraud: bool = False
    cancelled: bool = False


NO_ADJUSTMENTS = JuryAdjustments()


def score_v2_course(
    course: V2CertificationCourse, bank: ItemBank, jury: JuryAdjustments = NO_ADJUSTMENTS
) -> V2Result:
    """Score the course from its recorded profile, questions, answers and resolutions.

    Questions an invigilator removed by validating a live alert count as neutralized, as the
    jury would neutralize a question that could not be answered; ``jury`` adds its decisions.
    """
    neutralized = (
        set(course.neutralized) | set(course.validated_alerts) | jury.neutralized
    ) - jury.deneutralized
    skipped = set(course.skipped)
    challenges = [
        V2Challenge(
            id=q["challenge_id"],
            competence_id=q["competence_id"],
            type=bank.challenge(q["challenge_id"]).type,
            neutralized=q["challenge_id"] in neutralized,
            skipped_automatically=q["challenge_id"] in skipped,
        )
        for q in course.questions
    ]
    # Statuses were produced by the examiner, so they are always AnswerStatus values.
    answers = [
        Answer(cid, cast(AnswerStatus, "ok" if cid in jury.accepted else status))
        for cid, _, status in course.answers
    ]
    abort = course.abort_reason if course.abort_reason in ("candidate", "technical") else None
    return score_v2(
        [V2Competence(**c) for c in course.profile],
        challenges,
        answers,
        abort_reason=abort,  # type: ignore[arg-type]
        rejected_for_fraud=jury.rejected_for_fraud,
        cancelled=jury.cancelled,
        configuration=V2Configuration(**course.configuration),
    )


def v2_result_record(
    course: V2CertificationCourse, bank: ItemBank, jury: JuryAdjustments = NO_ADJUSTMENTS
) -> dict[str, Any]:
    """The course's v2 result as plain values for the ``Scored`` event, v3's keys kept.

    A computation error (a tested competence without a question, a count with no rule) is a
    result too, with status ``error``, as in the spec: the session still finalises.
    """
    common = {
        "capacity": None,
        "mesh_index": None,
        "degraded": None,
        "skipped_automatically": list(course.skipped),
        "neutralized": sorted(
            (set(course.neutralized) | set(course.validated_alerts) | jury.neutralized)
            - jury.deneutralized
        ),
        "generation": dict(course.algorithm),
        "scoring_configuration": dict(course.configuration),
        "challenges_configuration": None,
    }
    try:
        result = score_v2_course(course, bank, jury)
    except ScoringInputError as error:
        return {
            "status": ERROR_STATUS,
            "auto_jury_comment": None,
            "pix_score": None,
            "competence_marks": [],
            "algorithm": {"name": V2_SCORING.name, "version": V2_SCORING.version},
            "reproducibility_rate": None,
            "trusted": None,
            "competences": [],
            "error": str(error),
            **common,
        }
    return {
        "status": result.status,
        "auto_jury_comment": result.auto_jury_comment,
        "pix_score": result.pix_score,
        "competence_marks": [dataclasses.asdict(c.mark) for c in result.competences],
        "algorithm": {"name": result.algorithm.name, "version": result.algorithm.version},
        "reproducibility_rate": result.reproducibility_rate,
        "trusted": result.trusted,
        "competences": [
            {k: v for k, v in dataclasses.asdict(c).items() if k != "mark"}
            for c in result.competences
        ],
        "error": None,
        **common,
        "scoring_configuration": dataclasses.asdict(result.configuration),
    }
