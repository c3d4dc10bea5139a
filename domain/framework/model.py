"""Frozen value objects of the competence framework."""

from __future__ import annotations

from dataclasses import dataclass

PIX_PER_LEVEL = 8
"""Pix earned per level per competence (seed rule)."""
MAX_LEVEL = 8
"""Levels of the scale; the highest *reachable* one is a setting, at most this."""
COMPETENCES_COUNT = 16


@dataclass(frozen=True, slots=True)
class Level:
    """One of the 8 levels: 1-2 novice, 3-4 independent, 5-6 advanced, 7-8 expert."""

    level: int
    label_en: str
    label_fr: str


@dataclass(frozen=True, slots=True)
class Competence:
    """A competence such as ``1.1``; ``area_code`` is the part before the dot."""

    code: str
    area_code: str
    title_en: str
    title_fr: str


@dataclass(frozen=True, slots=True)
class Area:
    """An area of competences (``1`` to ``5``), competences in framework order."""

    code: str
    title_en: str
    title_fr: str
    competences: tuple[Competence, ...]


@dataclass(frozen=True, slots=True)
class Framework:
    """A released version of a framework; ``max_reachable_level`` is applied by the caller.

    Invariants (checked by the loader): competence codes are unique and each starts with its
    area's code; levels are exactly 1 to 8; the max reachable level is between 1 and 8.
    """

    id: str
    version: int
    pix_per_level: int
    levels: tuple[Level, ...]
    areas: tuple[Area, ...]
    max_reachable_level: int

    @property
    def key(self) -> str:
        """The version key recorded in events, e.g. ``pix-v1``."""
        return f"{self.id}-v{self.version}"

    @property
    def competences(self) -> tuple[Competence, ...]:
        """All competences, area by area, in framework order."""
        return tuple(c for a in self.areas for c in a.competences)

    def competence(self, code: str) -> Competence:
        """The competence with this code; ``KeyError`` when the framework has none."""
        for c in self.competences:
            if c.code == code:
                return c
        raise KeyError(code)

    @property
    def max_pix_per_competence(self) -> int:
        """Pix a learner can reach on one competence with the current reachable level."""
        return self.max_reachable_level * self.pix_per_level

    @property
    def max_pix(self) -> int:
        """Pix a learner can reach overall with the current reachable level."""
        return self.max_pix_per_competence * len(self.competences)
