from __future__ import annotations

from domain.accounts import hash_password, verify_password


def test_a_hash_records_its_parameters_and_verifies_only_its_password() -> None:
    encoded = hash_password("correct horse", log2_n=10)
    assert encoded.startswith("scrypt$10$8$1$")
    assert verify_password("correct horse", encoded)
    assert not verify_password("correct horsE", encoded)


def test_two_hashes_of_one_password_differ_by_their_salt() -> None:
    assert hash_password("same", log2_n=10) != hash_password("same", log2_n=10)


def test_a_malformed_hash_never_matches() -> None:
    assert not verify_password("x", "md5$abc")
    assert not verify_password("x", "scrypt$10$8$1$not-base64$")
