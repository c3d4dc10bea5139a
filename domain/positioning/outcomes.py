"""What positioning commands return: results the HTTP layer and the demo present as is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.bank import Challenge, Tutorial
from domain.positioning.knowledge import KnowledgeElement

TO_SUCCEED = "to_succeed"
TO_LEARN_MORE = "to_learn_more"


@dataclass(frozen=True)
class EvaluationStart:
    """The assessment a learner works on; ``resumed`` when it was already running (or done)."""

    assessment_id: UUID
    competence_code: str
    resumed: bool
    improving: bool


@dataclass(frozen=True)
class NextChallenge:
    """The challenge to answer now, or ``challenge=None`` when the evaluation has ended."""

    assessment_id: UUID
    competence_code: str
    challenge: Challenge | None
    predicted_level: float | None

    @property
    def completed(self) -> bool:
        """No skill was left: the evaluation is completed."""
        return self.challenge is None


@dataclass(frozen=True)
class AnswerOutcome:
    """The checked status, the elements recorded, the level change and the tutorials offered.

    ``tutorials_kind`` is ``to_succeed`` after an answer that was not right, else
    ``to_learn_more``.
    """

    assessment_id: UUID
    competence_code: str
    challenge_id: str
    status: str
    elements: tuple[KnowledgeElement, ...]
    level_before: int
    level_after: int
    pix_before: int
    pix_after: int
    tutorials_kind: str
    tutorials: tuple[Tutorial, ...]

    @property
    def level_up(self) -> bool:
        """The answer raised the competence's level."""
        return self.level_after > self.level_before


@dataclass(frozen=True)
class SavedTutorial:
    """A tutorial in a learner's list."""

    tutorial: Tutorial
    skill_id: str
    saved_at: datetime
