"""Live-alert exclusions: a validated live alert removes its challenge and its whole skill."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from domain.scoring.inputs import Answer, CalibratedChallenge

__all__ = ["exclude_live_alerts"]


def exclude_live_alerts(
    challenges: Sequence[CalibratedChallenge],
    answers: Sequence[Answer],
    alerted_challenge_ids: Collection[str],
) -> tuple[tuple[CalibratedChallenge, ...], tuple[Answer, ...]]:
    """Drop answers on alerted challenges and every challenge sharing a skill with one.

    Order is kept on both sides. An alerted id absent from ``challenges`` still removes its answer.
    """
    alerted = frozenset(alerted_challenge_ids)
    alerted_skills = {c.skill_id for c in challenges if c.id in alerted}
    kept = tuple(c for c in challenges if c.id not in alerted and c.skill_id not in alerted_skills)
    return kept, tuple(a for a in answers if a.challenge_id not in alerted)
