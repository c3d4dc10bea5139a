from __future__ import annotations

from uuid import uuid4

import pytest

from domain.accounts import Account, CentreRoster, LoginName
from domain.accounts.centre_roster import centre_roster_id
from domain.accounts.login_name import login_name_id
from tests.factories import T0, at

WHO = {"actor_id": "system:tests", "actor_role": "SYSTEM"}


def new_account(role: str = "LEARNER") -> Account:
    return Account(
        id=uuid4(), role=role, personal={"first_name": "pd1:..."}, personal_data_key_id=uuid4(),
        label="", secret_hash="scrypt$...", login_name_ids=[], registered_at=T0, **WHO,
    )  # fmt: skip


def test_erasure_closes_the_account_and_forgets_its_secret() -> None:
    account = new_account()
    account._erase(at(60), "system:tests", "SYSTEM")
    assert not account.can_sign_in
    assert account.secret_hash == ""
    assert [type(e).__name__ for e in account.collect_events()] == [
        "Registered",
        "PersonalDataErased",
    ]


def test_only_centre_roles_record_a_membership() -> None:
    with pytest.raises(ValueError, match="centre members"):
        new_account("LEARNER")._grant_membership(uuid4(), T0, "system:tests", "SYSTEM")
    member = new_account("CENTER_MEMBER")
    centre = uuid4()
    member._grant_membership(centre, T0, "system:tests", "SYSTEM")
    assert member.centre_ids == [centre]


def test_a_login_is_held_by_one_account_until_released() -> None:
    first, second = uuid4(), uuid4()
    login = LoginName(blind_index="abc", account_id=first, claimed_at=T0, **WHO)
    assert login.id == login_name_id("abc")
    with pytest.raises(ValueError, match="held"):
        login._reclaim(second, T0, "system:tests", "SYSTEM")
    login._release(at(1), "system:tests", "SYSTEM")
    login._reclaim(second, at(2), "system:tests", "SYSTEM")
    assert login.account_id == second


def test_a_roster_keeps_one_referent_among_its_members() -> None:
    centre, a, b = uuid4(), uuid4(), uuid4()
    roster = CentreRoster(centre_id=centre, opened_at=T0, **WHO)
    assert roster.id == centre_roster_id(centre)
    roster._add_member(a, "CENTER_ADMIN", T0, "system:tests", "SYSTEM")
    with pytest.raises(ValueError, match="member"):
        roster._designate_referent(b, T0, "system:tests", "SYSTEM")
    roster._add_member(b, "CENTER_MEMBER", T0, "system:tests", "SYSTEM")
    roster._designate_referent(a, T0, "system:tests", "SYSTEM")
    roster._designate_referent(b, T0, "system:tests", "SYSTEM")
    assert roster.referent_id == b
