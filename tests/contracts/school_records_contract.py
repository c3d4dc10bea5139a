"""The school records read model's contract on every backend: rebuilt equals incremental, and
the latest non-cancelled course is pending until published.

Subclasses in each tier provide the ``settings`` fixture (memory, SQLite, PostgreSQL).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from uuid import UUID, uuid4

import pytest

from api import bootstrap
from api.settings import Settings
from domain.actors import Actor
from domain.application import CertificationLedger
from jury.case import JuryCase
from jury.deliberation import SessionDeliberation
from projections.runner import CatchUpRunner
from projections.school_records import SchoolRecordsView
from tests.contracts.campaign_results_contract import ADMIN, pupils_csv
from tests.factories import T0

JURY = Actor(id="jury", role="JURY")


def scored_course(
    ledger: CertificationLedger, user: UUID, session: UUID, n: int, status: str, pix: int
) -> UUID:
    course_id = ledger.begin_course(
        session_id=session, candidate_id=uuid4(), user_id=user, locale="fr-fr",
        accessibility_adjusted=False, extra_time_ratio=0.0,
        verification_code=f"P-{'BCDFGHJK'[n % 8]}{'MPQRTVWX'[n // 8 % 8]}234678",
        started_at=T0 + timedelta(days=n), actor=Actor(id=str(user), role="CANDIDATE"),
    )  # fmt: skip
    course = ledger.get_course(course_id)
    marks = [{"competence_id": "1.1", "level": n % 5, "score": 0}]
    course._score({"status": status, "pix_score": pix, "competence_marks": marks},
                  T0 + timedelta(days=n, hours=2), "system:test", "SYSTEM")  # fmt: skip
    ledger.save(course)
    return course_id


def run_schools(
    ledger: CertificationLedger, runner: CatchUpRunner[SchoolRecordsView], pupils: int
) -> UUID:
    """A school whose pupils join a collection, sit sessions, some published, some not."""
    org = ledger.create_organisation(type="SCO", name="Lycée", uai="0761234E", created_at=T0,
                                     actor=ADMIN)  # fmt: skip
    ledger.import_organisation_learners(org, pupils_csv(pupils), imported_at=T0, actor=ADMIN)
    collection = ledger.create_campaign(org, type="PROFILES_COLLECTION", name="P", created_at=T0,
                                        actor=ADMIN, rng=random.Random(2))  # fmt: skip
    for n in range(pupils):
        user = ledger.register_learner(
            password="a long password", first_name=f"Élève{n}", last_name=f"Nom{n}",
            birthdate=date(2012, 1 + n % 12, 1 + n % 27), username=f"sr-{n}", registered_at=T0,
            actor=ADMIN,
        )  # fmt: skip
        ledger.join_campaign(collection.code, user, joined_at=T0,
                             actor=Actor(id=str(user), role="LEARNER"))  # fmt: skip
        session = uuid4()
        course = scored_course(ledger, user, session, n, "validated" if n % 3 else "rejected",
                               100 + n)  # fmt: skip
        if n % 4 == 0:  # a later course, cancelled by the jury: the earlier one stays
            later = scored_course(ledger, user, uuid4(), n + 30, "validated", 500)
            case = JuryCase(course_id=later, session_id=session, opened_at=T0,
                            actor_id=JURY.id, actor_role=JURY.role)  # fmt: skip
            case._record_result(course_id=later, session_id=session,
                                result={"status": "cancelled", "pix_score": 0},
                                decision="cancelled", emitter="Jury Pix", reason="x",
                                rule_version="1", recorded_at=T0, actor_id=JURY.id,
                                actor_role=JURY.role)  # fmt: skip
            ledger.save(case)
        if n % 2 == 0:
            deliberation = SessionDeliberation(session_id=session, opened_at=T0,
                                               actor_id=JURY.id, actor_role=JURY.role)  # fmt: skip
            deliberation._publish(session_id=session, course_ids=(course,),
                                  published_at=T0 + timedelta(days=40), actor_id=JURY.id,
                                  actor_role=JURY.role)  # fmt: skip
            if n % 6 == 0:
                deliberation._unpublish(session_id=session, reason="r",
                                        unpublished_at=T0 + timedelta(days=41),
                                        actor_id=JURY.id, actor_role=JURY.role)  # fmt: skip
            ledger.save(deliberation)
        runner.catch_up()
    return org


class SchoolRecordsContract:
    pupils = 8

    @pytest.fixture
    def settings(self) -> Settings:
        raise NotImplementedError

    @pytest.fixture
    def container(self, settings: Settings) -> Iterator[bootstrap.Container]:
        c = bootstrap.build(
            settings.model_copy(update={"password_hash_log2_n": 10}), read_models=["school_records"]
        )
        yield c
        c.close()

    @pytest.fixture
    def runner(self, container: bootstrap.Container) -> CatchUpRunner[SchoolRecordsView]:
        r: CatchUpRunner[SchoolRecordsView] = container.runners["school_records"]
        r.batch_size = 13
        return r

    def test_rebuilding_school_records_gives_exactly_the_incremental_result(
        self, container: bootstrap.Container, runner: CatchUpRunner[SchoolRecordsView]
    ) -> None:
        org = run_schools(container.ledger, runner, self.pupils)
        view = runner.view
        incremental, record = view.all_documents(), view.school_record(str(org))
        runner.rebuild()
        assert view.all_documents() == incremental
        assert view.school_record(str(org)) == record
        statuses = sorted(
            (r.verification_code, r.status, r.pix_score) for r in record
        )  # latest non-cancelled: the cancelled later courses never show
        expected = sorted(
            (
                f"P-{'BCDFGHJK'[n % 8]}{'MPQRTVWX'[n // 8 % 8]}234678",
                ("validated" if n % 3 else "rejected") if n % 2 == 0 and n % 6 else "pending",
                100 + n if n % 2 == 0 and n % 6 and n % 3 else 0,
            )
            for n in range(self.pupils)
        )
        assert statuses == expected
