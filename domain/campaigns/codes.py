"""Campaign codes (spec §E): 6 letters then 3 digits, e.g. ``ABCDEF234``.

Letters come from ``abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ`` upper-cased (so 23
letters, no I, L or O) and digits from ``23456789``. The command draws with the generator it is
given and records the code and the codes it had to reject; uniqueness is a claim (ADR 0604).
"""

from __future__ import annotations

import random
import re
from typing import Final

CODE_LETTERS: Final = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ"
CODE_DIGITS: Final = "23456789"
CAMPAIGN_CODE_PATTERN: Final = re.compile(r"^[A-HJKMNP-Z]{6}[2-9]{3}$")
MAX_DRAWS: Final = 100


def draw_campaign_code(rng: random.Random) -> str:
    """One code: 6 letters drawn from the spec's alphabet, upper-cased, then 3 digits."""
    letters = "".join(rng.choice(CODE_LETTERS) for _ in range(6)).upper()
    return letters + "".join(rng.choice(CODE_DIGITS) for _ in range(3))


def normalise_code(text: str) -> str:
    """What a learner typed, as a code: trimmed and upper-cased."""
    return text.strip().upper()
