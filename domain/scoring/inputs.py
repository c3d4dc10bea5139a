"""Scoring inputs: calibrated challenges, answers, and the vectorised challenge pool."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal, get_args

import numpy as np
import numpy.typing as npt

from domain.errors import ScoringInputError

__all__ = [
    "ANSWER_STATUSES",
    "Answer",
    "AnswerStatus",
    "CalibratedChallenge",
    "ChallengePool",
    "check_bounded",
]

PARAMETER_LIMIT: Final = 100.0
"""Largest magnitude accepted for a discriminant, a difficulty or a capacity. Calibrated Pix
values stay within about ±10; far beyond, 2PL probabilities round to 0 or 1 and every estimate
overflows, so such inputs are refused instead of producing infinities."""


def check_bounded(value: float, what: str, limit: float = PARAMETER_LIMIT) -> None:
    """Raise ``ScoringInputError`` unless ``value`` is finite and within ±``limit``."""
    if not (math.isfinite(value) and -limit <= value <= limit):
        raise ScoringInputError(f"{what} must be a finite number within ±{limit:g}, not {value!r}")


AnswerStatus = Literal["ok", "ko", "aband", "timedout", "focusedOut", "partially", "unimplemented"]
ANSWER_STATUSES: Final[frozenset[str]] = frozenset(get_args(AnswerStatus))


@dataclass(frozen=True, slots=True)
class CalibratedChallenge:
    """A challenge with its 2PL IRT parameters and its place in the content hierarchy.

    ``discriminant`` (a) and ``difficulty`` (b) are on the capacity scale; a may be any real
    number (negative values are legal). Competence contains tube contains skill contains challenge.
    """

    id: str
    discriminant: float
    difficulty: float
    competence_id: str
    tube_id: str
    skill_id: str

    def __post_init__(self) -> None:
        check_bounded(self.discriminant, f"discriminant of challenge {self.id!r}")
        check_bounded(self.difficulty, f"difficulty of challenge {self.id!r}")


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer; only ``ok`` counts as a success, every other status as a failure."""

    challenge_id: str
    status: AnswerStatus

    def __post_init__(self) -> None:
        if self.status not in ANSWER_STATUSES:
            raise ScoringInputError(
                f"unknown answer status {self.status!r} for challenge {self.challenge_id!r}; "
                f"expected one of {sorted(ANSWER_STATUSES)}"
            )

    @property
    def is_ok(self) -> bool:
        """True only for ``ok``: skipped, timed-out and focused-out answers are failures."""
        return self.status == "ok"


def _codes(values: Iterable[str]) -> tuple[npt.NDArray[np.intp], dict[str, int]]:
    index: dict[str, int] = {}
    codes = [index.setdefault(v, len(index)) for v in values]
    return np.asarray(codes, dtype=np.intp), index


@dataclass(frozen=True, eq=False)
class ChallengePool:
    """An ordered pool of calibrated challenges as parallel numpy arrays.

    Order matters: ranking ties keep pool order (Pix serves the pool sorted by id, answered
    challenges first), so callers pass the pool already ordered. Ids are unique. Competences,
    tubes and skills are encoded as small integers so the selection rules are array lookups.
    """

    challenges: tuple[CalibratedChallenge, ...]
    discriminants: npt.NDArray[np.float64] = field(repr=False)
    difficulties: npt.NDArray[np.float64] = field(repr=False)
    competence_codes: npt.NDArray[np.intp] = field(repr=False)
    tube_codes: npt.NDArray[np.intp] = field(repr=False)
    skill_codes: npt.NDArray[np.intp] = field(repr=False)
    competence_index: dict[str, int] = field(repr=False)
    tube_index: dict[str, int] = field(repr=False)
    skill_index: dict[str, int] = field(repr=False)
    position: dict[str, int] = field(repr=False)

    @classmethod
    def of(cls, challenges: Sequence[CalibratedChallenge]) -> ChallengePool:
        """Build a pool; raise ScoringInputError on a duplicate challenge id."""
        position: dict[str, int] = {}
        for i, c in enumerate(challenges):
            if position.setdefault(c.id, i) != i:
                raise ScoringInputError(f"challenge {c.id!r} appears twice in the pool")
        competence_codes, competence_index = _codes(c.competence_id for c in challenges)
        tube_codes, tube_index = _codes(c.tube_id for c in challenges)
        skill_codes, skill_index = _codes(c.skill_id for c in challenges)
        arrays = (
            np.array([c.discriminant for c in challenges], dtype=np.float64),
            np.array([c.difficulty for c in challenges], dtype=np.float64),
        )
        for array in (*arrays, competence_codes, tube_codes, skill_codes):
            array.setflags(write=False)
        return cls(
            challenges=tuple(challenges),
            discriminants=arrays[0],
            difficulties=arrays[1],
            competence_codes=competence_codes,
            tube_codes=tube_codes,
            skill_codes=skill_codes,
            competence_index=competence_index,
            tube_index=tube_index,
            skill_index=skill_index,
            position=position,
        )

    def __len__(self) -> int:
        return len(self.challenges)

    def locate(self, challenge_id: str) -> int:
        """Position of ``challenge_id``; ScoringInputError if the pool does not hold it."""
        try:
            return self.position[challenge_id]
        except KeyError:
            raise ScoringInputError(
                f"answer refers to unknown challenge {challenge_id!r}"
            ) from None

    def locate_answers(self, answers: Sequence[Answer]) -> npt.NDArray[np.intp]:
        """Positions of the answered challenges, in answer order.

        Raises ScoringInputError for an unknown challenge or a challenge answered twice: the
        ledger stores one answer per challenge, so a duplicate means corrupted input.
        """
        positions: list[int] = []
        seen: set[int] = set()
        for answer in answers:
            at = self.locate(answer.challenge_id)
            if at in seen:
                raise ScoringInputError(
                    f"challenge {answer.challenge_id!r} is answered more than once"
                )
            seen.add(at)
            positions.append(at)
        return np.asarray(positions, dtype=np.intp)
