"""Certifiability of a profile (spec B.7, seed rule): at least 5 competences at level 1 or more.

The placement profile does not cap levels or pix (``allowExcessPixAndLevels``): level is
floor(P / 8) and pix floor(P), ``P`` the competence's summed earned pix.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from domain.positioning.scorecards import competence_score

MIN_CERTIFIABLE_COMPETENCES: Final = 5
MIN_LEVEL_FOR_CERTIFIABILITY: Final = 1


@dataclass(frozen=True)
class Certifiability:
    """Whether a learner's profile at ``at`` allows sitting a certification.

    ``competence_levels`` maps every competence code of the framework to its uncapped level
    (0 when nothing was earned); ``pix_score`` is the uncapped global pix.
    """

    is_certifiable: bool
    competence_levels: dict[str, int]
    pix_score: int
    at: datetime

    @property
    def certifiable_competences(self) -> list[str]:
        """Codes of the competences at level 1 or more, in framework order."""
        return [c for c, lv in self.competence_levels.items() if lv >= MIN_LEVEL_FOR_CERTIFIABILITY]


def certifiability_of(exact_pix_by_competence: Mapping[str, float], at: datetime) -> Certifiability:
    """Certifiability from each competence's summed earned pix (keys in framework order)."""
    scores = {
        code: competence_score(p, 0, allow_excess_pix=True, allow_excess_level=True)
        for code, p in exact_pix_by_competence.items()
    }
    levels = {code: s.level for code, s in scores.items()}
    certifiable = sum(1 for lv in levels.values() if lv >= MIN_LEVEL_FOR_CERTIFIABILITY)
    return Certifiability(
        is_certifiable=certifiable >= MIN_CERTIFIABLE_COMPETENCES,
        competence_levels=levels,
        pix_score=sum(s.pix for s in scores.values()),
        at=at,
    )
