"""The v3 result: capacity (degraded if the candidate left), score, marks, and the decision tree.

Decision tree, first match wins (``minimum`` = minimum answers, 20 by default):
1. cancelled by the jury -> ``cancelled_by_jury`` (CANCELLED_BY_JURY), nothing stored;
2. rejected for fraud -> ``rejected`` (FRAUD), nothing stored;
3. answers < minimum and abort reason technical -> ``cancelled``
   (CANCELLED_DUE_TO_LACK_OF_ANSWERS_FOR_TECHNICAL_REASON), nothing stored;
4. answers < minimum -> ``rejected`` (REJECTED_DUE_TO_LACK_OF_ANSWERS), nothing stored;
5. EDU framework and no mesh reached -> ``rejected`` (REJECTED_EDU_NOT_ELIGIBLE), capacity kept;
6. pix score 0 or no mesh reached -> ``rejected`` (REJECTED_DUE_TO_ZERO_PIX_SCORE when the score is
   0), score, capacity and mesh kept, no marks;
7. otherwise the computed status (``validated``) with score, marks, capacity and mesh.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Final, Literal

from domain.scoring.configuration import V3_RESULT, FlashConfiguration, V3ScoringConfiguration
from domain.scoring.degradation import degrade_capacity, raw_capacity, should_degrade
from domain.scoring.inputs import Answer, ChallengePool
from domain.scoring.meshes import mesh_score
from domain.scoring.results import CompetenceMark, V3Result

__all__ = ["PIX_SCORED_FRAMEWORKS", "AbortReason", "computed_status", "score_v3"]

AbortReason = Literal["candidate", "technical"]
PIX_SCORED_FRAMEWORKS: Final = frozenset({"CORE", "CLEA"})
_EDU_PREFIX: Final = "EDU_"


def computed_status(
    answer_count: int, abort_reason: AbortReason | None, mesh_index: int | None, minimum: int
) -> str:
    """``rejected`` if (answers < minimum and an abort reason is set) or no mesh is reached."""
    if (answer_count < minimum and abort_reason is not None) or mesh_index is None:
        return "rejected"
    return "validated"


def score_v3(
    asked: ChallengePool,
    all_challenges: ChallengePool,
    answers: Sequence[Answer],
    *,
    abort_reason: AbortReason | None = None,
    rejected_for_fraud: bool = False,
    cancelled_by_jury: bool = False,
    framework: str = "CORE",
    challenges_configuration: FlashConfiguration | None = None,
    scoring_configuration: V3ScoringConfiguration | None = None,
) -> V3Result:
    """Score a finished v3 test and apply the decision tree.

    ``asked`` holds the challenges served to the candidate minus live-alerted ones; answers on
    live-alerted challenges must already be removed (see ``live_alerts``). ``all_challenges`` is
    the version's whole calibrated pool, used to simulate missing answers when degrading.
    """
    flash = challenges_configuration or FlashConfiguration()
    scoring = scoring_configuration or V3ScoringConfiguration()
    minimum = scoring.minimum_answers

    nothing = V3Result(
        status="rejected",
        auto_jury_comment=None,
        pix_score=None,
        competence_marks=(),
        capacity=None,
        mesh_index=None,
        degraded=False,
        algorithm=V3_RESULT,
        configuration=scoring,
        challenges_configuration=flash,
    )

    if cancelled_by_jury:
        return replace(nothing, status="cancelled_by_jury", auto_jury_comment="CANCELLED_BY_JURY")
    if rejected_for_fraud:
        return replace(nothing, auto_jury_comment="FRAUD")
    if len(answers) < minimum:
        if abort_reason == "technical":
            return replace(
                nothing,
                status="cancelled",
                auto_jury_comment="CANCELLED_DUE_TO_LACK_OF_ANSWERS_FOR_TECHNICAL_REASON",
            )
        return replace(nothing, auto_jury_comment="REJECTED_DUE_TO_LACK_OF_ANSWERS")

    capacity = raw_capacity(asked, answers, flash)
    degraded = should_degrade(len(answers), abort_reason, flash, minimum)
    if degraded:
        capacity = degrade_capacity(all_challenges, answers, flash, capacity).degraded_capacity
    score = mesh_score(capacity, scoring)
    pix = score.pix_score if framework in PIX_SCORED_FRAMEWORKS else None
    measured = replace(nothing, capacity=capacity, degraded=degraded)
    if framework.startswith(_EDU_PREFIX) and score.mesh_index is None:
        return replace(measured, auto_jury_comment="REJECTED_EDU_NOT_ELIGIBLE")
    measured = replace(measured, pix_score=pix, mesh_index=score.mesh_index)
    if pix == 0 or score.mesh_index is None:
        comment = "REJECTED_DUE_TO_ZERO_PIX_SCORE" if pix == 0 else None
        return replace(measured, auto_jury_comment=comment)
    marks = tuple(
        CompetenceMark(competence_id=code, level=level, score=0)
        for code, level in score.competence_levels.items()
        if level is not None
    )
    # Gaps leave a competence without a level; it then gets no mark (decision 0105).
    status = computed_status(len(answers), abort_reason, score.mesh_index, minimum)
    return replace(measured, status=status, competence_marks=marks)
