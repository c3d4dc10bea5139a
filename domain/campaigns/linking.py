"""Linking a learner account to its organisation learner, at its first participation.

An account already linked keeps its learner. Otherwise the account's identity (names and
birthdate, through the keyed blind index) is looked up among the organisation's learners: a
match not yet linked is linked. A school that manages its pupils (SCO with an imported list)
refuses anyone else; other organisations add the learner from the account, sealed with the
account's own key, so erasing the account erases that copy too.
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID, uuid4

from domain.accounts import Account
from domain.actors import Actor
from domain.campaigns.errors import NotInOrganisationError
from domain.campaigns.organisation import JOINED, Organisation
from domain.campaigns.organisation_commands import identity_index_of, learner_record
from domain.ledger_base import LedgerBase


def link_learner(
    ledger: LedgerBase, organisation: Organisation, account: Account, at: datetime, actor: Actor
) -> tuple[UUID, bool]:
    """The organisation learner of ``account`` and whether ``organisation`` got new events."""
    linked = organisation.by_user.get(account.id)
    if linked is not None:
        return linked, False
    unseal = ledger._vault().unseal
    first_name = unseal(account.personal.get("first_name", ""))
    last_name = unseal(account.personal.get("last_name", ""))
    birthdate = date.fromisoformat(unseal(account.personal.get("birthdate", "")))
    identity = identity_index_of(ledger, first_name, last_name, birthdate)
    match = organisation.by_identity.get(identity)
    if match is not None and match in organisation.user_of:
        raise NotInOrganisationError("this organisation learner is linked to another account")
    if match is None:
        if organisation.manages_learners:
            raise NotInOrganisationError(
                f"{organisation.name} lets in only the learners on its list "
                "(names and birthdate as the school recorded them)"
            )
        match = uuid4()
        record = learner_record(
            ledger,
            learner_id=match,
            key_id=account.personal_data_key_id,
            first_name=first_name,
            last_name=last_name,
            birthdate=birthdate,
            division="",
            national_student_id="",
            identity_index=identity,
            ine_index="",
        )
        organisation._record_learners((record,), JOINED, at, actor.id, actor.role)
    organisation._link(match, account.id, at, actor.id, actor.role)
    return match, True
