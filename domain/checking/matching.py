"""Free-text matching: pre-treatment, treatments t1/t2, and the t3 edit-distance tolerance.

Pre-treatment (always): NFC, non-breaking spaces become spaces. Then, unless deactivated on the
challenge: t1 trims, lower-cases, strips diacritics and removes all whitespace; t2 keeps only
[a-zA-Z0-9 ] and collapses spaces; t3 accepts an answer whose Levenshtein distance to an accepted
answer is at most 0.25 x the answer's length (an empty answer only matches an empty solution).
Answers and accepted answers go through the same treatments.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable
from typing import Final

from rapidfuzz.distance import Levenshtein

__all__ = ["MAX_DISTANCE_RATIO", "levenshtein", "matches", "treat"]

MAX_DISTANCE_RATIO: Final = 0.25
_NON_BREAKING: Final = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " "})
_WHITESPACE: Final = re.compile(r"\s+")
_NOT_PLAIN: Final = re.compile(r"[^a-zA-Z0-9 ]")
_SPACES: Final = re.compile(r" {2,}")


def _pretreat(text: str) -> str:
    return unicodedata.normalize("NFC", text).translate(_NON_BREAKING)


def _t1(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.strip().lower())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _WHITESPACE.sub("", bare)


def _t2(text: str) -> str:
    return _SPACES.sub(" ", _NOT_PLAIN.sub("", text))


def treat(text: str, deactivations: Collection[str] = ()) -> str:
    """Apply pre-treatment, then t1 and t2 unless deactivated (t3 is a matching rule, not here)."""
    text = _pretreat(text)
    if "t1" not in deactivations:
        text = _t1(text)
    if "t2" not in deactivations:
        text = _t2(text)
    return text


def levenshtein(a: str, b: str) -> int:
    """Edit distance: insertions, deletions and substitutions each cost 1 (rapidfuzz's)."""
    return int(Levenshtein.distance(a, b))


def _close_enough(answer: str, accepted: str) -> bool:
    if not answer:
        return not accepted
    return levenshtein(answer, accepted) / len(answer) <= MAX_DISTANCE_RATIO


def matches(
    answer: str, accepted: Iterable[str], deactivations: Collection[str], select: bool = False
) -> bool:
    """Tell whether ``answer`` is one of the ``accepted`` answers under the challenge's treatments.

    A drop-down (``select``) block is compared after pre-treatment only, exactly.
    """
    if select:
        return _pretreat(answer) in {_pretreat(a) for a in accepted}
    treated = treat(answer, deactivations)
    candidates = [treat(a, deactivations) for a in accepted]
    if "t3" in deactivations:
        return treated in candidates
    return any(_close_enough(treated, a) for a in candidates)
