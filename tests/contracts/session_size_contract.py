"""A command costs the same on a session of ten candidates and on one of a thousand.

Counted, not timed: the Python lines a command runs (``sys.settrace``), on every backend.
Before the roster (ADR 1560), every command deep-copied each candidate record of the cached
session and some scanned them all, so the count grew with the session's size.
"""

from __future__ import annotations

import os
import random
import sys
from collections.abc import Callable, Iterator
from datetime import date
from types import FrameType
from typing import Any
from uuid import UUID, uuid4

import pytest

from api.settings import Settings
from domain.application import CertificationLedger
from tests.contracts.course_contract import CANDIDATE, INVIGILATOR, open_ledger
from tests.contracts.session_contract import CENTRE_ADMIN, DETAILS, person
from tests.factories import T0, at
from tests.fakes import FakeProfiles

SMALL, BIG = 10, 1_000
HEADER = "first_name,last_name,sex,birthdate,birth_country,birth_insee_code,billing_mode\n"
POPO = f"eventsourcing{os.sep}popo.py"
COMMANDS = ("enrol", "reconcile", "let in", "enter", "incident", "remove", "finalise")


def lines_run(action: Callable[[], object]) -> int:
    """How many Python lines ``action`` runs (in this thread), the in-memory store's aside.

    The library's in-memory recorder finds an aggregate's new events by walking all of its
    positions (``select_events``); the SQL stores use their index. It is a test double, so
    its lines are not counted.
    """
    count = 0

    def trace(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "call" and frame.f_code.co_filename.endswith(POPO):
            return None
        if event == "line":
            count += 1
        return trace

    previous = sys.gettrace()
    sys.settrace(trace)
    try:
        action()
    finally:
        sys.settrace(previous)
    return count


class SessionSizeContract:
    @pytest.fixture
    def settings(self) -> Settings:
        raise NotImplementedError

    @pytest.fixture
    def ledger(self, settings: Settings) -> Iterator[CertificationLedger]:
        with open_ledger(settings, FakeProfiles().factory) as ledger:
            yield ledger

    def session_of(self, ledger: CertificationLedger, size: int, seed: int) -> UUID:
        centre = ledger.register_centre(
            name="Centre", centre_type="PRO", external_id=None, at=T0, actor=CENTRE_ADMIN
        )
        session = ledger.create_session(
            centre_id=centre, details=DETAILS, at=T0, actor=CENTRE_ADMIN, rng=random.Random(seed)
        )
        rows = "".join(f"Ana{i},Martin{i},F,2004-01-02,FRANCE,75056,FREE\n" for i in range(size))
        ledger.import_candidates(session, (HEADER + rows).encode(), at=T0, actor=CENTRE_ADMIN)
        ledger.get_session(session)  # cached, as on a server after the import
        return session

    def costs(self, ledger: CertificationLedger, session: UUID, seed: int) -> dict[str, int]:
        """Lines run by each command of a candidate's day, on ``session``."""
        user, costs = uuid4(), {}
        ids: dict[str, UUID] = {}

        def run(name: str, action: Callable[[], Any]) -> None:
            costs[name] = lines_run(lambda: ids.__setitem__(name, action()))

        run("enrol", lambda: ledger.enrol_candidate(
            session, person("Zoé", "Last"), at=T0, actor=CENTRE_ADMIN
        ))  # fmt: skip
        run("reconcile", lambda: ledger.reconcile_candidate(
            session, user_id=user, first_name="Zoé", last_name="Last",
            birthdate=date(2005, 3, 14), at=at(1), actor=CANDIDATE,
        ))  # fmt: skip
        run("let in", lambda: ledger.authorize_candidate(
            session, ids["enrol"], purpose="start", at=at(2), actor=INVIGILATOR
        ))  # fmt: skip
        code = ledger.get_session(session).access_code
        run("enter", lambda: ledger.enter_session(
            session, access_code=code, user_id=user, locale="fr-fr", at=at(3),
            actor=CANDIDATE, rng=random.Random(seed),
        ))  # fmt: skip
        run("incident", lambda: ledger.add_issue_report(
            session, ids["enter"], {"category": "FRAUD"}, at=at(4), actor=CENTRE_ADMIN
        ))  # fmt: skip
        extra = ledger.enrol_candidate(
            session, person("Yann", "Other"), at=at(5), actor=CENTRE_ADMIN
        )
        run("remove", lambda: ledger.remove_candidate(
            session, extra, at=at(6), actor=CENTRE_ADMIN
        ))  # fmt: skip
        run("finalise", lambda: ledger.finalize_session(
            session, examiner_global_comment=None, has_incident=True, has_joining_issue=False,
            abort_reasons={ids["enter"]: "candidate"}, at=at(7), actor=CENTRE_ADMIN,
        ))  # fmt: skip
        return costs

    def test_a_command_costs_the_same_whatever_the_size_of_its_session(
        self, ledger: CertificationLedger
    ) -> None:
        self.costs(ledger, self.session_of(ledger, SMALL, 1), 1)  # warm-up: caches, imports
        small = self.costs(ledger, self.session_of(ledger, SMALL, 2), 2)
        big = self.costs(ledger, self.session_of(ledger, BIG, 3), 3)
        # A hundred times more candidates, at most a few per cent more lines (a command's
        # own noise: a longer id drawn, a cache eviction), never one per candidate.
        grown = {name: big[name] - small[name] for name in COMMANDS}
        assert {name: n for name, n in grown.items() if n > max(small[name] // 20, 50)} == {}, (
            small,
            big,
        )
