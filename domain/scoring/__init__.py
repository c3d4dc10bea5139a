"""Scoring engines: pure, versioned, deterministic functions of calibrated challenges and answers.

Belongs here: the 2PL model, flash capacity estimation (from scratch and incremental), v3
selection, pick, degradation, mesh scoring, the v3 decision tree, the v2 rules, simulation, their
configuration objects and frozen results. Must not be here: storage, clocks, unseeded randomness,
HTTP or CLI concerns (the random generator is always passed in).
"""

from __future__ import annotations

from domain.scoring.adaptive import AdaptiveTest
from domain.scoring.configuration import (
    FLASH_ESTIMATION,
    V3_DEGRADATION,
    V3_MESH_SCORING,
    V3_NEXT_CHALLENGE,
    V3_RESULT,
    AlgorithmVersion,
    FlashConfiguration,
    V2Configuration,
    V3ScoringConfiguration,
)
from domain.scoring.degradation import degrade_capacity, should_degrade
from domain.scoring.flash import IncrementalEstimator, estimate_capacity_history
from domain.scoring.inputs import Answer, CalibratedChallenge, ChallengePool
from domain.scoring.live_alerts import exclude_live_alerts
from domain.scoring.meshes import competence_level, find_interval_index, mesh_score, pix_score
from domain.scoring.picking import pick_rank, replay_pick
from domain.scoring.results import (
    CapacityEstimate,
    DegradationResult,
    MeshScore,
    NextChallenges,
    PickDraw,
    V2Result,
    V3Result,
)
from domain.scoring.selection import possible_next_challenges
from domain.scoring.v2_generation import (
    ProfileSkill,
    V2Pick,
    V2Test,
    generate_v2_test,
    replay_v2_test,
)
from domain.scoring.v2_scoring import V2Challenge, V2Competence, score_v2
from domain.scoring.v3_result import score_v3

__all__ = [
    "FLASH_ESTIMATION",
    "V3_DEGRADATION",
    "V3_MESH_SCORING",
    "V3_NEXT_CHALLENGE",
    "V3_RESULT",
    "AdaptiveTest",
    "AlgorithmVersion",
    "Answer",
    "CalibratedChallenge",
    "CapacityEstimate",
    "ChallengePool",
    "DegradationResult",
    "FlashConfiguration",
    "IncrementalEstimator",
    "MeshScore",
    "NextChallenges",
    "PickDraw",
    "ProfileSkill",
    "V2Challenge",
    "V2Competence",
    "V2Configuration",
    "V2Pick",
    "V2Result",
    "V2Test",
    "V3Result",
    "V3ScoringConfiguration",
    "competence_level",
    "degrade_capacity",
    "estimate_capacity_history",
    "exclude_live_alerts",
    "find_interval_index",
    "generate_v2_test",
    "mesh_score",
    "pick_rank",
    "pix_score",
    "possible_next_challenges",
    "replay_pick",
    "replay_v2_test",
    "score_v2",
    "score_v3",
    "should_degrade",
]
