"""A memory ledger with a vault, a school with its pupils, and helpers to play campaigns."""

from __future__ import annotations

import random
from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.actors import Actor
from domain.application import CertificationLedger
from tests.factories import T0
from tests.fakes import InMemoryVault

ADMIN = Actor.system("test")
HEADER = "first_name,last_name,birthdate,division,national_student_id\n"
PUPILS = "Ada,Lovelace,2011-12-10,3A,123456789AB\nAlan,Turing,23/06/2011,3B,123456789AC\n"


@pytest.fixture
def ledger() -> CertificationLedger:
    return CertificationLedger(
        {"PERSISTENCE_MODULE": "eventsourcing.popo"}, vault=InMemoryVault(), password_log2_n=10
    )


@pytest.fixture
def school(ledger: CertificationLedger) -> UUID:
    org = ledger.create_organisation(
        type="SCO", name="Collège", uai="0751234a", created_at=T0, actor=ADMIN
    )
    ledger.import_organisation_learners(org, (HEADER + PUPILS).encode(), imported_at=T0,
                                        actor=ADMIN)  # fmt: skip
    return org


def learner(
    ledger: CertificationLedger, first: str = "ada", last: str = "LOVELACE",
    birthdate: date = date(2011, 12, 10),
) -> tuple[UUID, Actor]:  # fmt: skip
    user = ledger.register_learner(
        password="a long password", first_name=first, last_name=last, birthdate=birthdate,
        username=f"u-{uuid4().hex[:12]}", registered_at=T0,
        actor=ADMIN,
    )  # fmt: skip
    return user, Actor(id=str(user), role="LEARNER")


def campaign(
    ledger: CertificationLedger, org: UUID, *, kind: str = "ASSESSMENT", profile: str | None =
    "searching-level-2", multiple: bool = False, label: str = "", seed: int = 1,
) -> tuple[UUID, str]:  # fmt: skip
    created = ledger.create_campaign(
        org, type=kind, name="Campagne", created_at=T0, actor=ADMIN, rng=random.Random(seed),
        target_profile_id=profile if kind == "ASSESSMENT" else None, multiple_sendings=multiple,
        external_id_label=label,
    )  # fmt: skip
    return created.campaign_id, created.code
