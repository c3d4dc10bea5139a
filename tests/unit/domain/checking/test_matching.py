from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from domain.checking import levenshtein, treat


def test_t1_lowers_strips_accents_and_all_whitespace() -> None:
    assert treat("  Élève  Modèle ", {"t2"}) == "elevemodele"


def test_t2_keeps_plain_letters_digits_and_single_spaces() -> None:
    assert treat("a,  b!!  c", {"t1"}) == "a b c"


def test_without_t1_t2_drops_accented_letters() -> None:
    assert treat("été", {"t1"}) == "t"


def test_levenshtein_known_distances() -> None:
    assert levenshtein("kitten", "sitting") == 3
    assert levenshtein("", "abc") == 3
    assert levenshtein("flaw", "lawn") == 2


@given(st.text(max_size=12), st.text(max_size=12))
def test_levenshtein_is_symmetric_and_bounded(a: str, b: str) -> None:
    assert levenshtein(a, b) == levenshtein(b, a)
    assert abs(len(a) - len(b)) <= levenshtein(a, b) <= max(len(a), len(b))
    assert (levenshtein(a, b) == 0) == (a == b)


def _reference_distance(a: str, b: str) -> int:
    """The textbook dynamic-programming table, the oracle for the library's distance."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


@given(st.text(max_size=40), st.text(max_size=40))
def test_levenshtein_equals_the_textbook_table(a: str, b: str) -> None:
    assert levenshtein(a, b) == _reference_distance(a, b)


@given(st.text(alphabet="abcé ", max_size=30), st.text(alphabet="abcé ", max_size=30))
def test_levenshtein_equals_the_textbook_table_on_close_strings(a: str, b: str) -> None:
    assert levenshtein(a, b) == _reference_distance(a, b)
