"""Read-only scoring simulators for administrators: compute, never store.

Each handler maps its request onto one ``domain.scoring`` function and maps the result back; the
``certledger scoring`` commands call these same handlers, so CLI and HTTP share one contract.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from fastapi import APIRouter, Depends

from api.auth import authorize
from api.schemas.scoring import (
    AlgorithmPublic,
    AnswerIn,
    CapacityPublic,
    ChallengeIn,
    ChallengesConfigurationIn,
    CompetenceMarkPublic,
    DegradeCreate,
    DegradePublic,
    EstimateCreate,
    EstimatePublic,
    NextChallengesCreate,
    NextChallengesPublic,
    ScoreCreate,
    ScorePublic,
    SimulationCreate,
    SimulationPublic,
    SimulationRowPublic,
    V2Create,
    V2Public,
)
from domain.scoring import (
    FLASH_ESTIMATION,
    AlgorithmVersion,
    Answer,
    CalibratedChallenge,
    ChallengePool,
    FlashConfiguration,
    V2Challenge,
    V2Competence,
    V2Configuration,
    V3ScoringConfiguration,
    degrade_capacity,
    estimate_capacity_history,
    mesh_score,
    possible_next_challenges,
    score_v2,
)
from domain.scoring.simulation import simulate_candidates

router = APIRouter(
    prefix="/admin/scoring", tags=["scoring"], dependencies=[Depends(authorize("scoring.simulate"))]
)


def _algorithm(version: AlgorithmVersion) -> AlgorithmPublic:
    return AlgorithmPublic(name=version.name, version=version.version)


def _pool(challenges: Sequence[ChallengeIn]) -> ChallengePool:
    return ChallengePool.of([CalibratedChallenge(**c.model_dump()) for c in challenges])


def _answers(answers: Sequence[AnswerIn]) -> list[Answer]:
    return [Answer(a.challenge_id, a.status) for a in answers]


def _configuration(config: ChallengesConfigurationIn) -> FlashConfiguration:
    return FlashConfiguration(**config.model_dump())


@router.post("/estimate", response_model=EstimatePublic)
def create_estimate(body: EstimateCreate) -> EstimatePublic:
    """Flash capacity history, one estimate per answer (start 0 and no limit unless told)."""
    history = estimate_capacity_history(
        _pool(body.challenges),
        _answers(body.answers),
        body.initial_capacity,
        body.variation_percent,
    )
    return EstimatePublic(
        history=[CapacityPublic(capacity=h.capacity, error_rate=h.error_rate) for h in history],
        algorithm=_algorithm(FLASH_ESTIMATION),
    )


@router.post("/next", response_model=NextChallengesPublic)
def create_next_challenges(body: NextChallengesCreate) -> NextChallengesPublic:
    """Current capacity and up to five candidate challenges, most informative first."""
    result = possible_next_challenges(
        _pool(body.challenges), _answers(body.answers), _configuration(body.configuration)
    )
    return NextChallengesPublic(
        capacity=result.capacity,
        candidates=list(result.candidate_ids),
        algorithm=_algorithm(result.algorithm),
    )


@router.post("/score", response_model=ScorePublic)
def create_score(body: ScoreCreate) -> ScorePublic:
    """Pix score, reached mesh and competence levels of one capacity."""
    config = V3ScoringConfiguration(
        global_intervals=tuple(body.global_intervals),
        competence_intervals={k: tuple(v) for k, v in body.competence_intervals.items()},
        minimum_answers=body.minimum_answers,
    )
    score = mesh_score(body.capacity, config)
    return ScorePublic(
        pix_score=score.pix_score,
        mesh_index=score.mesh_index,
        competence_levels=dict(score.competence_levels),
        algorithm=_algorithm(score.algorithm),
    )


@router.post("/degrade", response_model=DegradePublic)
def create_degradation(body: DegradeCreate) -> DegradePublic:
    """Raw capacity and the capacity after simulating the missing answers as skipped."""
    result = degrade_capacity(
        _pool(body.challenges), _answers(body.answers), _configuration(body.configuration)
    )
    return DegradePublic(
        capacity=result.capacity,
        degraded_capacity=result.degraded_capacity,
        simulated_challenge_ids=list(result.simulated_challenge_ids),
        algorithm=_algorithm(result.algorithm),
    )


@router.post("/v2", response_model=V2Public)
def create_v2_score(body: V2Create) -> V2Public:
    """v2 reproducibility rate, competence marks, certified pix and status."""
    result = score_v2(
        [V2Competence(**c.model_dump()) for c in body.competences],
        [V2Challenge(**c.model_dump()) for c in body.challenges],
        _answers(body.answers),
        abort_reason=body.abort_reason,
        rejected_for_fraud=body.rejected_for_fraud,
        cancelled=body.cancelled,
        configuration=V2Configuration(max_reachable_level=body.max_reachable_level),
    )
    return V2Public(
        reproducibility_rate=result.reproducibility_rate,
        trusted=result.trusted,
        competence_marks=[
            CompetenceMarkPublic(
                competence_id=c.mark.competence_id, level=c.mark.level, score=c.mark.score
            )
            for c in result.competences
        ],
        pix_score=result.pix_score,
        status=result.status,
        auto_jury_comment=result.auto_jury_comment,
        algorithm=_algorithm(result.algorithm),
    )


def default_bank() -> list[ChallengeIn]:
    """The shipped bank's calibrated challenges (imported late: loading it reads data files)."""
    from domain.bank import default_calibrated_challenges

    return [ChallengeIn(**c) for c in default_calibrated_challenges()]


@router.post("/simulate", response_model=SimulationPublic)
def create_simulation(body: SimulationCreate) -> SimulationPublic:
    """Seeded simulated candidates through the whole v3 test: bias, RMSE, scores, coverage."""
    scoring = (
        V3ScoringConfiguration(global_intervals=tuple(body.global_intervals))
        if body.global_intervals
        else V3ScoringConfiguration()
    )
    report = simulate_candidates(
        _pool(body.challenges if body.challenges is not None else default_bank()),
        body.capacities,
        body.candidates_per_capacity,
        np.random.default_rng(body.seed),
        _configuration(body.configuration),
        scoring,
        seed=body.seed,
    )
    return SimulationPublic(
        rows=[SimulationRowPublic.model_validate(r, from_attributes=True) for r in report.rows],
        mesh_distribution=dict(report.mesh_distribution),
        seed=report.seed,
        algorithm=_algorithm(report.algorithm),
    )
