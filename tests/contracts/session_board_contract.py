"""The session board read model on every backend: the view says what replaying the aggregates
says, rebuilt equals incremental, and a jury's result becomes the latest result.

Subclasses in each tier provide the ``settings`` fixture (memory, SQLite, PostgreSQL).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import numpy as np
import pytest

from api import bootstrap
from api.settings import Settings
from domain.actors import Actor
from domain.application import CertificationLedger
from jury.application import JuryLedger
from projections.runner import CatchUpRunner
from projections.session_board import SessionBoardView
from tests.contracts.course_contract import CANDIDATE, INVIGILATOR, sit
from tests.contracts.session_contract import CENTRE_ADMIN, DETAILS, person
from tests.factories import at
from tests.fakes import FakeProfiles

JURY = Actor(id="c0ffee00-0000-4000-8000-0000000000ee", role="JURY")


def enrol(ledger: CertificationLedger, session_id: UUID, first: str, when: int) -> UUID:
    """Enrol ``first`` Martin, born 2005-03-14."""
    return ledger.enrol_candidate(
        session_id, person(first, "Martin"), at=at(when), actor=CENTRE_ADMIN
    )


def reconcile(ledger: CertificationLedger, session_id: UUID, first: str, when: int) -> UUID:
    """A new user proves to be ``first`` Martin; returns the user id."""
    user = uuid4()
    ledger.reconcile_candidate(
        session_id,
        user_id=user,
        first_name=first,
        last_name="Martin",
        birthdate=date(2005, 3, 14),
        at=at(when),
        actor=CANDIDATE,
    )
    return user


def enter(ledger: CertificationLedger, session_id: UUID, user: UUID, when: int) -> UUID:
    """The user enters with the session's access code; returns the course id."""
    return ledger.enter_session(
        session_id,
        access_code=ledger.get_session(session_id).access_code,
        user_id=user,
        locale="fr-fr",
        at=at(when),
        actor=CANDIDATE,
        rng=random.Random(when),
    )


class SessionBoardContract:
    @pytest.fixture
    def settings(self) -> Settings:
        raise NotImplementedError

    @pytest.fixture
    def opened(
        self, settings: Settings
    ) -> Iterator[tuple[CertificationLedger, CatchUpRunner[SessionBoardView]]]:
        container = bootstrap.build(
            settings, read_models=["session_board"], profiles=FakeProfiles().factory
        )
        try:
            yield container.ledger, container.runners["session_board"]
        finally:
            container.close()

    def test_the_board_follows_a_whole_session_as_the_aggregates_replay_it(
        self, opened: tuple[CertificationLedger, CatchUpRunner[SessionBoardView]]
    ) -> None:
        ledger, runner = opened
        centre = ledger.register_centre(
            name="Centre Pix Lyon",
            centre_type="PRO",
            external_id=None,
            at=at(0),
            actor=CENTRE_ADMIN,
        )
        session_id = ledger.create_session(
            centre_id=centre, details=DETAILS, at=at(0), actor=CENTRE_ADMIN, rng=random.Random(3)
        )
        checked: list[str] = []

        def step(name: str) -> None:
            # Caught up after every step: the rows are built incrementally, in small batches.
            runner.catch_up()
            assert runner.view.board(session_id) == ledger.session_board(session_id), name
            checked.append(name)

        a, b, c, d = (enrol(ledger, session_id, n, i) for i, n in enumerate("ABCD"))
        ledger.remove_candidate(session_id, d, at=at(5), actor=CENTRE_ADMIN)
        step("enrolled")
        users = {n: reconcile(ledger, session_id, n, 10 + i) for i, n in enumerate("ABC")}
        for candidate in (a, b, c):
            ledger.authorize_candidate(
                session_id, candidate, purpose="start", at=at(20), actor=INVIGILATOR
            )
        step("authorised")
        course_a = enter(ledger, session_id, users["A"], 21)
        course_b = enter(ledger, session_id, users["B"], 22)
        sit(ledger, course_a, theta=0.5, seed=1, answers=3)
        sit(ledger, course_b, theta=-0.5, seed=2, answers=2)
        step("answering")
        rng = np.random.default_rng(9)
        for course, when in ((course_a, 400), (course_b, 401)):
            question = ledger.current_question(course, at=at(when), actor=CANDIDATE, rng=rng)
            assert question is not None
            ledger.raise_live_alert(course, question, at=at(when + 1), actor=CANDIDATE)
        ledger.dismiss_live_alert(course_a, at=at(410), actor=INVIGILATOR)
        ledger.raise_companion_alert(course_a, at=at(411), actor=CANDIDATE)
        ledger.raise_companion_alert(course_b, at=at(412), actor=CANDIDATE)
        ledger.clear_companion_alert(course_a, at=at(413), actor=INVIGILATOR)
        first = ledger.add_issue_report(
            session_id, course_a, {"category": "FRAUD"}, at=at(420), actor=CENTRE_ADMIN
        )
        ledger.add_issue_report(
            session_id,
            course_b,
            {"category": "IN_CHALLENGE", "subcategory": "IMAGE_NOT_DISPLAYING",
             "question_number": 2},
            at=at(421),
            actor=CENTRE_ADMIN,
        )  # fmt: skip
        ledger.delete_issue_report(session_id, first, at=at(422), actor=CENTRE_ADMIN)
        step("alerts and incidents")
        live = {
            r.candidate_id: r
            for r in ledger.supervise_session(session_id, runner.view.board(session_id))
        }
        assert set(live) == {a, b, c}
        assert (live[a].answered, live[a].ongoing_live_alert, live[a].companion_alert) == (
            3,
            None,
            False,
        )
        assert live[b].ongoing_live_alert is not None
        assert live[b].companion_alert
        assert live[c].authorized_until is not None
        assert live[c].course_id is None
        assert [i.course_id for i in runner.view.board(session_id).incidents] == [course_b]

        ledger.validate_live_alert(course_b, "IMAGE_NOT_DISPLAYING", at=at(430), actor=INVIGILATOR)
        ledger.end_course_by_invigilator(course_b, at=at(431), actor=INVIGILATOR)
        ledger.finalize_session(
            session_id,
            examiner_global_comment=None,
            has_incident=True,
            has_joining_issue=False,
            abort_reasons={course_a: "technical", course_b: "candidate"},
            at=at(500),
            actor=CENTRE_ADMIN,
        )
        step("finalised")
        results = {
            r.candidate_id: r
            for r in ledger.session_results(session_id, runner.view.board(session_id))
        }
        assert results[a].state == "endedDueToFinalization"
        assert results[b].state == "endedByInvigilator"  # finalisation keeps the earlier end
        assert results[a].status is not None
        assert results[c].status is None
        assert checked == [
            "enrolled",
            "authorised",
            "answering",
            "alerts and incidents",
            "finalised",
        ]

        # A jury's result is the course's latest one (a real decision, with its reason).
        assert isinstance(ledger, JuryLedger)
        outcome = ledger.cancel_certification(
            course_a, reason="fraud confirmed", at=at(601), actor=JURY
        )
        assert outcome.result is not None
        jury_result: dict[str, Any] = outcome.result
        assert jury_result["status"] != ledger.get_course(course_a).results[-1]["status"]
        runner.catch_up()
        board = runner.view.board(session_id)
        replayed = ledger.session_board(session_id)
        progress = {c.candidate_id: c.course for c in board.candidates}
        latest = progress[a]
        assert latest is not None
        assert latest.result == jury_result
        expected = replace(
            replayed,
            candidates=tuple(
                replace(c, course=latest) if c.candidate_id == a else c for c in replayed.candidates
            ),
        )
        assert board == expected

        # Rebuilt from zero, the rows are the same as built step by step.
        incremental = runner.view.all_rows()
        runner.rebuild()
        assert runner.view.all_rows() == incremental
        assert len(incremental) == 3 + 2 + 1  # candidates A-C, two courses, one incident
