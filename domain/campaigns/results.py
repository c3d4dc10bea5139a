"""The results a participant shares (spec §E), computed once at share time and recorded.

Assessment: ``validated_skills_count`` = the learner's current validated elements on the
campaign skills, ``mastery_rate = validated / #campaign skills``. Profiles collection:
``mastery_rate = pix_score / (max pix per competence x 16)``. Both record the global pix (each
competence capped at the reachable level, B.3), the level and pix of every competence, and the
certifiability of the profile at that instant (B.7, uncapped).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from domain.campaigns.campaign import ASSESSMENT
from domain.campaigns.target_profiles import CampaignSkill
from domain.positioning.certifiability import certifiability_of
from domain.positioning.knowledge import KnowledgeElement
from domain.positioning.scorecards import competence_score, sum_earned_pix

RESULTS_VERSION = 1


def share_snapshot(
    *,
    campaign_type: str,
    skills: Sequence[CampaignSkill],
    current: Mapping[str, Mapping[str, KnowledgeElement]],
    max_reachable_level: int,
    max_pix: int,
    at: datetime,
) -> dict[str, Any]:
    """The snapshot recorded in ``ParticipationShared``.

    ``current`` maps every competence code of the framework (in framework order) to the
    learner's current elements by skill at ``at``.
    """
    exact = {code: sum_earned_pix(kes.values()) for code, kes in current.items()}
    certifiability = certifiability_of(exact, at)
    scores = {code: competence_score(p, max_reachable_level) for code, p in exact.items()}
    pix_score = sum(s.pix for s in scores.values())
    validated = sorted(
        s.id
        for s in skills
        if (ke := current.get(s.competence_code, {}).get(s.id)) is not None and ke.is_validated
    )
    if campaign_type == ASSESSMENT:
        mastery_rate = len(validated) / len(skills) if skills else 0.0
    else:
        mastery_rate = pix_score / max_pix if max_pix else 0.0
    return {
        "version": RESULTS_VERSION,
        "mastery_rate": mastery_rate,
        "validated_skill_ids": validated,
        "validated_skills_count": len(validated),
        "skills_count": len(skills),
        "pix_score": pix_score,
        "is_certifiable": certifiability.is_certifiable,
        "certifiable_competences_count": len(certifiability.certifiable_competences),
        "competences": {code: {"level": s.level, "pix": s.pix} for code, s in scores.items()},
    }


def round2(value: float) -> float:
    """Two decimals, half up as Pix's per-competence mastery rate (not banker's rounding)."""
    return int(value * 100 + 0.5 + 1e-9) / 100
