"""Frozen value objects of an item bank: tubes, skills, tutorials, challenges and calibrations."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

CHALLENGE_TYPES = ("QCU", "QCM", "QROC", "QROCM-ind", "QROCM-dep")
CHALLENGE_STATUSES = ("validé", "archivé", "périmé")
OPERATIVE_STATUSES = ("validé", "archivé")
"""Operative challenges may still be answered in running tests; only ``validé`` ones are served."""
TREATMENTS = ("t1", "t2", "t3")
TUTORIAL_KINDS = ("to_succeed", "to_learn_more")
ACCESSIBILITY_FLAGS = ("blind_compatible", "color_blind_compatible")


@dataclass(frozen=True, slots=True)
class Calibration:
    """IRT 2PL parameters: ``discriminant`` (a) and ``difficulty`` (b) on the capacity scale."""

    discriminant: float
    difficulty: float


@dataclass(frozen=True, slots=True)
class Solution:
    """A challenge's solution in its stored form, with the per-challenge checking options.

    ``value``: QCU ``"2"``, QCM ``"1,3"``, QROC one accepted answer per line, QROCM a YAML map
    key -> value or list of variants. ``deactivations`` switch off treatments t1/t2/t3;
    ``format`` is ``"nombre"`` for numeric QROC; ``select_blocks`` names the QROCM keys (or
    ``"*"`` for a QROC) answered from a drop-down list, which are compared without treatment.
    """

    value: str
    deactivations: frozenset[str] = frozenset()
    format: str | None = None
    select_blocks: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Challenge:
    """A question of the bank; ``calibration`` is required for every challenge of a valid bank."""

    id: str
    type: str
    instruction: str
    proposals: str
    solution: Solution
    timer: int | None
    focused: bool
    has_attachment: bool
    has_image: bool
    has_embed: bool
    accessibility: frozenset[str]
    locales: tuple[str, ...]
    status: str
    calibration: Calibration
    skill_id: str
    tube_id: str
    competence_code: str

    @property
    def is_timed(self) -> bool:
        """A timed challenge shows a countdown; answering late gives ``timedout``."""
        return self.timer is not None

    @property
    def is_servable(self) -> bool:
        """Only ``validé`` challenges are offered to candidates and learners."""
        return self.status == "validé"


@dataclass(frozen=True, slots=True)
class Tutorial:
    """A learning resource linked to a skill, offered after an answer."""

    id: str
    title: str
    url: str
    kind: str


@dataclass(frozen=True, slots=True)
class Skill:
    """An "acquis": ``name`` is the tube name plus the difficulty digit (``@tube3``).

    ``pix_value`` is derived at load: ``min(4, 8 / n)`` with ``n`` the counted skills (those
    with at least one ``validé`` challenge) of the same difficulty in the competence; 0 for a
    skill that does not count.
    """

    id: str
    name: str
    difficulty: int
    tube_id: str
    competence_code: str
    tutorials: tuple[Tutorial, ...]
    pix_value: float


@dataclass(frozen=True, slots=True)
class Tube:
    """A "sujet": skills of increasing difficulty on one topic of a competence."""

    id: str
    name: str
    title: str
    competence_code: str
    skill_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ItemBank:
    """A validated item bank, bound to one framework version (``framework_key``, e.g. ``pix-v1``).

    Invariants (checked by the loader): ids are unique across tubes, skills, tutorials and
    challenges; every challenge is calibrated, of a known type and status, and its own solution
    passes its checker; every competence code exists in the framework.
    """

    id: str
    version: int
    framework_key: str
    sha256: str
    tubes: tuple[Tube, ...]
    skills: tuple[Skill, ...]
    challenges: tuple[Challenge, ...]
    _challenges_by_id: Mapping[str, Challenge] = field(init=False, repr=False, compare=False)
    _skills_by_id: Mapping[str, Skill] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "_challenges_by_id", MappingProxyType({c.id: c for c in self.challenges})
        )
        object.__setattr__(self, "_skills_by_id", MappingProxyType({s.id: s for s in self.skills}))

    @property
    def key(self) -> str:
        """The version key recorded in events, e.g. ``sample-v1``."""
        return f"{self.id}-v{self.version}"

    def challenge(self, challenge_id: str) -> Challenge:
        """The challenge with this id; ``KeyError`` when the bank has none."""
        return self._challenges_by_id[challenge_id]

    def skill(self, skill_id: str) -> Skill:
        """The skill with this id; ``KeyError`` when the bank has none."""
        return self._skills_by_id[skill_id]

    def has_skill(self, skill_id: str) -> bool:
        """Whether the bank holds a skill with this id."""
        return skill_id in self._skills_by_id

    def has_challenge(self, challenge_id: str) -> bool:
        """Whether the bank holds a challenge with this id."""
        return challenge_id in self._challenges_by_id

    def servable_challenges(self, competence_code: str | None = None) -> tuple[Challenge, ...]:
        """``validé`` challenges (of one competence, if given), sorted by id for stable ties."""
        found = [
            c
            for c in self.challenges
            if c.is_servable and (competence_code is None or c.competence_code == competence_code)
        ]
        return tuple(sorted(found, key=lambda c: c.id))
