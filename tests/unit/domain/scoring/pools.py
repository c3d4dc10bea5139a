"""Builders of calibrated challenges and pools shared by the scoring tests."""

from __future__ import annotations

import numpy as np

from domain.scoring.inputs import CalibratedChallenge, ChallengePool


def challenge(
    challenge_id: str,
    discriminant: float,
    difficulty: float,
    competence: str | None = None,
    tube: str | None = None,
    skill: str | None = None,
) -> CalibratedChallenge:
    """A challenge in its own competence, tube and skill unless told otherwise."""
    return CalibratedChallenge(
        id=challenge_id,
        discriminant=discriminant,
        difficulty=difficulty,
        competence_id=competence or f"comp-{challenge_id}",
        tube_id=tube or f"tube-{challenge_id}",
        skill_id=skill or f"skill-{challenge_id}",
    )


def pool_of(*challenges: CalibratedChallenge) -> ChallengePool:
    return ChallengePool.of(list(challenges))


def synthetic_bank(
    seed: int, competences: int = 16, tubes_per_competence: int = 6, per_tube: int = 7
) -> list[CalibratedChallenge]:
    """A seeded random bank: competences x tubes x challenges, each challenge its own skill."""
    rng = np.random.default_rng(seed)
    bank = []
    for c in range(competences):
        for t in range(tubes_per_competence):
            for k in range(per_tube):
                bank.append(
                    CalibratedChallenge(
                        id=f"rec{c:02d}{t}{k}",
                        discriminant=float(rng.uniform(0.5, 3.0)),
                        difficulty=float(rng.normal(0.0, 2.0)),
                        competence_id=f"c{c}",
                        tube_id=f"c{c}t{t}",
                        skill_id=f"c{c}t{t}s{k}",
                    )
                )
    return bank
