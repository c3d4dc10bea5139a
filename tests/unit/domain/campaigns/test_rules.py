"""Pure rules of the campaigns context: codes, learners CSV, target profiles, snapshots."""

from __future__ import annotations

import random
from datetime import date

import pytest

from domain.bank import load_default_bank
from domain.campaigns.codes import CAMPAIGN_CODE_PATTERN, draw_campaign_code
from domain.campaigns.errors import TargetProfileNotFoundError
from domain.campaigns.learners_csv import LearnerLine, identity_key, parse_learners_csv
from domain.campaigns.results import round2
from domain.campaigns.target_profiles import get_target_profile, load_target_profiles
from domain.certification.csv_import import LineProblem
from projections.campaign_results.exports import neutralise

TODAY = date(2026, 11, 22)


def test_codes_are_six_letters_of_the_spec_alphabet_upper_cased_then_three_digits() -> None:
    rng = random.Random(3)
    codes = [draw_campaign_code(rng) for _ in range(500)]
    assert all(CAMPAIGN_CODE_PATTERN.match(c) for c in codes)
    letters = {ch for c in codes for ch in c[:6]}
    assert letters.isdisjoint("ILO")
    assert len(letters) == 23
    assert {ch for c in codes for ch in c[6:]} == set("23456789")
    assert draw_campaign_code(random.Random(3)) == codes[0]  # the draw replays from its seed


def test_a_valid_school_file_gives_every_learner() -> None:
    data = (
        "\ufefffirst_name,last_name,birthdate,division,national_student_id\n"
        "Ada, Lovelace ,2011-12-10,3A,123456789ab\n"
        "Alan,Turing,23/06/2011,3B,1234567890A\n"
    )
    found = parse_learners_csv(data.encode(), "SCO", today=TODAY)
    assert found == [
        LearnerLine(2, "Ada", "Lovelace", date(2011, 12, 10), "3A", "123456789AB"),
        LearnerLine(3, "Alan", "Turing", date(2011, 6, 23), "3B", "1234567890A"),
    ]


def test_every_bad_line_of_a_school_file_is_reported() -> None:
    data = (
        "first_name,last_name,birthdate,division,national_student_id\n"
        ",Lovelace,2011-13-10,,12\n"
        "Alan,Turing,2030-01-01,3B,123456789AC\n"
        "Ada,Lovelace,2011-12-10,3A,123456789AC\n"
        "Adá,LOVELACE,2011-12-10,3A,123456789AD\n"
    )
    found = parse_learners_csv(data.encode(), "SCO", today=TODAY)
    assert all(isinstance(p, LineProblem) for p in found)
    assert [(p.line, p.code) for p in found] == [  # type: ignore[union-attr]
        (2, "LEARNER_FIRST_NAME_REQUIRED"),
        (2, "LEARNER_BIRTHDATE_INVALID"),
        (2, "LEARNER_DIVISION_REQUIRED"),
        (2, "LEARNER_INE_INVALID"),
        (3, "LEARNER_BIRTHDATE_INVALID"),
        (5, "LEARNER_DUPLICATE"),
    ]


def test_a_file_with_a_bad_header_or_no_line_is_refused_as_a_whole() -> None:
    bad = parse_learners_csv(b"name,birthdate\nA,2011-01-01\n", "PRO", today=TODAY)
    assert [p.code for p in bad] == ["CSV_HEADER_NOT_VALID"]  # type: ignore[union-attr]
    empty = parse_learners_csv(b"first_name,last_name,birthdate\n", "PRO", today=TODAY)
    assert [p.code for p in empty] == ["LEARNER_FILE_EMPTY"]  # type: ignore[union-attr]
    latin = parse_learners_csv("first_name,last_name,birthdate\né".encode("latin-1"), "PRO",
                               today=TODAY)  # fmt: skip
    assert [p.code for p in latin] == ["CSV_NOT_UTF8"]  # type: ignore[union-attr]


def test_companies_need_neither_division_nor_ine() -> None:
    found = parse_learners_csv(b"first_name,last_name,birthdate\nA,B,2000-01-01\n", "PRO",
                               today=TODAY)  # fmt: skip
    assert [(x.division, x.national_student_id) for x in found] == [("", "")]  # type: ignore[union-attr]


def test_identity_ignores_accents_case_hyphens_and_spaces() -> None:
    assert identity_key("Jean-Éloïse ", "de  la FONTAINE", date(2011, 1, 2)) == identity_key(
        "jean eloise", "De La Fontaine", date(2011, 1, 2)
    )


def test_target_profiles_cap_every_tube_of_their_competences() -> None:
    bank = load_default_bank(7)
    profile = get_target_profile("searching-level-2")
    skills = profile.skills(bank)
    assert {s.competence_code for s in skills} == {"1.1"}
    assert max(s.difficulty for s in skills) == 2
    assert [s.id for s in skills] == [
        s.id for s in bank.skills if s.competence_code == "1.1" and s.difficulty <= 2
    ]
    everything = get_target_profile("all-level-3").skills(bank)
    assert len({s.competence_code for s in everything}) == 16
    assert len(load_target_profiles()) == 7
    with pytest.raises(TargetProfileNotFoundError):
        get_target_profile("nope")


def test_round2_rounds_half_up() -> None:
    assert [round2(x) for x in (0.125, 0.115, 2 / 3, 1 / 9, 0.0, 1.0)] == [
        0.13, 0.12, 0.67, 0.11, 0.0, 1.0,
    ]  # fmt: skip


@pytest.mark.parametrize("cell", ["=1+1", "+33", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_cells_a_spreadsheet_would_run_get_an_apostrophe(cell: str) -> None:
    assert neutralise(cell) == "'" + cell


def test_other_cells_are_left_alone() -> None:
    assert [neutralise(x) for x in ("Lovelace", "0.50", "", None, 3, "a=b")] == [
        "Lovelace", "0.50", "", "", "3", "a=b",
    ]  # fmt: skip
