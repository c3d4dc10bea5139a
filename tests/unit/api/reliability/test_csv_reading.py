"""Defect 7 of issue 14: CSV files read as spreadsheets write them, refused readably when
wrong, names that show nothing refused, and formula cells neutralised on export."""

from __future__ import annotations

import csv
import io

import pytest

from api.presenters.csv_export import csv_text, neutralise
from domain.certification.candidates import Candidate
from domain.certification.csv_import import LineProblem, parse_candidates_csv
from domain.errors import InvalidInputError
from domain.text import visible_text

HEADER = [
    "first_name", "last_name", "sex", "birthdate", "birth_country", "birth_insee_code",
    "billing_mode",
]  # fmt: skip
ROW = ["Léa", "Dupont", "F", "2005-03-14", "FRANCE", "75056", "FREE"]


def _file(header: list[str], *rows: list[str], sep: str = ",", bom: bool = False) -> bytes:
    text = "\r\n".join(sep.join(r) for r in (header, *rows)) + "\r\n"
    return (("\ufeff" if bom else "") + text).encode()


def _problems(result: list[Candidate] | list[LineProblem]) -> list[LineProblem]:
    assert all(isinstance(r, LineProblem) for r in result), result
    return [r for r in result if isinstance(r, LineProblem)]


def test_a_semicolon_file_with_a_bom_as_french_spreadsheets_save_it_is_read() -> None:
    result = parse_candidates_csv(_file(HEADER, ROW, sep=";", bom=True), "PRO")
    assert [c.last_name for c in result if isinstance(c, Candidate)] == ["Dupont"]


def test_a_duplicated_column_is_refused_by_name() -> None:
    problems = _problems(parse_candidates_csv(_file([*HEADER, "last_name"], [*ROW, "X"]), "PRO"))
    assert [p.code for p in problems] == ["CSV_HEADER_NOT_VALID"]
    assert "last_name" in problems[0].message
    assert "more than once" in problems[0].message


def test_unknown_columns_are_named_with_the_expected_ones() -> None:
    problems = _problems(parse_candidates_csv(_file([*HEADER, "prénom"], [*ROW, "x"]), "PRO"))
    assert "unknown column 'prénom'" in problems[0].message
    assert "expected columns: first_name, last_name" in problems[0].message


def test_cells_beyond_the_header_are_refused() -> None:
    problems = _problems(parse_candidates_csv(_file(HEADER, [*ROW, "extra"]), "PRO"))
    assert [(p.line, p.code) for p in problems] == [(2, "CSV_LINE_NOT_VALID")]


def test_a_name_of_zero_width_spaces_only_is_required_like_an_empty_one() -> None:
    row = ["\u200b\u200b", *ROW[1:]]
    problems = _problems(parse_candidates_csv(_file(HEADER, row), "PRO"))
    assert [p.code for p in problems] == ["CANDIDATE_FIRST_NAME_REQUIRED"]
    assert visible_text("\u200bLéa\u2060 ") == "Léa"


def test_a_centre_named_with_zero_width_spaces_only_is_refused() -> None:
    from domain.application import CertificationLedger
    from tests.factories import ACTOR, T0

    ledger = CertificationLedger({"PERSISTENCE_MODULE": "eventsourcing.popo"})
    with pytest.raises(InvalidInputError):
        ledger.register_centre(
            name="\u200b\u200b\u200b", centre_type="PRO", external_id=None, at=T0, actor=ACTOR
        )


@pytest.mark.parametrize(
    "cell",
    ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "\uff1d1"],
)
def test_formula_cells_are_neutralised_on_export(cell: str) -> None:
    assert neutralise(cell).startswith("'")
    out = csv_text(["name"], [[cell]])
    assert list(csv.reader(io.StringIO(out)))[1] == [neutralise(cell)]


def test_ordinary_cells_and_numbers_are_exported_as_they_are() -> None:
    assert neutralise("Dupont") == "Dupont"
    assert neutralise(-3) == "-3"  # a number is data, not a formula
    assert csv_text(["a", "b"], [["x", 1]]).splitlines() == ["a,b", "x,1"]
