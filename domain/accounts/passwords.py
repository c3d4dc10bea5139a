"""Password hashing with scrypt (memory-hard, standard library), parameters kept in the hash.

A hash reads ``scrypt$<log2 n>$<r>$<p>$<salt b64>$<digest b64>``, so raising the cost later
leaves old hashes verifiable. The salt is drawn here, in the command, never in an event body.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from domain.ports import DEFAULT_PASSWORD_LOG2_N

DEFAULT_LOG2_N = DEFAULT_PASSWORD_LOG2_N
"""scrypt cost: n = 2**15 with r = 8 uses 32 MiB and about 0.1 s per hash on one core."""

_R, _P, _DKLEN, _SALT_BYTES = 8, 1, 32, 16
_MAXMEM = 1 << 30


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, *, log2_n: int = DEFAULT_LOG2_N) -> str:
    """A salted scrypt hash of ``password`` that records its own parameters.

    ``log2_n`` is the cost exponent (10 to 20); only tests should go below the default.
    """
    if not 10 <= log2_n <= 20:
        raise ValueError(f"scrypt log2(n) must be 10 to 20, not {log2_n}")
    salt = secrets.token_bytes(_SALT_BYTES)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=1 << log2_n, r=_R, p=_P, maxmem=_MAXMEM, dklen=_DKLEN
    )
    return f"scrypt${log2_n}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, encoded: str) -> bool:
    """Whether ``password`` matches ``encoded``; constant-time; a malformed hash never matches."""
    try:
        scheme, log2_n, r, p, salt, digest = encoded.split("$")
        if scheme != "scrypt":
            return False
        computed = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=1 << int(log2_n),
            r=int(r),
            p=int(p),
            maxmem=_MAXMEM,
            dklen=len(base64.b64decode(digest)),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(computed, base64.b64decode(digest))
