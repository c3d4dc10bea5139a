from __future__ import annotations

import random

import pytest

from domain.certification.codes import (
    ACCESS_CODE_PATTERN,
    INVIGILATOR_PASSWORD_ALPHABET,
    VERIFICATION_CODE_PATTERN,
    generate_access_code,
    generate_invigilator_password,
    generate_verification_code,
)


@pytest.mark.parametrize("seed", range(20))
def test_access_codes_are_four_letters_then_two_digits_of_the_spec_alphabets(seed: int) -> None:
    code = generate_access_code(random.Random(seed))
    assert ACCESS_CODE_PATTERN.fullmatch(code), code


def test_access_code_is_never_one_already_open() -> None:
    first = generate_access_code(random.Random(1))
    again = generate_access_code(random.Random(1), taken=frozenset({first}))
    assert again != first
    assert ACCESS_CODE_PATTERN.fullmatch(again)


def test_same_seed_same_codes() -> None:
    assert generate_access_code(random.Random(42)) == generate_access_code(random.Random(42))
    assert generate_invigilator_password(random.Random(42)) == generate_invigilator_password(
        random.Random(42)
    )


@pytest.mark.parametrize("seed", range(20))
def test_invigilator_password_has_six_distinct_characters_of_its_alphabet(seed: int) -> None:
    password = generate_invigilator_password(random.Random(seed))
    assert len(password) == 6
    assert len(set(password)) == 6
    assert set(password) <= set(INVIGILATOR_PASSWORD_ALPHABET)


@pytest.mark.parametrize("seed", range(20))
def test_verification_code_is_p_dash_and_eight_distinct_symbols(seed: int) -> None:
    code = generate_verification_code(random.Random(seed))
    assert VERIFICATION_CODE_PATTERN.fullmatch(code), code
    assert len(set(code[2:])) == 8
