"""OrganisationCommands: organisations, their members and their learners (a ledger mixin).

A UAI is unique (a claim saved with the organisation, ADR 0604). Learners come by CSV, all or
nothing; each learner's personal fields are sealed with their own key before any event.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

from domain.accounts import ORGANISATION_ROLES, Account
from domain.actors import Actor
from domain.campaigns.errors import (
    LearnerImportInvalidError,
    OrganisationInvalidError,
    OrganisationNotFoundError,
    UaiTakenError,
)
from domain.campaigns.learners_csv import LearnerLine, identity_key, parse_learners_csv
from domain.campaigns.organisation import IMPORTED, ORGANISATION_TYPES, Organisation
from domain.campaigns.outcomes import LearnersImport, OrganisationLearner
from domain.certification.session import CodeClaim
from domain.errors import AccountNotFoundError, InvalidInputError, OutOfScopeError
from domain.ledger_base import LedgerBase

UAI_PATTERN = re.compile(r"^[0-9]{7}[A-Z]$")
UAI_CLAIM = "uai"


class OrganisationCommands(LedgerBase):
    """Commands and queries on organisations."""

    def create_organisation(
        self, *, type: str, name: str, uai: str = "", created_at: datetime, actor: Actor
    ) -> UUID:
        """Open an organisation; a school (SCO) needs its UAI (7 digits and a letter)."""
        name = " ".join(name.split())
        uai = uai.strip().upper()
        if type not in ORGANISATION_TYPES:
            raise OrganisationInvalidError(f"type must be one of {ORGANISATION_TYPES}")
        if not 1 <= len(name) <= 200:
            raise OrganisationInvalidError("name: must be 1 to 200 characters")
        if type == "SCO" and not uai:
            raise OrganisationInvalidError("a school (SCO) needs its UAI")
        if uai and not UAI_PATTERN.match(uai):
            raise OrganisationInvalidError(f"UAI {uai!r}: expected 7 digits and a letter")
        organisation: Organisation = Organisation(
            type=type, name=name, uai=uai, created_at=created_at, **actor.event_fields()
        )
        claims: list[CodeClaim] = []
        if uai:
            if self._find(CodeClaim.create_id(UAI_CLAIM, uai), CodeClaim) is not None:
                raise UaiTakenError(f"UAI {uai} belongs to another organisation")
            claims.append(CodeClaim(kind=UAI_CLAIM, code=uai, owner_id=organisation.id))
        self._save(organisation, *claims)
        return organisation.id

    def get_organisation(self, organisation_id: UUID) -> Organisation:
        """The organisation with this id; ``OrganisationNotFoundError`` otherwise."""
        return self._load(organisation_id, Organisation, OrganisationNotFoundError, "organisation")

    def find_organisation_by_uai(self, uai: str) -> Organisation:
        """The organisation holding this UAI (case-insensitive); ``OrganisationNotFoundError``."""
        claim = self._find(CodeClaim.create_id(UAI_CLAIM, uai.strip().upper()), CodeClaim)
        if claim is None or claim.owner_id is None:
            raise OrganisationNotFoundError(f"no organisation with UAI {uai!r}")
        return self.get_organisation(claim.owner_id)

    def add_organisation_member(
        self, organisation_id: UUID, user_id: UUID, *, added_at: datetime, actor: Actor
    ) -> None:
        """Make an ORGA_ADMIN or ORGA_MEMBER account a member (again: nothing changes)."""
        organisation = self.get_organisation(organisation_id)
        account = self._find(user_id, Account)
        if account is None:
            raise AccountNotFoundError(f"no account {user_id}")
        if account.role not in ORGANISATION_ROLES:
            raise InvalidInputError(f"a {account.role} account cannot join an organisation")
        if user_id in organisation.members:
            return
        organisation._add_member(user_id, account.role, added_at, actor.id, actor.role)
        self._save(organisation)

    def ensure_organisation_member(
        self, organisation_id: UUID, user_id: UUID, *, admin: bool = False
    ) -> Organisation:
        """The organisation, if the user is a member (an ORGA_ADMIN when ``admin``)."""
        organisation = self.get_organisation(organisation_id)
        role = organisation.members.get(user_id)
        if role is None or (admin and role != "ORGA_ADMIN"):
            raise OutOfScopeError(
                f"not {'an administrator' if admin else 'a member'} of "
                f"organisation {organisation_id}"
            )
        return organisation

    def import_organisation_learners(
        self, organisation_id: UUID, data: bytes, *, imported_at: datetime, actor: Actor
    ) -> LearnersImport:
        """Add or update the file's learners, all or none.

        ``LearnerImportInvalidError`` lists every bad line. A line matches an existing learner
        by INE, else by identity (names and birthdate).
        """
        organisation = self.get_organisation(organisation_id)
        parsed = parse_learners_csv(data, organisation.type, today=imported_at.date())
        lines = [p for p in parsed if isinstance(p, LearnerLine)]
        if len(lines) != len(parsed):
            raise LearnerImportInvalidError(parsed)
        vault = self._vault()
        records: list[dict[str, Any]] = []
        updated = 0
        for line in lines:
            identity = vault.blind_index(line.identity)
            ine = ine_index_of(self, line.national_student_id) if line.national_student_id else ""
            existing = organisation.by_ine.get(ine) if ine else None
            existing = existing or organisation.by_identity.get(identity)
            if existing is not None:
                updated += 1
                learner_id = existing
                key_id = UUID(str(organisation.learners[existing]["key_id"]))
            else:
                learner_id, key_id = uuid4(), uuid4()
                vault.create_key(key_id)
            records.append(
                learner_record(
                    self,
                    learner_id=learner_id,
                    key_id=key_id,
                    first_name=line.first_name,
                    last_name=line.last_name,
                    birthdate=line.birthdate,
                    division=line.division,
                    national_student_id=line.national_student_id,
                    identity_index=identity,
                    ine_index=ine,
                )
            )
        organisation._record_learners(tuple(records), IMPORTED, imported_at, actor.id, actor.role)
        self._save(organisation)
        return LearnersImport(organisation_id, len(records) - updated, updated)

    def list_organisation_learners(
        self, organisation_id: UUID, *, division: str | None = None
    ) -> list[OrganisationLearner]:
        """The learners (unsealed), sorted by division, last name, first name."""
        organisation = self.get_organisation(organisation_id)
        found = [
            self.organisation_learner(organisation, learner_id)
            for learner_id, record in organisation.learners.items()
            if division is None or record["division"] == division
        ]
        return sorted(found, key=lambda x: (x.division, x.last_name.lower(), x.first_name.lower()))

    def organisation_learner(
        self, organisation: Organisation, learner_id: UUID
    ) -> OrganisationLearner:
        """One learner of the organisation, personal fields unsealed."""
        record = organisation.learners[learner_id]
        unseal = self._vault().unseal
        return OrganisationLearner(
            learner_id=learner_id,
            first_name=unseal(record["first_name"]),
            last_name=unseal(record["last_name"]),
            birthdate=unseal(record["birthdate"]),
            division=str(record["division"]),
            national_student_id=unseal(record["national_student_id"])
            if record["national_student_id"]
            else "",
            user_id=organisation.user_of.get(learner_id),
        )


def learner_record(
    ledger: LedgerBase,
    *,
    learner_id: UUID,
    key_id: UUID,
    first_name: str,
    last_name: str,
    birthdate: date,
    division: str,
    national_student_id: str,
    identity_index: str,
    ine_index: str,
) -> dict[str, Any]:
    """A learner as ``Organisation.LearnersRecorded`` stores it: personal fields sealed."""
    seal = ledger._vault().seal
    return {
        "learner_id": str(learner_id),
        "key_id": str(key_id),
        "first_name": seal(key_id, first_name),
        "last_name": seal(key_id, last_name),
        "birthdate": seal(key_id, birthdate.isoformat()),
        "national_student_id": seal(key_id, national_student_id) if national_student_id else "",
        "division": division,
        "identity_index": identity_index,
        "ine_index": ine_index,
    }


def identity_index_of(ledger: LedgerBase, first_name: str, last_name: str, birthdate: date) -> str:
    """The blind index learners are matched by (see ``identity_key``)."""
    return ledger._vault().blind_index(identity_key(first_name, last_name, birthdate))


def ine_index_of(ledger: LedgerBase, national_student_id: str) -> str:
    """The blind index of an INE (upper-cased)."""
    return ledger._vault().blind_index(f"ine|{national_student_id.strip().upper()}")
