"""ContentRelease: the record that a framework version and an exact bank file came into force."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.actors import RecordsActor
from domain.ids import content_release_id


class ContentRelease(Aggregate):
    """One framework version released together with one bank file, identified by its hash.

    Its id is the natural key ``content_release_id(framework, bank, sha256)``.

    Assessments record the keys of the release they run under, so an auditor can tell which
    questions and calibrations were in force, and a replay can load the same ones.
    """

    class Installed(RecordsActor, Aggregate.Created):
        """The content came into force at ``installed_at`` (UTC)."""

        framework_key: str
        bank_key: str
        bank_sha256: str
        challenge_count: int
        skill_count: int
        installed_at: datetime
        actor_id: str
        actor_role: str

    # The library passes create_id only the parameters it names, so they are named here.
    @staticmethod
    def create_id(framework_key: str, bank_key: str, bank_sha256: str) -> UUID:
        """Natural key: installing the same content twice names the same aggregate."""
        return content_release_id(framework_key, bank_key, bank_sha256)

    @event(Installed)
    def __init__(
        self,
        *,
        framework_key: str,
        bank_key: str,
        bank_sha256: str,
        challenge_count: int,
        skill_count: int,
        installed_at: datetime,
        actor_id: str,
        actor_role: str,
    ) -> None:
        self.framework_key = framework_key
        self.bank_key = bank_key
        self.bank_sha256 = bank_sha256
        self.challenge_count = challenge_count
        self.skill_count = skill_count
        self.installed_at = installed_at
