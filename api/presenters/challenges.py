"""The public view of a challenge: what the bank, learners and candidates may see of it."""

from __future__ import annotations

from api.schemas.bank import ChallengePublic
from domain.bank import Challenge


def challenge_public(c: Challenge) -> ChallengePublic:
    """A challenge without its solution, as every audience sees it."""
    return ChallengePublic(
        id=c.id,
        type=c.type,
        instruction=c.instruction,
        proposals=c.proposals,
        timer=c.timer,
        focused=c.focused,
        has_attachment=c.has_attachment,
        has_image=c.has_image,
        has_embed=c.has_embed,
        accessibility=sorted(c.accessibility),
        locales=list(c.locales),
        status=c.status,
        skill_id=c.skill_id,
        tube_id=c.tube_id,
        competence_code=c.competence_code,
    )
