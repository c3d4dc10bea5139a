"""Knowledge elements: what an answer proves about a skill, directly or by inference.

Rules (spec B.1, B.2): an ``ok`` answer validates the challenge's skill and every easier
skill of the same tube; any other status invalidates it and every harder skill of the tube.
Only skills of the target set that were not yet assessed *in the same assessment* get an
element; if the answered skill gets none, nothing is inferred. A learner's current state is
the latest element of each skill, skills whose latest element is a reset dropped.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final
from uuid import UUID

VALIDATED: Final = "validated"
INVALIDATED: Final = "invalidated"
RESET: Final = "reset"
DIRECT: Final = "direct"
INFERRED: Final = "inferred"
SECONDS_PER_DAY: Final = 86_400.0


@dataclass(frozen=True, slots=True)
class TargetSkill:
    """A skill the algorithm may assess: its tube, difficulty (1-8) and pix value."""

    id: str
    tube_id: str
    difficulty: int
    pix_value: float


@dataclass(frozen=True, slots=True)
class KnowledgeElement:
    """One element; ``earned_pix`` is the skill's pix value if validated, else 0, frozen then.

    ``status`` is ``validated``, ``invalidated`` or ``reset``; ``source`` ``direct`` (the
    answered challenge's skill) or ``inferred``. ``challenge_id`` is the answer it comes from
    ("" for a reset).
    """

    skill_id: str
    tube_id: str
    difficulty: int
    source: str
    status: str
    earned_pix: float
    created_at: datetime
    assessment_id: UUID
    challenge_id: str

    def __deepcopy__(self, memo: dict[int, Any]) -> KnowledgeElement:
        # Immutable all the way down: the repository's copy of a cached aggregate can share it.
        return self

    @property
    def is_validated(self) -> bool:
        """Whether this element validates its skill."""
        return self.status == VALIDATED

    def to_record(self) -> dict[str, Any]:
        """The per-element fields stored in an event (time, assessment and answer are shared)."""
        return {
            "skill_id": self.skill_id,
            "tube_id": self.tube_id,
            "difficulty": self.difficulty,
            "source": self.source,
            "status": self.status,
            "earned_pix": self.earned_pix,
        }

    @classmethod
    def from_record(
        cls,
        record: Mapping[str, Any],
        *,
        created_at: datetime,
        assessment_id: UUID,
        challenge_id: str,
    ) -> KnowledgeElement:
        """Rebuild an element from its stored fields and its event's shared fields."""
        return cls(
            skill_id=str(record["skill_id"]),
            tube_id=str(record["tube_id"]),
            difficulty=int(record["difficulty"]),
            source=str(record["source"]),
            status=str(record["status"]),
            earned_pix=float(record["earned_pix"]),
            created_at=created_at,
            assessment_id=assessment_id,
            challenge_id=challenge_id,
        )


def infer_knowledge_elements(
    *,
    answered_skill_id: str,
    ok: bool,
    targets: Sequence[TargetSkill],
    assessed_skill_ids: Collection[str],
    created_at: datetime,
    assessment_id: UUID,
    challenge_id: str,
) -> list[KnowledgeElement]:
    """Elements for one answer: the direct one first, then inferred ones in target order.

    ``assessed_skill_ids`` are the skills already holding an element *from this assessment*;
    elements of earlier assessments are deliberately ignored so that pix values are refreshed.
    Same-difficulty siblings (other versions of a skill) are never inferred.
    """
    direct = next((s for s in targets if s.id == answered_skill_id), None)
    if direct is None or direct.id in assessed_skill_ids:
        return []
    status = VALIDATED if ok else INVALIDATED

    def element(skill: TargetSkill, source: str) -> KnowledgeElement:
        return KnowledgeElement(
            skill_id=skill.id,
            tube_id=skill.tube_id,
            difficulty=skill.difficulty,
            source=source,
            status=status,
            earned_pix=skill.pix_value if ok else 0.0,
            created_at=created_at,
            assessment_id=assessment_id,
            challenge_id=challenge_id,
        )

    found = [element(direct, DIRECT)]
    for skill in targets:
        if skill.tube_id != direct.tube_id or skill.id in assessed_skill_ids:
            continue
        easier = skill.difficulty < direct.difficulty
        harder = skill.difficulty > direct.difficulty
        if (ok and easier) or (not ok and harder):
            found.append(element(skill, INFERRED))
    return found


def current_elements(history: Iterable[KnowledgeElement]) -> dict[str, KnowledgeElement]:
    """The latest element of each skill (history in recording order), resets dropped.

    Elements recorded together share a time, so recording order, not time, breaks ties.
    """
    latest: dict[str, KnowledgeElement] = {}
    for ke in sorted(history, key=lambda k: k.created_at):  # stable: ties keep record order
        latest[ke.skill_id] = ke
    return {skill: ke for skill, ke in latest.items() if ke.status != RESET}


def days_between(later: datetime, earlier: datetime) -> float:
    """Fractional days from ``earlier`` to ``later`` (negative when ``later`` is earlier)."""
    return (later - earlier).total_seconds() / SECONDS_PER_DAY
