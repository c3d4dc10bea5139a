"""The item bank: tubes, skills, tutorials, calibrated challenges; loaded and validated.

Belongs here: the bank's value objects, its loader and validator, the derived pix values, and
the sample bank shipped in ``data/`` (written by ``scripts/generate_bank.py``). Not here:
answer checking itself (``domain.checking``) or any choice of the next question.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from domain.bank.loader import load_bank, parse_bank
from domain.bank.model import (
    CHALLENGE_STATUSES,
    CHALLENGE_TYPES,
    Calibration,
    Challenge,
    ItemBank,
    Skill,
    Solution,
    Tube,
    Tutorial,
)
from domain.bank.solution_check import own_solution_problem
from domain.framework import Framework, load_framework

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_BANK_FILE = DATA_DIR / "sample-v1.json"

__all__ = [
    "CHALLENGE_STATUSES",
    "CHALLENGE_TYPES",
    "DEFAULT_BANK_FILE",
    "Calibration",
    "Challenge",
    "ItemBank",
    "Skill",
    "Solution",
    "Tube",
    "Tutorial",
    "default_calibrated_challenges",
    "load_bank_file",
    "load_default_bank",
    "parse_bank",
]


def load_bank_file(path: Path, framework: Framework) -> ItemBank:
    """Load and fully validate a bank file (own solutions checked) against ``framework``."""
    return load_bank(path, framework, own_solution_problem)


@lru_cache(maxsize=4)
def load_default_bank(max_reachable_level: int = 7) -> ItemBank:
    """The sample bank shipped with the product, against the default framework."""
    return load_bank_file(
        DEFAULT_BANK_FILE, load_framework(max_reachable_level=max_reachable_level)
    )


def default_calibrated_challenges() -> list[dict[str, Any]]:
    """Servable challenges of the shipped bank as scoring-contract dicts, sorted by id."""
    return [
        {
            "id": c.id,
            "discriminant": c.calibration.discriminant,
            "difficulty": c.calibration.difficulty,
            "competence_id": c.competence_code,
            "tube_id": c.tube_id,
            "skill_id": c.skill_id,
        }
        for c in load_default_bank().servable_challenges()
    ]
