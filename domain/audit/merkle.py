"""RFC 9162 §2.1 Merkle tree hashing, inclusion and consistency proofs, and their verification.

Trees are read through ``Nodes``: ``node(level, index)`` is the hash of the perfect subtree of
``2**level`` leaves starting at leaf ``index * 2**level``. A log that stores every complete
node answers roots and proofs with O(log n) reads and O(log n) hashes; ``LeafNodes`` computes
nodes from a list of leaf hashes (tests, verification). Leaf indices are 0-based.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

from domain.audit.errors import ProofError

EMPTY_ROOT = hashlib.sha256(b"").digest()
"""MTH({}): the hash of the empty string."""

Nodes = Callable[[int, int], bytes]
"""``node(level, index)`` -> hash of the complete subtree (see module docstring)."""


def leaf_hash(data: bytes) -> bytes:
    """SHA-256(0x00 || data)."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """SHA-256(0x01 || left || right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two strictly less than ``n`` (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


class LeafNodes:
    """Nodes computed from leaf hashes, memoised (every complete node is computed once)."""

    def __init__(self, leaves: Sequence[bytes]) -> None:
        self.leaves = leaves
        self._memo: dict[tuple[int, int], bytes] = {}

    def __call__(self, level: int, index: int) -> bytes:
        """The node's hash."""
        if level == 0:
            return self.leaves[index]
        key = (level, index)
        found = self._memo.get(key)
        if found is None:
            found = node_hash(self(level - 1, 2 * index), self(level - 1, 2 * index + 1))
            self._memo[key] = found
        return found


def subtree_hash(nodes: Nodes, start: int, end: int) -> bytes:
    """MTH(D[start:end]) for a range that RFC 9162's recursion produces (start aligned)."""
    n = end - start
    if n == 0:
        return EMPTY_ROOT
    if n & (n - 1) == 0 and start % n == 0:
        return nodes(n.bit_length() - 1, start // n)
    k = _split(n)
    return node_hash(subtree_hash(nodes, start, start + k), subtree_hash(nodes, start + k, end))


def root(nodes: Nodes, size: int) -> bytes:
    """The root hash of the tree of the first ``size`` leaves."""
    return subtree_hash(nodes, 0, size)


def inclusion_proof(nodes: Nodes, index: int, size: int) -> list[bytes]:
    """PATH(index, D[0:size]): the audit path, bottom-up (RFC 9162 §2.1.3.1)."""
    if not 0 <= index < size:
        raise ProofError(f"leaf index {index} is beyond a tree of size {size}")
    return _path(nodes, index, 0, size)


def _path(nodes: Nodes, m: int, start: int, end: int) -> list[bytes]:
    n = end - start
    if n == 1:
        return []
    k = _split(n)
    if m < k:
        return [*_path(nodes, m, start, start + k), subtree_hash(nodes, start + k, end)]
    return [*_path(nodes, m - k, start + k, end), subtree_hash(nodes, start, start + k)]


def consistency_proof(nodes: Nodes, first: int, second: int) -> list[bytes]:
    """PROOF(first, D[0:second]) (RFC 9162 §2.1.4.1); empty when the sizes are equal."""
    if not 0 <= first <= second:
        raise ProofError(f"no consistency proof from size {first} to size {second}")
    if first in (0, second):
        return []
    return _subproof(nodes, first, 0, second, True)


def _subproof(nodes: Nodes, m: int, start: int, end: int, whole: bool) -> list[bytes]:
    n = end - start
    if m == n:
        return [] if whole else [subtree_hash(nodes, start, end)]
    k = _split(n)
    if m <= k:
        return [*_subproof(nodes, m, start, start + k, whole), subtree_hash(nodes, start + k, end)]
    return [
        *_subproof(nodes, m - k, start + k, end, False),
        subtree_hash(nodes, start, start + k),
    ]


def verify_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes], root_hash: bytes
) -> None:
    """Check an audit path (RFC 9162 §2.1.3.2); raise ``ProofError`` saying what failed."""
    if index >= size:
        raise ProofError(f"leaf index {index} is beyond a tree of size {size}")
    _check_sizes(leaf, root_hash, *proof)
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            raise ProofError("inclusion proof is longer than the tree is deep")
        if fn % 2 == 1 or fn == sn:
            r = node_hash(p, r)
            if fn % 2 == 0:
                while fn % 2 == 0 and fn != 0:
                    fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofError("inclusion proof is shorter than the tree is deep")
    if r != root_hash:
        raise ProofError("inclusion proof does not lead to the root hash")


def verify_consistency(
    first: int, second: int, first_hash: bytes, second_hash: bytes, proof: Sequence[bytes]
) -> None:
    """Check a consistency proof (RFC 9162 §2.1.4.2); raise ``ProofError`` if it fails."""
    _check_sizes(first_hash, second_hash, *proof)
    if first > second:
        raise ProofError(f"size {first} comes after size {second}: give the older first")
    if first == second:
        if proof:
            raise ProofError("a proof between equal sizes must be empty")
        if first_hash != second_hash:
            raise ProofError("equal sizes with different root hashes")
        return
    if first == 0:
        if proof:
            raise ProofError("a proof from the empty tree must be empty")
        return
    if not proof:
        raise ProofError("empty consistency proof")
    path = list(proof)
    if first & (first - 1) == 0:
        path.insert(0, first_hash)
    fn, sn = first - 1, second - 1
    while fn % 2 == 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("consistency proof is longer than needed")
        if fn % 2 == 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if fn % 2 == 0:
                while fn % 2 == 0 and fn != 0:
                    fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofError("consistency proof is shorter than needed")
    if fr != first_hash or sr != second_hash:
        raise ProofError("consistency proof does not reproduce both root hashes")


def _check_sizes(*hashes: bytes) -> None:
    if any(len(h) != 32 for h in hashes):
        raise ProofError("every hash in a proof is 32 bytes (SHA-256)")
