"""The ledger's shape: one level of certification command groups, no group reaching another."""

from __future__ import annotations

import inspect
from collections import defaultdict

from domain.application import CertificationLedger
from domain.certification.lookups import CertificationLookups
from domain.ledger_base import LedgerBase

MIXINS = [b for b in CertificationLedger.__bases__ if b is not LedgerBase]
GROUPS = [b for b in MIXINS if issubclass(b, CertificationLookups)]


def test_the_ledger_lists_the_seven_certification_groups() -> None:
    # New groups (the jury's, for one) may join; these seven must stay.
    assert {g.__name__ for g in GROUPS} >= {
        "SessionCommands",
        "EntryCommands",
        "CourseCommands",
        "V2Commands",
        "FinalizationCommands",
        "CandidateErasure",
        "CertificationQueries",
    }


def violations(groups: list[type]) -> list[str]:
    """Each group whose bases are not exactly the lookups base, or that extends another group."""
    found = []
    for group in groups:
        if group.__bases__ != (CertificationLookups,):
            found.append(f"{group.__name__} has bases {[b.__name__ for b in group.__bases__]}")
        found += [
            f"{group.__name__} inherits {other.__name__}"
            for other in groups
            if other is not group and issubclass(group, other)
        ]
    return found


def test_each_group_inherits_the_lookups_base_only_and_no_other_group() -> None:
    assert violations(GROUPS) == []
    assert CertificationLookups.__bases__ == (LedgerBase,)


def test_no_two_mixins_define_the_same_name() -> None:
    """A name defined twice would silently resolve to whichever mixin comes first."""
    owners: defaultdict[str, list[str]] = defaultdict(list)
    for mixin in MIXINS:
        for klass in inspect.getmro(mixin):
            if klass in (LedgerBase, CertificationLookups) or not issubclass(klass, LedgerBase):
                continue
            for name in vars(klass):
                # ``name`` is set on every Application subclass by the library itself.
                if not name.startswith("__") and name != "name":
                    owners[name].append(klass.__name__)
    shared = {name: sorted(set(o)) for name, o in owners.items() if len(set(o)) > 1}
    assert shared == {}


def test_the_check_catches_a_group_built_on_another_group() -> None:
    first, second = GROUPS[0], GROUPS[1]
    wrong = type("WrongGroup", (second,), {})
    assert violations([first, wrong, second]) == [
        f"WrongGroup has bases ['{second.__name__}']",
        f"WrongGroup inherits {second.__name__}",
    ]
