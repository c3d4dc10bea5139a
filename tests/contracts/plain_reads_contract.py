"""Plain reads give a view exactly what a full decode gives (ADR 1620).

Subclasses in each tier provide the ``settings`` fixture (memory, SQLite, PostgreSQL); the
cipher variants run the same checks on a ledger whose stored states are encrypted.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import timedelta
from typing import Any, ClassVar
from uuid import UUID, uuid4

import orjson
import pytest
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from api import bootstrap
from api.settings import Settings
from domain.application import CertificationLedger
from domain.assessment import Assessment
from domain.errors import StoredEventError
from projections.base import Change, LedgerProjection, PlainReader
from projections.challenge_statistics import ChallengeStatisticsProjection, ChallengeStatisticsView
from projections.plain_reads import LogReader, StoredRow
from projections.runner import CatchUpRunner
from tests.contracts.cipher import cipher_settings
from tests.factories import ACTOR, T0, answer_run, right_answer, start

ANSWERED = get_topic(Assessment.AnswerRecorded)


def record_history(ledger: CertificationLedger) -> set[str]:
    """Assessments with right, wrong, abandoned, timed-out and focused-out answers.

    Returns the statuses recorded, so a test can check the history has them all.
    """
    statuses = set()
    for pattern in ("rws", "wrr", "ssw"):
        answer_run(ledger, pattern)
    challenges = ledger.bank.servable_challenges("1.1")
    timed = next(c for c in challenges if c.timer is not None and not c.focused)
    focused = next(c for c in challenges if c.focused and c.timer is None)
    for challenge, kind, late, focused_out in (
        (timed, "DEMO", timed.timer or 0, False),  # right, but after the timer
        (focused, "CERTIFICATION", 0, True),  # right, but the candidate left the page
        (timed, "DEMO", 0, False),  # right, in time
    ):
        aid = start(ledger, kind=kind)
        ledger.serve_challenge(aid, challenge.id, selection={"n": 1}, served_at=T0, actor=ACTOR)
        statuses.add(
            ledger.record_answer(
                aid,
                challenge.id,
                right_answer(challenge),
                answered_at=T0 + timedelta(seconds=late + 5),
                actor=ACTOR,
                focused_out=focused_out,
            )
        )
        ledger.complete_assessment(aid, completed_at=T0 + timedelta(hours=1), actor=ACTOR)
    return statuses | {"ok", "ko", "aband"}


def stored_state(ledger: CertificationLedger, plain: dict[str, Any]) -> bytes:
    """``plain`` as the ledger's mapper stores a state: JSON, compressed, encrypted."""
    data = orjson.dumps(plain)
    if ledger.mapper.compressor:
        data = ledger.mapper.compressor.compress(data)
    if ledger.mapper.cipher:
        data = ledger.mapper.cipher.encrypt(data)
    return data


def plain_state(ledger: CertificationLedger, row: StoredRow) -> dict[str, Any]:
    """A stored row's state, decrypted, decompressed and parsed (no value revived)."""
    data = row[4]
    if ledger.mapper.cipher:
        data = ledger.mapper.cipher.decrypt(data)
    if ledger.mapper.compressor:
        data = ledger.mapper.compressor.decompress(data)
    parsed: dict[str, Any] = orjson.loads(data)
    return parsed


def store(ledger: CertificationLedger, topic: str, state: bytes) -> int:
    """Store one event of ``topic`` with these state bytes; return its position."""
    ledger.recorder.insert_events(
        [StoredEvent(originator_id=uuid4(), originator_version=1, topic=topic, state=state)]
    )
    return ledger.recorder.max_notification_id() or 0


class FullDecode(ChallengeStatisticsProjection):
    """The same view read with no plain reader: every event decoded in full."""

    plain_readers: ClassVar[Mapping[type[Any], PlainReader]] = {}


class ActorRoles(LedgerProjection[ChallengeStatisticsView]):
    """Tells its two paths apart: the plain reader and ``changes_for`` tag what they return.

    ``actor_role`` is what version 2 added: a version 1 state has none until upcast.
    """

    name = "actor_roles"
    topics = (ANSWERED,)
    plain_readers: ClassVar[Mapping[type[Any], PlainReader]] = {
        Assessment.AnswerRecorded: lambda state: [("plain", state["actor_role"])]
    }

    def changes_for(self, domain_event: Any) -> list[Change]:
        return [("full", domain_event.actor_role)]


class PlainReadsContract:
    @pytest.fixture
    def settings(self) -> Settings:
        raise NotImplementedError

    @pytest.fixture
    def container(self, settings: Settings) -> Iterator[bootstrap.Container]:
        c = bootstrap.build(settings)
        yield c
        c.close()

    @pytest.fixture
    def ledger(self, container: bootstrap.Container) -> CertificationLedger:
        return container.ledger

    @pytest.fixture
    def runner(self, container: bootstrap.Container) -> CatchUpRunner[ChallengeStatisticsView]:
        r: CatchUpRunner[ChallengeStatisticsView] = container.runners["challenge_statistics"]
        return r

    def _rows(self, runner: CatchUpRunner[Any]) -> list[StoredRow]:
        return list(runner.log.rows(1, 10**6, runner.head()))

    def test_plain_changes_equal_full_changes_event_by_event(
        self, ledger: CertificationLedger, runner: CatchUpRunner[ChallengeStatisticsView]
    ) -> None:
        statuses = record_history(ledger)
        assert statuses == {"ok", "ko", "aband", "timedout", "focusedOut"}
        rows = self._rows(runner)
        assert {row[3] for row in rows} == set(runner.projection.topics)
        for row in rows:
            plain = runner.log.plain_changes(row)
            full = runner.log.full_changes(row)
            assert plain is not None, f"position {row[0]} went down the full path"
            assert plain == full
            # Equal and of the same types: 1 == 1.0 and a str is not a UUID.
            assert [[type(v) for v in c] for c in plain] == [[type(v) for v in c] for c in full]

    def test_the_view_caught_up_plainly_equals_the_view_decoded_in_full(
        self,
        ledger: CertificationLedger,
        runner: CatchUpRunner[ChallengeStatisticsView],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        record_history(ledger)
        decoded: list[int] = []
        full = runner.log.full_changes

        def counted(row: StoredRow) -> list[Change]:
            decoded.append(row[0])
            return full(row)

        monkeypatch.setattr(runner.log, "full_changes", counted)
        runner.catch_up()
        plainly = runner.view.list_statistics()
        assert decoded == []  # every event was read plainly
        runner.view.reset(ledger.name)
        CatchUpRunner(ledger, FullDecode(view=runner.view)).catch_up()
        assert runner.view.list_statistics() == plainly
        assert {s.timedout for s in plainly} == {0, 1}
        assert sum(s.focusedout for s in plainly) == 1

    def test_the_log_reader_gives_the_notifications_the_library_gives(
        self, ledger: CertificationLedger, runner: CatchUpRunner[ChallengeStatisticsView]
    ) -> None:
        answer_run(ledger, "rw")
        head, topics = runner.head(), runner.projection.topics
        rows = runner.log.rows(1, 100, head)
        # Not inclusive of start: the library's own read, which the ledger's recorders keep.
        library = ledger.recorder.select_notifications(
            start=0, limit=100, stop=head, topics=topics, inclusive_of_start=False
        )
        ranged = ledger.recorder.select_notifications(start=1, limit=100, stop=head, topics=topics)
        assert [runner.log.notification_of(row) for row in rows] == list(library) == list(ranged)
        assert len(rows) == 4
        assert {type(n.originator_id) for n in library} == {UUID}
        assert {type(n.state) for n in library} == {bytes}

    def test_an_event_stored_at_an_older_class_version_is_upcast_on_the_full_path(
        self, ledger: CertificationLedger, runner: CatchUpRunner[ChallengeStatisticsView]
    ) -> None:
        answer_run(ledger, "r")
        current = next(r for r in self._rows(runner) if r[3] == ANSWERED)
        v1 = plain_state(ledger, current)
        for added_by_v2 in ("class_version", "actor_id", "actor_role"):
            del v1[added_by_v2]
        position = store(ledger, ANSWERED, stored_state(ledger, v1))
        old = next(r for r in self._rows(runner) if r[0] == position)

        roles = LogReader(ledger, ActorRoles(view=runner.view))
        assert roles.changes([current, old]) == [("plain", "LEARNER"), ("full", "UNKNOWN")]
        assert runner.log.plain_changes(old) is None
        runner.catch_up()
        [stats] = runner.view.list_statistics()
        assert (stats.served, stats.ok, stats.time_spent) == (1, 2, 60)

    @pytest.mark.parametrize(
        "state",
        [
            pytest.param({"class_version": 2}, id="a field missing"),
            pytest.param(
                {"class_version": 2, "challenge_id": "c", "status": None}, id="wrong type"
            ),
        ],
    )
    def test_a_damaged_state_read_plainly_names_its_position(
        self,
        ledger: CertificationLedger,
        runner: CatchUpRunner[ChallengeStatisticsView],
        state: dict[str, Any],
    ) -> None:
        answer_run(ledger, "rw")
        runner.catch_up()
        before = runner.view.list_statistics()
        position = store(ledger, ANSWERED, stored_state(ledger, state))
        with pytest.raises(StoredEventError) as raised:
            runner.catch_up()
        assert raised.value.where == f"position {position}"
        stored = next(r for r in self._rows(runner) if r[0] == position)
        with pytest.raises(StoredEventError):
            runner.log.plain_changes(stored)  # refused on the plain path itself
        assert runner.view.list_statistics() == before
        with pytest.raises(StoredEventError, match=f"position {position}"):
            runner.rebuild()
        assert runner.view.list_statistics() == before

    def test_bytes_that_are_no_state_name_their_position(
        self, ledger: CertificationLedger, runner: CatchUpRunner[ChallengeStatisticsView]
    ) -> None:
        answer_run(ledger, "r")
        position = store(ledger, ANSWERED, b"\xffnot json")
        with pytest.raises(StoredEventError) as raised:
            runner.catch_up()
        assert raised.value.where == f"position {position}"


class CipherPlainReadsContract(PlainReadsContract):
    """The same checks on a ledger that encrypts every stored state, plus a tampered one."""

    @pytest.fixture
    def container(self, settings: Settings) -> Iterator[bootstrap.Container]:
        c = bootstrap.build(cipher_settings(settings))
        assert c.ledger.mapper.cipher is not None
        yield c
        c.close()

    def test_a_tampered_ciphertext_names_its_position(
        self, ledger: CertificationLedger, runner: CatchUpRunner[ChallengeStatisticsView]
    ) -> None:
        answer_run(ledger, "r")
        row = next(r for r in self._rows(runner) if r[3] == ANSWERED)
        assert b"challenge_id" not in row[4]
        tampered = bytearray(row[4])
        tampered[-1] ^= 1  # the GCM tag no longer matches
        position = store(ledger, ANSWERED, bytes(tampered))
        with pytest.raises(StoredEventError, match="cipher tag") as raised:
            runner.catch_up()
        assert raised.value.where == f"position {position}"
        stored = next(r for r in self._rows(runner) if r[0] == position)
        with pytest.raises(StoredEventError, match="cipher tag"):
            runner.log.plain_changes(stored)  # refused on the plain path itself
