"""Requests and responses of the scoring simulators (``/admin/scoring``) and ``certledger scoring``.

The CLI validates its JSON with these same models, so both speak one contract (snake_case keys).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from domain.scoring.inputs import PARAMETER_LIMIT

MAX_CHALLENGES = 10_000
MAX_ANSWERS = 200

Interval = tuple[float, float]
Parameter = Annotated[float, Field(ge=-PARAMETER_LIMIT, le=PARAMETER_LIMIT)]
"""A discriminant, difficulty or capacity: the domain refuses larger magnitudes anyway."""
SEED_MAX = 2**63 - 1
AnswerStatusIn = Literal[
    "ok", "ko", "aband", "timedout", "focusedOut", "partially", "unimplemented"
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ChallengeIn(_Strict):
    id: str
    discriminant: Parameter
    difficulty: Parameter
    competence_id: str
    tube_id: str
    skill_id: str


class AnswerIn(_Strict):
    challenge_id: str
    status: AnswerStatusIn


class ChallengesConfigurationIn(_Strict):
    maximum_assessment_length: int = Field(32, ge=0, le=MAX_ANSWERS)
    challenges_between_same_competence: int = Field(2, ge=0)
    limit_to_one_question_per_tube: bool = True
    enable_passage_by_all_competences: bool = True
    variation_percent: float | None = Field(0.5, ge=0, le=1)
    default_candidate_capacity: Parameter = -3.0
    default_probability_to_pick_challenge: float = Field(51.0, ge=0, le=100)


class AlgorithmPublic(BaseModel):
    name: str
    version: int


class EstimateCreate(_Strict):
    challenges: list[ChallengeIn] = Field(max_length=MAX_CHALLENGES)
    answers: list[AnswerIn] = Field(max_length=MAX_ANSWERS)
    initial_capacity: Parameter = 0.0
    variation_percent: float | None = Field(None, ge=0, le=1)


class CapacityPublic(BaseModel):
    capacity: float
    error_rate: float


class EstimatePublic(BaseModel):
    history: list[CapacityPublic]
    algorithm: AlgorithmPublic


class NextChallengesCreate(_Strict):
    challenges: list[ChallengeIn] = Field(max_length=MAX_CHALLENGES)
    answers: list[AnswerIn] = Field(max_length=MAX_ANSWERS)
    configuration: ChallengesConfigurationIn = Field(default_factory=ChallengesConfigurationIn)


class NextChallengesPublic(BaseModel):
    capacity: float
    candidates: list[str]
    algorithm: AlgorithmPublic


class ScoreCreate(_Strict):
    capacity: float
    global_intervals: list[Interval] = Field(min_length=1, max_length=9)
    competence_intervals: dict[str, list[Interval]] = Field(default_factory=dict, max_length=64)
    minimum_answers: int = Field(20, ge=0)


class ScorePublic(BaseModel):
    pix_score: int
    mesh_index: int | None
    competence_levels: dict[str, int | None]
    algorithm: AlgorithmPublic


class DegradeCreate(NextChallengesCreate):
    pass


class DegradePublic(BaseModel):
    capacity: float
    degraded_capacity: float
    simulated_challenge_ids: list[str]
    algorithm: AlgorithmPublic


class V2CompetenceIn(_Strict):
    competence_id: str
    estimated_level: int
    pix_score: int


class V2ChallengeIn(_Strict):
    id: str
    competence_id: str
    type: str
    neutralized: bool = False
    skipped_automatically: bool = False


class V2Create(_Strict):
    competences: list[V2CompetenceIn] = Field(max_length=64)
    challenges: list[V2ChallengeIn] = Field(max_length=MAX_ANSWERS)
    answers: list[AnswerIn] = Field(max_length=MAX_ANSWERS)
    abort_reason: Literal["candidate", "technical"] | None = None
    rejected_for_fraud: bool = False
    cancelled: bool = False
    max_reachable_level: int = Field(7, ge=1, le=8)


class CompetenceMarkPublic(BaseModel):
    competence_id: str
    level: int
    score: int


class V2Public(BaseModel):
    reproducibility_rate: int
    trusted: bool
    competence_marks: list[CompetenceMarkPublic]
    pix_score: int
    status: str
    auto_jury_comment: str | None
    algorithm: AlgorithmPublic


class SimulationCreate(_Strict):
    capacities: list[Parameter] = Field(min_length=1, max_length=20)
    candidates_per_capacity: int = Field(10, ge=1, le=50)
    seed: int = Field(0, ge=0, le=SEED_MAX)
    configuration: ChallengesConfigurationIn = Field(default_factory=ChallengesConfigurationIn)
    global_intervals: list[Interval] | None = Field(None, min_length=1, max_length=9)
    challenges: list[ChallengeIn] | None = Field(None, max_length=MAX_CHALLENGES)


class SimulationRowPublic(BaseModel):
    true_capacity: float
    candidates: int
    bias: float
    rmse: float
    mean_pix_score: float
    min_pix_score: int
    max_pix_score: int
    mean_competence_coverage: float


class SimulationPublic(BaseModel):
    rows: list[SimulationRowPublic]
    mesh_distribution: dict[str, int]
    seed: int | None
    algorithm: AlgorithmPublic
