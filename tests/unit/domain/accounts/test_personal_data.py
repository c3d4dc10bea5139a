from __future__ import annotations

from datetime import date

import pytest

from domain.accounts import check_birthdate, check_email, normalise_login
from domain.accounts.personal_data import check_name, check_username
from domain.errors import InvalidPersonalDataError

TODAY = date(2026, 11, 22)


def test_emails_are_trimmed_and_lower_cased() -> None:
    assert check_email("  Ada.Lovelace@Example.ORG ") == "ada.lovelace@example.org"


@pytest.mark.parametrize("bad", ["ada", "ada@", "@example.org", "ada@example", "a b@example.org"])
def test_malformed_emails_name_the_email_field(bad: str) -> None:
    with pytest.raises(InvalidPersonalDataError) as refused:
        check_email(bad)
    assert refused.value.field == "email"


@pytest.mark.parametrize("bad", [date(2026, 11, 22), date(2030, 1, 1), date(1900, 1, 1)])
def test_birthdates_in_the_future_or_over_120_years_ago_are_refused(bad: date) -> None:
    with pytest.raises(InvalidPersonalDataError) as refused:
        check_birthdate(bad, today=TODAY)
    assert refused.value.field == "birthdate"


def test_usernames_and_names_follow_their_shapes() -> None:
    assert check_username(" Xylo.B ") == "xylo.b"
    with pytest.raises(InvalidPersonalDataError):
        check_username("x@y")
    assert check_name("first_name", "  Jean   Pierre ") == "Jean Pierre"
    with pytest.raises(InvalidPersonalDataError):
        check_name("last_name", " ")
    assert normalise_login(" A@B.fr ") == "a@b.fr"
