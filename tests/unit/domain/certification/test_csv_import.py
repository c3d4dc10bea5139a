from __future__ import annotations

from datetime import date

from domain.certification.candidates import Candidate
from domain.certification.csv_import import LineProblem, parse_candidates_csv

HEADER = (
    "first_name,last_name,sex,birthdate,birth_country,birth_insee_code,birth_city,"
    "billing_mode,extra_time_percentage\n"
)


def test_a_good_file_gives_every_candidate() -> None:
    data = (
        HEADER
        + "Léa,Dupont,F,2005-03-14,FRANCE,75056,,FREE,\n"
        + "Amine,Haddad,M,2004-11-02,Maroc,,Rabat,PAID,25\n"
    )
    result = parse_candidates_csv(("\ufeff" + data).encode(), "PRO")
    assert [c.last_name for c in result if isinstance(c, Candidate)] == ["Dupont", "Haddad"]
    assert isinstance(result[1], Candidate)
    assert result[1].extra_time_ratio == 0.25


def test_any_bad_line_imports_nothing_and_every_bad_line_is_reported_with_its_number() -> None:
    data = (
        HEADER
        + "Léa,Dupont,F,2005-03-14,FRANCE,75056,,FREE,\n"
        + ",Martin,X,2005-02-30,FRANCE,75056,,FREE,\n"
        + "Lea,DUPONT,F,2005-03-14,FRANCE,75056,,PAID,\n"
    )
    result = parse_candidates_csv(data.encode(), "PRO")
    assert all(isinstance(r, LineProblem) for r in result)
    assert [(r.line, r.code) for r in result if isinstance(r, LineProblem)] == [
        (3, "CANDIDATE_FIRST_NAME_REQUIRED"),
        (3, "CANDIDATE_SEX_NOT_VALID"),
        (3, "CANDIDATE_BIRTHDATE_FORMAT_NOT_VALID"),
        (4, "DUPLICATE_CANDIDATE_NOT_ALLOWED_IN_SESSION"),
    ]


def test_people_already_enrolled_are_refused() -> None:
    data = HEADER + "Léa,Dupont,F,2005-03-14,FRANCE,75056,,FREE,\n"
    result = parse_candidates_csv(
        data.encode(), "PRO", frozenset({("lea", "dupont", date(2005, 3, 14))})
    )
    assert isinstance(result[0], LineProblem)
    assert result[0].code == "DUPLICATE_CANDIDATE_NOT_ALLOWED_IN_SESSION"


def test_wrong_encoding_header_or_empty_file_are_refused() -> None:
    assert parse_candidates_csv("é".encode("latin-1"), "PRO")[0].code == "CSV_NOT_UTF8"  # type: ignore[union-attr]
    bad_header = parse_candidates_csv(b"prenom,nom\nLea,Dupont\n", "PRO")
    assert bad_header[0].code == "CSV_HEADER_NOT_VALID"  # type: ignore[union-attr]
    assert parse_candidates_csv(HEADER.encode(), "PRO")[0].code == "EMPTY_SESSION"  # type: ignore[union-attr]
