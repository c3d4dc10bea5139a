"""Bitstring Status List v1.0: where a certificate's revocation bit sits, and the list's encoding.

Each delivery of a certificate takes the next sequence number; ``position`` spreads sequence
numbers over a list of 131,072 entries (the spec's 16 KB minimum, for group privacy) with a
fixed bijection, so neighbouring deliveries do not sit side by side and no two share a bit.
``encode`` is the spec's ``encodedList``: multibase base64url (``u``, no padding) of the GZIP
of the bitstring, bit 0 being the left-most bit of the first byte.
"""

from __future__ import annotations

import base64
import gzip
from collections.abc import Iterable
from typing import Final

LIST_SIZE: Final = 131_072  # 2**17 entries = 16 KiB
_MULTIPLIER: Final = 0x9E3779B1  # odd, hence a bijection modulo 2**17
_OFFSET: Final = 0x5BD1


def position(seq: int) -> tuple[int, int]:
    """The (list number, index) of sequence number ``seq`` (lists are numbered from 1)."""
    return seq // LIST_SIZE + 1, (seq % LIST_SIZE * _MULTIPLIER + _OFFSET) % LIST_SIZE


def encode(indices: Iterable[int], size: int = LIST_SIZE) -> str:
    """The ``encodedList`` with the bits at ``indices`` set."""
    bits = bytearray(size // 8)
    for index in indices:
        bits[index // 8] |= 0x80 >> (index % 8)
    # mtime=0 keeps the bytes the same for the same set bits (signatures stay reproducible).
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")


def decode(encoded: str) -> bytes:
    """The bitstring of an ``encodedList`` (``ValueError`` if it is not one)."""
    if not encoded.startswith("u"):
        raise ValueError("an encodedList is multibase base64url (starting with 'u')")
    body = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def is_set(bitstring: bytes, index: int) -> bool:
    """Whether the bit at ``index`` is set (``IndexError`` past the end)."""
    return bool(bitstring[index // 8] & (0x80 >> (index % 8)))
