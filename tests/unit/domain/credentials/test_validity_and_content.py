"""Pure rules: the 3-year validity, revocation at an instant, mesh levels, certificate content."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from domain.credentials.certificate import Identity, build_certificate
from domain.credentials.levels import global_level
from domain.credentials.validity import status_at, valid_until
from domain.framework import load_framework

DELIVERED = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def test_valid_until_is_the_same_instant_three_years_later_and_29_february_falls_back() -> None:
    assert valid_until(DELIVERED) == datetime(2029, 12, 2, 9, 0, tzinfo=UTC)
    leap = datetime(2028, 2, 29, 12, 0, tzinfo=UTC)
    assert valid_until(leap) == datetime(2031, 2, 28, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("at", "status"),
    [
        (DELIVERED - timedelta(microseconds=1), "not_yet_valid"),
        (DELIVERED, "valid"),
        (datetime(2029, 12, 2, 0, 0, tzinfo=UTC), "valid"),  # the last day
        (datetime(2029, 12, 2, 9, 0, tzinfo=UTC), "valid"),  # its last instant
        (datetime(2029, 12, 2, 9, 0, 0, 1, tzinfo=UTC), "expired"),
        (datetime(2029, 12, 3, 9, 0, tzinfo=UTC), "expired"),  # the day after
    ],
)
def test_status_at_any_instant(at: datetime, status: str) -> None:
    assert status_at(at, delivered_at=DELIVERED).status == status


def test_revocation_wins_from_its_instant_on_and_says_when_and_why() -> None:
    revoked = DELIVERED + timedelta(days=40)
    before = status_at(revoked - timedelta(seconds=1), delivered_at=DELIVERED, revoked_at=revoked)
    assert before.status == "valid"
    after = status_at(
        revoked, delivered_at=DELIVERED, revoked_at=revoked, revocation_reason="cancelled"
    )
    assert (after.status, after.revoked_at, after.revocation_reason) == (
        "revoked",
        revoked,
        "cancelled",
    )
    late = status_at(datetime(2031, 1, 1, tzinfo=UTC), delivered_at=DELIVERED, revoked_at=revoked)
    assert late.status == "revoked"


def test_mesh_levels_and_labels() -> None:
    assert global_level(None) is None
    assert global_level(0) is None  # pre-beginner: no global level shown
    level = global_level(3)
    assert level is not None
    assert (level.key, level.label_fr, level.label_en) == (
        "LEVEL_INDEPENDENT_3",
        "Indépendant 3",
        "Independent 3",
    )
    last = global_level(8)
    assert last is not None
    assert last.key == "LEVEL_EXPERT_8"


def test_the_content_holds_every_competence_and_the_versions() -> None:
    framework = load_framework()
    result = {
        "status": "validated",
        "pix_score": 412,
        "mesh_index": 3,
        "competence_marks": [{"competence_id": "2.3", "level": 4, "score": 0}],
        "algorithm": {"name": "v3-result", "version": 1},
    }
    certificate = build_certificate(
        certificate_id=uuid4(),
        identity=Identity("Ada", "Lovelace", "2005-03-14", "Lyon"),
        centre_name="Centre",
        taken_on=DELIVERED.date(),
        delivered_at=DELIVERED,
        result=result,
        framework=framework,
        certification_version=3,
        validity=status_at(DELIVERED, delivered_at=DELIVERED),
    )
    levels = {c.code: c.level for a in certificate.competence_tree for c in a.competences}
    assert len(levels) == 16
    assert levels["2.3"] == 4
    assert levels["1.1"] == 0
    assert (certificate.max_reachable_score, certificate.algorithm) == (895, "v3-result@1")
    assert certificate.framework_key == "pix-v1"
    v2 = build_certificate(
        certificate_id=uuid4(),
        identity=Identity("Ada", "Lovelace", "2005-03-14", "Lyon"),
        centre_name="Centre",
        taken_on=DELIVERED.date(),
        delivered_at=DELIVERED,
        result={**result, "mesh_index": None},
        framework=framework,
        certification_version=2,
        validity=status_at(DELIVERED, delivered_at=DELIVERED),
    )
    assert v2.max_reachable_score == framework.max_reachable_level * 8 * 16
    assert v2.global_level is None
