"""LedgerBase: what every group of ledger commands shares (store, content, load and save).

Each bounded context writes its commands as a mixin, ``class <Context>Commands(LedgerBase)``,
in its own module; ``CertificationLedger`` lists the mixins. Commands validate, read nothing
but arguments and aggregates, then trigger events and save; refused commands save nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, ClassVar, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, ProcessingEvent
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, Recording
from eventsourcing.utils import EnvType
from typing_extensions import override

from domain.bank import Challenge, ItemBank, load_default_bank
from domain.errors import (
    ChallengeNotFoundError,
    LedgerError,
    NotFoundError,
    StorageUnavailableError,
    WriteConflictError,
)
from domain.framework import Framework, load_framework
from domain.live_aggregates import LiveAggregates, LiveEntry
from domain.ports import DEFAULT_PASSWORD_LOG2_N, PersonalDataVault
from domain.stored_events import guarded

A = TypeVar("A", bound=Aggregate)
C = TypeVar("C", bound=Callable[..., Any])


def retried_after_lost_race(command: C) -> C:
    """Run an idempotent command once more when its save lost a race.

    For commands whose repeat gives the first reply: a save that lost an optimistic-
    concurrency race runs the command once more, on fresh state, where it finds its twin's
    record and answers as the twin did (two identical requests at once get one reply twice).
    A command that meets a different record the second time is refused as usual.
    """

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except WriteConflictError:
            return command(*args, **kwargs)

    return cast(C, run)


class StaleLiveAggregateError(WriteConflictError):
    """A live aggregate was behind the store when its command was about to write nothing.

    Raised inside ``LedgerBase._live`` after evicting the entry, so that
    ``retried_after_lost_race`` runs the command again on the aggregate read afresh.
    """


class LedgerBase(Application[UUID]):
    """The ledger application's plumbing, bound to one framework and one bank."""

    name = "ledger"
    env: ClassVar[dict[str, str]] = {
        # Cached aggregates are fast-forwarded from the store before each command (one small
        # read), so several processes can share the store without stale decisions.
        "AGGREGATE_CACHE_MAXSIZE": "10000",
        "AGGREGATE_CACHE_FASTFORWARD": "y",
        # PostgreSQL with a bare env: the library's insert function (one server-side call).
        # Ledgers built from Settings use a prepared INSERT and batched wakes instead (ADR 1521).
        "POSTGRES_ENABLE_DB_FUNCTIONS": "y",
    }

    def __init__(
        self,
        env: EnvType | None = None,
        *,
        framework: Framework | None = None,
        bank: ItemBank | None = None,
        vault: PersonalDataVault | None = None,
        password_log2_n: int = DEFAULT_PASSWORD_LOG2_N,
    ) -> None:
        """``vault`` and ``password_log2_n`` are the kernel ports, passed by the composition root.

        Without a vault the ledger still runs every command that holds no personal data.
        """
        super().__init__(env)
        self.framework = framework or load_framework()
        self.bank = bank or load_default_bank(self.framework.max_reachable_level)
        self.personal_data_vault = vault
        self.password_log2_n = password_log2_n
        # Hot aggregates changed in place by their commands, no copy, no read (ADR 1500).
        self.live = LiveAggregates(int(self.env.get("AGGREGATE_CACHE_MAXSIZE") or 10_000))

    def _vault(self) -> PersonalDataVault:
        """The personal-data vault; commands that seal or read personal data need it."""
        if self.personal_data_vault is None:
            raise RuntimeError("this ledger was built without a personal-data vault")
        return self.personal_data_vault

    def _save_with_new_keys(self, key_ids: Iterable[UUID], *aggregates: Any) -> int:
        """Save aggregates that seal personal data under keys created for them just now.

        The keys live outside the event store, so they are written first; if the save then
        fails (a lost race, the store down), nothing they seal was stored and they are erased
        again: no key is left pointing at nobody.
        """
        try:
            return self._save(*aggregates)
        except BaseException:
            vault = self._vault()
            for key_id in key_ids:
                vault.erase(key_id)
            raise

    def _find(self, aggregate_id: UUID, kind: type[A]) -> A | None:
        """The aggregate of type ``kind`` with this id, or None (one read of the store)."""
        try:
            # A damaged or missing stored event is named, never a bare 500 (ADR 1102).
            found: object = guarded(
                f"aggregate {aggregate_id}", lambda: self.repository.get(aggregate_id)
            )
        except AggregateNotFoundError:
            return None
        return found if isinstance(found, kind) else None

    def _load(
        self, aggregate_id: UUID, kind: type[A], missing: type[NotFoundError], what: str
    ) -> A:
        """The aggregate of type ``kind`` with this id, or ``missing`` naming ``what``."""
        found = self._find(aggregate_id, kind)
        if found is None:
            raise missing(f"no {what} {aggregate_id}")
        return found

    @contextmanager
    def _live(
        self, aggregate_id: UUID, kind: type[A], missing: type[NotFoundError], what: str
    ) -> Iterator[LiveEntry[A]]:
        """The live ``kind`` with this id, held by this command alone (ADR 1500).

        Changes made to ``entry.aggregate`` are kept for the next command once saved; any
        exception evicts it. A kept object may be stale if another process wrote since; every
        reply is nevertheless decided on the store's state (ADR 1640):
        - a command that writes is checked by the store's unique version: a stale decision
          raises ``WriteConflictError``;
        - a command that writes nothing (a refusal, a repeat's reply) first reads whether the
          store holds newer events than the kept object, and raises
          ``StaleLiveAggregateError`` if so.
        Either way wrap the command in ``retried_after_lost_race``: it runs again on the
        aggregate read afresh, where the answer stands.
        """
        with self.live.use(
            aggregate_id, lambda: self._load(aggregate_id, kind, missing, what)
        ) as entry:
            kept, version = not entry.loaded_now, entry.aggregate.version
            try:
                yield entry
            except (WriteConflictError, StorageUnavailableError):
                raise
            except LedgerError:
                if kept and self._moved_on(aggregate_id, version):
                    raise StaleLiveAggregateError(f"{what} {aggregate_id} moved on") from None
                raise
            if (
                kept
                and entry.aggregate.version == version
                and self._moved_on(aggregate_id, version)
            ):
                raise StaleLiveAggregateError(f"{what} {aggregate_id} moved on")

    def _moved_on(self, aggregate_id: UUID, version: int) -> bool:
        """Whether the store holds an event of this aggregate after ``version`` (one read)."""
        return bool(self.recorder.select_events(aggregate_id, gt=version, limit=1))

    def _exists(self, aggregate_id: UUID) -> bool:
        """Whether any aggregate has this id."""
        return self._find(aggregate_id, Aggregate) is not None

    def _challenge(self, challenge_id: str) -> Challenge:
        try:
            return self.bank.challenge(challenge_id)
        except KeyError:
            raise ChallengeNotFoundError(
                f"no challenge {challenge_id!r} in bank {self.bank.key}"
            ) from None

    @override
    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        """The library's ``save``, collecting an aggregate's events without protocol checks.

        ``ProcessingEvent.collect_events`` tells aggregates from events with ``isinstance``
        against runtime-checkable protocols, which costs more than the rest of collecting
        (ADR 1640); our aggregates are ``Aggregate`` subclasses, told apart by a plain check.
        Anything else goes through the library's own collecting.
        """
        processing_event: ProcessingEvent[UUID] = ProcessingEvent()
        for obj in objs:
            if isinstance(obj, Aggregate):
                processing_event.events.extend(obj.collect_events())
                processing_event.aggregates[obj.id] = obj
            elif obj is not None:
                processing_event.collect_events(obj)
        processing_event.saved_kwargs.update(kwargs)
        recordings = self._record(processing_event)
        self._take_snapshots(processing_event)
        self._notify(recordings)
        self.notify(processing_event.events)  # the library's deprecated hook, kept
        return recordings

    def _save(self, *aggregates: Any) -> int:
        """Save atomically; return the last notification id (for read-your-writes waits)."""
        try:
            recordings = self.save(*aggregates)
        except IntegrityError:
            raise WriteConflictError(
                "another writer changed this record first; reload and try again"
            ) from None
        self.live.forget_others(aggregates)
        return recordings[-1].notification.id if recordings else 0
