"""Session access codes, invigilator passwords and certificate verification codes.

Every generator takes the random generator as an argument: the command draws, the event
records the result, and a replay never draws again.
"""

from __future__ import annotations

import random
import re

ACCESS_CODE_LETTERS = "BCDFGHJKMPQRTVWXY"
ACCESS_CODE_DIGITS = "2346789"
ACCESS_CODE_PATTERN = re.compile(rf"^[{ACCESS_CODE_LETTERS}]{{4}}[{ACCESS_CODE_DIGITS}]{{2}}$")
INVIGILATOR_PASSWORD_ALPHABET = "23456789bcdfghjkmpqrstvwxyBCDFGHJKMPQRSTVWXY!*?"
INVIGILATOR_PASSWORD_LENGTH = 6
VERIFICATION_CODE_ALPHABET = "2346789BCDFGHJKMPQRTVWXY"
VERIFICATION_CODE_PATTERN = re.compile(rf"^P-[{VERIFICATION_CODE_ALPHABET}]{{8}}$")


def generate_access_code(rng: random.Random, taken: frozenset[str] = frozenset()) -> str:
    """Four letters then two digits, each drawn with repetition; never one in ``taken``.

    ``taken`` holds the codes of the sessions still open, so candidates in a room can never
    type a code that also opens another session.
    """
    if len(taken) >= len(ACCESS_CODE_LETTERS) ** 4 * len(ACCESS_CODE_DIGITS) ** 2:
        raise ValueError("every access code is taken")
    while True:
        code = "".join(rng.choice(ACCESS_CODE_LETTERS) for _ in range(4)) + "".join(
            rng.choice(ACCESS_CODE_DIGITS) for _ in range(2)
        )
        if code not in taken:
            return code


def generate_invigilator_password(rng: random.Random) -> str:
    """Six distinct characters of the invigilator alphabet (a partial shuffle)."""
    return "".join(rng.sample(INVIGILATOR_PASSWORD_ALPHABET, INVIGILATOR_PASSWORD_LENGTH))


def generate_verification_code(rng: random.Random, taken: frozenset[str] = frozenset()) -> str:
    """``P-`` then 8 distinct symbols; never one in ``taken`` (codes are globally unique)."""
    while True:
        code = "P-" + "".join(rng.sample(VERIFICATION_CODE_ALPHABET, 8))
        if code not in taken:
            return code
