"""Pix value of a skill, derived from the bank rather than stored (spec A.1)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

MAX_PIX_PER_SKILL = 4.0
PIX_PER_LEVEL = 8.0


def skill_pix_values(
    skills: Iterable[tuple[str, str, int]], counted_skill_ids: set[str]
) -> dict[str, float]:
    """Map skill id -> pix value: ``min(4, 8 / n)`` for a counted skill, else 0.

    ``skills`` are ``(skill id, competence code, difficulty)``; a skill counts when it has at
    least one ``validé`` challenge; ``n`` is the number of counted skills of that competence
    and difficulty. Each level of a competence is thus worth 8 pix when it has 2 or more skills.
    """
    rows = list(skills)
    per_level = Counter((comp, d) for sid, comp, d in rows if sid in counted_skill_ids)
    return {
        sid: min(MAX_PIX_PER_SKILL, PIX_PER_LEVEL / per_level[(comp, d)])
        if sid in counted_skill_ids
        else 0.0
        for sid, comp, d in rows
    }
