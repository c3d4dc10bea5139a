"""RFC 6962 / 9162 public test vectors, verbatim, and round trips of our own proofs."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from domain.audit.errors import ProofError
from domain.audit.merkle import (
    EMPTY_ROOT,
    LeafNodes,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root,
    verify_consistency,
    verify_inclusion,
)

# google/certificate-transparency cpp/merkletree/merkle_tree_test.cc: leaves and kSHA256Roots.
CT_LEAVES = [
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
]
CT_ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
# transparency-dev/merkle cmd/proofgen/main.go: (leaf number 1-based, size, path).
INCLUSION = [
    (1, 1, []),
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (3, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        2,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]
CONSISTENCY = [
    (1, 1, []),
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]
VECTORS = Path(__file__).parent / "vectors"

LEAVES = [leaf_hash(bytes.fromhex(d)) for d in CT_LEAVES]
NODES = LeafNodes(LEAVES)


def h(hexes: list[str]) -> list[bytes]:
    return [bytes.fromhex(x) for x in hexes]


def test_hasher_vectors_of_transparency_dev() -> None:
    assert EMPTY_ROOT.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert leaf_hash(b"").hex() == CT_ROOTS[0]
    assert (
        leaf_hash(b"L123456").hex()
        == "395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56"
    )
    assert (
        node_hash(b"N123", b"N456").hex()
        == "aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb"
    )


@pytest.mark.parametrize("size", range(1, 9))
def test_roots_of_the_certificate_transparency_tree(size: int) -> None:
    assert root(NODES, size).hex() == CT_ROOTS[size - 1]


@pytest.mark.parametrize(("leaf", "size", "path"), INCLUSION)
def test_inclusion_vectors_are_produced_and_verify(leaf: int, size: int, path: list[str]) -> None:
    assert inclusion_proof(NODES, leaf - 1, size) == h(path)
    verify_inclusion(leaf - 1, size, LEAVES[leaf - 1], h(path), bytes.fromhex(CT_ROOTS[size - 1]))


@pytest.mark.parametrize(("first", "second", "path"), CONSISTENCY)
def test_consistency_vectors_are_produced_and_verify(
    first: int, second: int, path: list[str]
) -> None:
    assert consistency_proof(NODES, first, second) == h(path)
    verify_consistency(
        first,
        second,
        bytes.fromhex(CT_ROOTS[first - 1]),
        bytes.fromhex(CT_ROOTS[second - 1]),
        h(path),
    )


def test_a_flipped_bit_in_any_proof_element_is_rejected() -> None:
    for leaf, size, path in INCLUSION[1:]:
        for i in range(len(path)):
            bad = h(path)
            bad[i] = bytes([bad[i][0] ^ 8]) + bad[i][1:]
            with pytest.raises(ProofError):
                verify_inclusion(
                    leaf - 1, size, LEAVES[leaf - 1], bad, bytes.fromhex(CT_ROOTS[size - 1])
                )
    for first, second, path in CONSISTENCY[1:]:
        for i in range(len(path)):
            bad = h(path)
            bad[i] = bytes([bad[i][0] ^ 16]) + bad[i][1:]
            with pytest.raises(ProofError):
                verify_consistency(
                    first,
                    second,
                    bytes.fromhex(CT_ROOTS[first - 1]),
                    bytes.fromhex(CT_ROOTS[second - 1]),
                    bad,
                )


def b64(values: list[str]) -> list[bytes]:
    return [base64.b64decode(v) for v in values]


def _check_probe(probe: dict[str, Any]) -> None:
    """Verify one transparency-dev probe (inclusion or consistency, told by its keys)."""
    if "leafIdx" in probe:
        verify_inclusion(
            probe["leafIdx"], probe["treeSize"], base64.b64decode(probe["leafHash"]),
            b64(probe["proof"]), base64.b64decode(probe["root"]),
        )  # fmt: skip
    else:
        verify_consistency(
            probe["size1"], probe["size2"], base64.b64decode(probe["root1"]),
            base64.b64decode(probe["root2"]), b64(probe["proof"]),
        )  # fmt: skip


@pytest.mark.parametrize(
    "path", sorted(VECTORS.glob("*/*.json")), ids=lambda p: f"{p.parent.name}/{p.stem}"
)
def test_transparency_dev_probes(path: Path) -> None:
    probe = json.loads(path.read_text())
    if probe["wantErr"]:
        with pytest.raises(ProofError):
            _check_probe(probe)
    else:
        _check_probe(probe)


def test_every_proof_of_larger_trees_round_trips() -> None:
    leaves = [leaf_hash(bytes([i % 256, i // 256])) for i in range(70)]
    nodes = LeafNodes(leaves)
    for size in range(1, 71):
        r = root(nodes, size)
        for index in range(size):
            verify_inclusion(index, size, leaves[index], inclusion_proof(nodes, index, size), r)
        for first in range(1, size + 1):
            verify_consistency(
                first, size, root(nodes, first), r, consistency_proof(nodes, first, size)
            )


def test_a_proof_beyond_the_tree_is_refused() -> None:
    with pytest.raises(ProofError, match="beyond"):
        inclusion_proof(NODES, 8, 8)
    with pytest.raises(ProofError, match="older first"):
        verify_consistency(8, 1, LEAVES[0], LEAVES[0], [LEAVES[0]])
