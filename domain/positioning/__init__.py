"""Positioning: competence evaluations, knowledge elements, scorecards and certifiability.

Belongs here: the smart-random choice of the next challenge (pure, RNG injected, draw
returned), knowledge-element inference, pix/level/scorecard arithmetic, the reset and retry
rules, certifiability, the ``CompetenceEvaluation`` and ``SavedTutorials`` aggregates and the
``PositioningCommands`` ledger mixin. Must not be here: storage, HTTP, the clock or an
unseeded random generator; read models live in ``projections.profiles``.
"""

from __future__ import annotations

from domain.positioning.certifiability import (
    MIN_CERTIFIABLE_COMPETENCES,
    MIN_LEVEL_FOR_CERTIFIABILITY,
    Certifiability,
    certifiability_of,
)
from domain.positioning.knowledge import (
    KnowledgeElement,
    TargetSkill,
    current_elements,
    days_between,
    infer_knowledge_elements,
)
from domain.positioning.scorecards import (
    CompetenceScore,
    Scorecard,
    build_scorecard,
    competence_score,
    global_pix,
    remaining_days,
)

__all__ = [
    "MIN_CERTIFIABLE_COMPETENCES",
    "MIN_LEVEL_FOR_CERTIFIABILITY",
    "Certifiability",
    "CompetenceScore",
    "KnowledgeElement",
    "Scorecard",
    "TargetSkill",
    "build_scorecard",
    "certifiability_of",
    "competence_score",
    "current_elements",
    "days_between",
    "global_pix",
    "infer_knowledge_elements",
    "remaining_days",
]
