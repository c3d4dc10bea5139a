"""The accounts contract on every backend: registration, sign-in, centres, access and erasure.

Subclasses provide ``settings``; the SQLite and PostgreSQL ones also provide ``raw_rows``
(every row of every table, as text) for the erasure checks.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from api import bootstrap
from api.settings import Settings
from domain.accounts import ERASED
from domain.actors import Actor
from domain.application import CertificationLedger
from domain.errors import (
    InvalidCredentialsError,
    InvalidInputError,
    InvalidPersonalDataError,
    LoginTakenError,
    WeakPasswordError,
)
from domain.ids import SubjectId
from tests.factories import T0, at, right_answer, untimed_challenges

ADMIN = Actor(id="system:tests", role="SYSTEM")
FIRST, LAST = "Xylophanes", "Brightwater"
EMAIL = "xylophanes.brightwater@example.org"


def register(ledger: CertificationLedger, email: str = EMAIL, **kw: Any) -> UUID:
    fields: dict[str, Any] = {
        "password": "correct horse battery",
        "first_name": FIRST,
        "last_name": LAST,
        "birthdate": date(2004, 5, 6),
        "birthplace": "Quimperlé",
        "registered_at": T0,
        "actor": ADMIN,
        "email": email,
    }
    fields.update(kw)
    return ledger.register_learner(**fields)


def sit_assessment(ledger: CertificationLedger, subject: UUID) -> UUID:
    actor = Actor(id=str(subject), role="LEARNER")
    aid = ledger.start_assessment(
        kind="DEMO", subject_id=SubjectId(subject), scope="1.1", started_at=T0, actor=actor
    )
    for i, challenge in enumerate(untimed_challenges(ledger)[:3]):
        ledger.serve_challenge(
            aid, challenge.id, selection={"algorithm": "test"}, served_at=at(60 * i), actor=actor
        )
        ledger.record_answer(
            aid, challenge.id, right_answer(challenge), answered_at=at(60 * i + 20), actor=actor
        )
    return aid


class AccountsContract:
    @pytest.fixture
    def settings(self) -> Settings:
        raise NotImplementedError

    @pytest.fixture
    def container(self, settings: Settings) -> Iterator[bootstrap.Container]:
        c = bootstrap.build(settings.model_copy(update={"password_hash_log2_n": 10}))
        yield c
        c.close()

    @pytest.fixture
    def ledger(self, container: bootstrap.Container) -> CertificationLedger:
        return container.ledger

    def raw_rows(self, settings: Settings) -> list[str]:
        pytest.skip("no raw tables on this backend")

    # -- registration and sign-in --------------------------------------------------------

    def test_registers_a_learner_whose_personal_fields_read_back(
        self, ledger: CertificationLedger
    ) -> None:
        user_id = register(ledger, username="xylo.b")
        data = ledger.read_personal_data(user_id)
        assert data.role == "LEARNER"
        assert data.fields == {
            "first_name": FIRST,
            "last_name": LAST,
            "birthdate": "2004-05-06",
            "birthplace": "Quimperlé",
            "email": EMAIL,
            "username": "xylo.b",
        }

    def test_events_hold_sealed_fields_and_a_hash_never_the_password(
        self, ledger: CertificationLedger
    ) -> None:
        user_id = register(ledger)
        created = ledger.events.get(user_id).__next__()
        assert all(v.startswith("pd1:") for v in created.personal.values())  # type: ignore[attr-defined]
        assert created.secret_hash.startswith("scrypt$10$")  # type: ignore[attr-defined]
        assert "correct horse" not in repr(created.__dict__)

    def test_signs_in_by_email_or_username_in_any_case(self, ledger: CertificationLedger) -> None:
        user_id = register(ledger, username="xylo.b")
        assert ledger.authenticate(EMAIL.upper(), "correct horse battery").id == user_id
        assert ledger.authenticate(" Xylo.B ", "correct horse battery").id == user_id

    def test_wrong_password_and_unknown_login_give_the_same_refusal(
        self, ledger: CertificationLedger
    ) -> None:
        register(ledger)
        with pytest.raises(InvalidCredentialsError) as wrong:
            ledger.authenticate(EMAIL, "not the password")
        with pytest.raises(InvalidCredentialsError) as unknown:
            ledger.authenticate("nobody@example.org", "correct horse battery")
        assert (wrong.value.code, wrong.value.detail) == (unknown.value.code, unknown.value.detail)

    def test_a_taken_email_is_refused_and_its_owner_told_once_a_day(
        self, ledger: CertificationLedger
    ) -> None:
        # Issue 14, defect 8: HTTP answers as for a new account; the owner learns by e-mail.
        owner = register(ledger)
        head = ledger.recorder.max_notification_id() or 0
        with pytest.raises(LoginTakenError):
            register(ledger, email=EMAIL.upper(), registered_at=at(60))
        new = ledger.recorder.select_notifications(start=head + 1, limit=10)
        assert [(n.originator_id, n.topic.rsplit(".", 1)[-1]) for n in new] == [
            (owner, "RegistrationAttempted")
        ]
        [notice] = ledger.get_account(owner).notices
        assert ledger.account_notice_to_send(owner, notice) == {
            "status": "pending",
            "attempts": 0,
            "kind": "registration",
            "email": EMAIL,
        }
        # a second attempt the same day tells the owner nothing more
        with pytest.raises(LoginTakenError):
            register(ledger, registered_at=at(120))
        assert ledger.recorder.max_notification_id() == new[-1].id
        ledger.record_account_notice_failed(owner, notice, error="down", at=at(130), actor=ADMIN)
        assert ledger.account_notice_to_send(owner, notice) == {
            "status": "failed",
            "attempts": 1,
            "kind": "registration",
            "email": EMAIL,
        }
        ledger.record_account_notice_sent(owner, notice, message_id="<m>", at=at(140), actor=ADMIN)
        assert ledger.account_notice_to_send(owner, notice) is None
        # a day later, another attempt is told again
        with pytest.raises(LoginTakenError):
            register(ledger, registered_at=at(60 + 24 * 3600))
        assert len(ledger.get_account(owner).notices) == 2

    def test_a_taken_username_is_refused_and_records_nothing(
        self, ledger: CertificationLedger
    ) -> None:
        register(ledger, username="xylo.b")
        head = ledger.recorder.max_notification_id()
        with pytest.raises(LoginTakenError) as taken:
            register(ledger, email="someone.else@example.org", username="XYLO.B")
        assert taken.value.field == "username"
        assert ledger.recorder.max_notification_id() == head

    def test_a_notice_is_moot_once_its_account_is_erased(self, ledger: CertificationLedger) -> None:
        owner = register(ledger)
        with pytest.raises(LoginTakenError):
            register(ledger, registered_at=at(10))
        [notice] = ledger.get_account(owner).notices
        ledger.erase_personal_data(owner, erased_at=at(20), actor=ADMIN)
        assert ledger.account_notice_to_send(owner, notice) is None  # the address is gone

    def test_refuses_malformed_fields_and_weak_passwords(self, ledger: CertificationLedger) -> None:
        with pytest.raises(InvalidPersonalDataError) as bad_email:
            register(ledger, email="not-an-email")
        assert bad_email.value.field == "email"
        with pytest.raises(InvalidPersonalDataError) as bad_birthdate:
            register(ledger, birthdate=date(2030, 1, 1))
        assert bad_birthdate.value.field == "birthdate"
        with pytest.raises(WeakPasswordError):
            register(ledger, password="short")

    # -- staff, centres, API clients -------------------------------------------------------

    def test_centre_members_join_centres_and_one_referent_is_kept(
        self, ledger: CertificationLedger
    ) -> None:
        centre = uuid4()
        first = ledger.create_staff(
            role="CENTER_ADMIN", email="a@centre.fr", password="password1", first_name="A",
            last_name="A", created_at=T0, actor=ADMIN, centre_id=centre, referent=True,
        )  # fmt: skip
        second = ledger.create_staff(
            role="CENTER_MEMBER", email="b@centre.fr", password="password2", first_name="B",
            last_name="B", created_at=T0, actor=ADMIN, centre_id=centre, referent=True,
        )  # fmt: skip
        roster = ledger.get_centre_roster(centre)
        assert roster is not None
        assert set(roster.members) == {first, second}
        assert roster.referent_id == second
        assert ledger.get_account(first).centre_ids == [centre]

    def test_only_centre_roles_join_centres(self, ledger: CertificationLedger) -> None:
        with pytest.raises(InvalidInputError):
            ledger.create_staff(
                role="JURY", email="j@pix.fr", password="password1", first_name="J",
                last_name="J", created_at=T0, actor=ADMIN, centre_id=uuid4(),
            )  # fmt: skip
        learner = register(ledger)
        with pytest.raises(InvalidInputError):
            ledger.grant_centre_membership(learner, uuid4(), granted_at=T0, actor=ADMIN)

    def test_api_clients_sign_in_with_their_secret_only(self, ledger: CertificationLedger) -> None:
        client_id, secret = ledger.create_api_client(label="Parcoursup", created_at=T0, actor=ADMIN)
        assert ledger.authenticate_client(client_id, secret).role == "API_CLIENT"
        with pytest.raises(InvalidCredentialsError):
            ledger.authenticate_client(client_id, secret + "x")
        learner = register(ledger)
        with pytest.raises(InvalidCredentialsError):
            ledger.authenticate_client(learner, "correct horse battery")

    def test_every_account_event_records_its_actor(self, ledger: CertificationLedger) -> None:
        user_id = register(ledger)
        ledger.erase_personal_data(user_id, erased_at=at(60), actor=ADMIN)
        history = ledger.account_history(user_id)
        assert [(h["event"], h["actor_id"], h["actor_role"]) for h in history] == [
            ("Account.Registered", "system:tests", "SYSTEM"),
            ("Account.PersonalDataErased", "system:tests", "SYSTEM"),
        ]

    # -- erasure ---------------------------------------------------------------------------

    def test_erasure_leaves_fields_erased_frees_the_login_and_blocks_sign_in(
        self, ledger: CertificationLedger
    ) -> None:
        user_id = register(ledger)
        ledger.erase_personal_data(user_id, erased_at=at(60), actor=ADMIN)
        ledger.erase_personal_data(user_id, erased_at=at(90), actor=ADMIN)  # idempotent
        data = ledger.read_personal_data(user_id)
        assert set(data.fields.values()) == {ERASED}
        assert data.erased_at == at(60)
        with pytest.raises(InvalidCredentialsError):
            ledger.authenticate(EMAIL, "correct horse battery")
        again = register(ledger)
        assert ledger.authenticate(EMAIL, "correct horse battery").id == again

    def test_after_erasure_no_raw_row_yields_the_name_and_history_replays_unchanged(
        self, settings: Settings, container: bootstrap.Container, ledger: CertificationLedger
    ) -> None:
        # given a learner with an assessment, projected
        other = register(ledger, email="someone.else@example.org", first_name="Keepme")
        user_id = register(ledger)
        assessment = sit_assessment(ledger, user_id)
        runner = container.runners["challenge_statistics"]
        runner.catch_up()
        statistics_before = runner.view.list_statistics()
        stored_before = _stored(ledger)
        answers_before = ledger.get_assessment(assessment).answers
        assert FIRST in ledger.read_personal_data(user_id).fields.values()
        # when their key is deleted
        ledger.erase_personal_data(user_id, erased_at=at(600), actor=ADMIN)
        # then no table holds the name, in clear or decryptable with any key left
        rows = self.raw_rows(settings)
        assert rows
        assert not [r for r in rows if FIRST in r or LAST in r or EMAIL in r]
        assert FIRST not in _decryptable(rows)
        assert "Keepme" in _decryptable(rows)  # the check would see a readable name
        # and the earlier history is byte-for-byte the same and replays the same
        assert _stored(ledger)[: len(stored_before)] == stored_before
        assert ledger.get_assessment(assessment).answers == answers_before
        assert ledger.read_personal_data(other).fields["first_name"] == "Keepme"
        runner.rebuild()
        assert runner.view.list_statistics() == statistics_before


def _stored(ledger: CertificationLedger) -> list[tuple[object, int, str, bytes]]:
    notifications = ledger.recorder.select_notifications(start=1, limit=100_000)
    return [(n.originator_id, n.originator_version, n.topic, n.state) for n in notifications]


def _decryptable(rows: list[str]) -> set[str]:
    """Every sealed field in ``rows`` that some key in ``rows`` can still open."""
    text = "\n".join(rows)
    keys = [
        base64.b64decode(word.removeprefix("key:"))
        for word in text.split()
        if word.startswith("key:")
    ]
    opened: set[str] = set()
    for word in text.replace('"', " ").split():
        if not word.startswith("pd1:"):
            continue
        _, key_id, payload = word.split(":", 2)
        raw = base64.urlsafe_b64decode(payload.rstrip("\\,"))
        for key in keys:
            try:
                opened.add(AESGCM(key).decrypt(raw[:12], raw[12:], UUID(key_id).bytes).decode())
            except (InvalidTag, ValueError):
                continue
    return opened


def render(table: str, row: tuple[Any, ...]) -> str:
    """A raw row as text; key bytes as ``key:<base64>`` so the erasure check can try them."""
    cells = []
    for value in row:
        if isinstance(value, bytes | memoryview) and table == "personal_data_keys":
            cells.append("key:" + base64.b64encode(bytes(value)).decode())
        elif isinstance(value, bytes | memoryview):
            cells.append(bytes(value).decode("utf-8", errors="replace"))
        else:
            cells.append(str(value))
    return " ".join(cells)
