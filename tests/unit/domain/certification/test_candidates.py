from __future__ import annotations

from datetime import date
from typing import Any

from domain.certification.candidates import Candidate, normalize_name, validate_candidate


def valid(**changes: Any) -> dict[str, Any]:
    raw = {
        "first_name": "Léa",
        "last_name": "Dupont-Moreau",
        "sex": "F",
        "birthdate": "2005-03-14",
        "birth_country": "FRANCE",
        "birth_insee_code": "75056",
        "billing_mode": "FREE",
    }
    raw.update(changes)
    return raw


def codes(result: Candidate | list[Any]) -> list[str]:
    assert isinstance(result, list), result
    return [p.code for p in result]


def test_a_complete_candidate_is_accepted_and_extra_time_becomes_a_ratio() -> None:
    candidate = validate_candidate(
        valid(extra_time_percentage="33", email="lea@example.org"), "PRO"
    )
    assert isinstance(candidate, Candidate)
    assert candidate.birthdate == date(2005, 3, 14)
    assert candidate.extra_time_ratio == 0.33
    assert candidate.identity_key == ("lea", "dupontmoreau", date(2005, 3, 14))


def test_every_missing_field_is_reported_at_once() -> None:
    assert codes(validate_candidate({}, "SUP")) == [
        "CANDIDATE_FIRST_NAME_REQUIRED",
        "CANDIDATE_LAST_NAME_REQUIRED",
        "CANDIDATE_SEX_REQUIRED",
        "CANDIDATE_BIRTHDATE_REQUIRED",
        "CANDIDATE_BIRTH_COUNTRY_REQUIRED",
        "CANDIDATE_BILLING_MODE_REQUIRED",
    ]


def test_sex_birthdate_and_emails_are_checked() -> None:
    assert codes(validate_candidate(valid(sex="X"), "PRO")) == ["CANDIDATE_SEX_NOT_VALID"]
    assert codes(validate_candidate(valid(birthdate="14/03/2005"), "PRO")) == [
        "CANDIDATE_BIRTHDATE_FORMAT_NOT_VALID"
    ]
    assert codes(validate_candidate(valid(birthdate="1900-01-01"), "PRO")) == [
        "CANDIDATE_BIRTHDATE_MUST_BE_GREATER"
    ]
    assert codes(validate_candidate(valid(email="nope", result_recipient_email="a@b"), "PRO")) == [
        "CANDIDATE_EMAIL_NOT_VALID",
        "CANDIDATE_RESULT_RECIPIENT_EMAIL_NOT_VALID",
    ]


def test_extra_time_must_be_a_whole_percentage_below_100() -> None:
    assert codes(validate_candidate(valid(extra_time_percentage="1/3"), "PRO")) == [
        "CANDIDATE_EXTRA_TIME_INTEGER"
    ]
    assert codes(validate_candidate(valid(extra_time_percentage="100"), "PRO")) == [
        "CANDIDATE_EXTRA_TIME_OUT_OF_RANGE"
    ]


def test_billing_is_refused_for_sco_and_required_elsewhere_with_prepayment_rules() -> None:
    assert codes(validate_candidate(valid(), "SCO")) == ["CANDIDATE_BILLING_MODE_MUST_BE_EMPTY"]
    sco = validate_candidate(valid(billing_mode=None), "SCO")
    assert isinstance(sco, Candidate)
    assert sco.billing_mode is None
    assert codes(validate_candidate(valid(billing_mode="GIFT"), "PRO")) == [
        "CANDIDATE_BILLING_MODE_NOT_VALID"
    ]
    assert codes(validate_candidate(valid(billing_mode="PREPAID"), "PRO")) == [
        "CANDIDATE_PREPAYMENT_CODE_REQUIRED"
    ]
    assert codes(validate_candidate(valid(billing_mode="PAID", prepayment_code="X/1"), "PRO")) == [
        "CANDIDATE_PREPAYMENT_CODE_MUST_BE_EMPTY"
    ]
    prepaid = validate_candidate(
        valid(billing_mode="prepaid", prepayment_code="12345678912345/FACT12345"), "PRO"
    )
    assert isinstance(prepaid, Candidate)
    assert prepaid.billing_mode == "PREPAID"


def test_birth_place_rules_for_france_and_abroad() -> None:
    france = valid(birth_insee_code=None)
    assert codes(validate_candidate(france, "PRO")) == [
        "CANDIDATE_BIRTH_INSEE_CODE_OR_BIRTH_POSTAL_CODE_AND_BIRTH_CITY_REQUIRED"
    ]
    by_postal = validate_candidate(
        valid(birth_insee_code=None, birth_postal_code="69001", birth_city="Lyon"), "PRO"
    )
    assert isinstance(by_postal, Candidate)
    assert codes(validate_candidate(valid(birth_insee_code="7505"), "PRO")) == [
        "CANDIDATE_BIRTH_INSEE_CODE_NOT_VALID"
    ]
    corsica = validate_candidate(valid(birth_insee_code="2A004"), "PRO")
    assert isinstance(corsica, Candidate)
    abroad = valid(birth_country="Belgique", birth_insee_code="12345", birth_postal_code="1000")
    assert codes(validate_candidate(abroad, "PRO")) == [
        "CANDIDATE_FOREIGN_BIRTH_CITY_REQUIRED",
        "CANDIDATE_FOREIGN_INSEE_CODE_NOT_VALID",
        "CANDIDATE_FOREIGN_POSTAL_CODE_MUST_BE_EMPTY",
    ]
    ok = validate_candidate(
        valid(birth_country="Belgique", birth_insee_code=None, birth_city="Liège"), "PRO"
    )
    assert isinstance(ok, Candidate)
    assert (ok.birth_country, ok.birth_insee_code) == ("BELGIQUE", "99")


def test_names_are_compared_without_case_accents_spaces_apostrophes_or_hyphens() -> None:
    assert normalize_name("  Émilie  Zoé ") == normalize_name("emiliezoe")
    assert normalize_name("O'Brien") == normalize_name("OBrien")  # issue 14: as people type
    assert normalize_name("Dupont-Moreau") == normalize_name("Dupont Moreau")
