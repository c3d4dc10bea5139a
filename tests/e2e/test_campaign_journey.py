"""A whole assessment campaign over HTTP on PostgreSQL, checked against the spec's formulas.

Creation, five pupils joining by code, answering and sharing; the results per participant and
collectively, recomputed here by hand from §E (mastery = validated / campaign skills, two
decimals per competence and tube); a retry refused before 4 days and accepted after; the CSV
export checked cell by cell.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.deps import get_clock, get_rng
from api.settings import Settings
from domain.bank import ItemBank
from tests.e2e.api_client import FakeClock, bearer, call
from tests.e2e.campaign_client import (
    PUPILS,
    open_school,
    pupils_csv,
    register_pupil,
    take,
    wait_for,
)

pytestmark = pytest.mark.postgres
THRESHOLDS = (1, 2, 0, 1, 2)
"""Pupil i answers right exactly the challenges of difficulty <= THRESHOLDS[i]."""


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def client(postgres_settings: Settings, clock: FakeClock) -> Iterator[TestClient]:
    settings = postgres_settings.model_copy(
        update={"projection_poll_interval": 0.05, "password_hash_log2_n": 10}
    )
    app = create_app(settings)
    app.dependency_overrides[get_clock] = lambda: clock
    app.dependency_overrides[get_rng] = lambda: np.random.default_rng(42)
    with TestClient(app) as c:
        yield c


def r2(x: float) -> float:
    """Two decimals, half up, as the spec's round2."""
    return float(Decimal(str(x)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def final_statuses(elements: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The latest element of each skill (B.1), from the answers' responses in order."""
    latest: dict[str, dict[str, Any]] = {}
    for e in elements:
        latest[e["skill_id"]] = e
    return latest


def test_a_whole_campaign_matches_the_spec_formulas_and_exports_cell_by_cell(
    client: TestClient, clock: FakeClock
) -> None:
    bank: ItemBank = client.app.state.container.ledger.bank  # type: ignore[attr-defined]
    framework = client.app.state.container.ledger.framework  # type: ignore[attr-defined]
    # given a school with its five pupils imported, and an assessment campaign
    organisation_id, orga = open_school(client)
    imported = call(
        client, "POST", f"/organisations/{organisation_id}/learners/import", 201,
        headers={**orga, "Content-Type": "text/csv"}, content=pupils_csv().encode(),
    )  # fmt: skip
    assert imported == {"added": 5, "updated": 0}
    body = {
        "type": "ASSESSMENT",
        "name": "Recherche d'information",
        "target_profile_id": "searching-level-2",
        "external_id_label": "Numéro d'élève",
        "multiple_sendings": True,
    }
    campaign = call(
        client, "POST", f"/organisations/{organisation_id}/campaigns", 201, headers=orga, json=body
    )
    cid, code = campaign["id"], campaign["code"]
    # the campaign skills by hand (§E): tubes of competence 1.1 capped at level 2
    skills = [s for s in bank.skills if s.competence_code == "1.1" and s.difficulty <= 2]
    assert campaign["skills"] == len(skills)
    n = len(skills)

    # when the five pupils join with the code, answer and share
    pupils = [register_pupil(client, p) for p in PUPILS]
    kept: list[dict[str, dict[str, Any]]] = []
    for i, auth in enumerate(pupils):
        joined = call(
            client, "POST", "/campaign-participations", 201, headers=auth,
            json={"code": code.lower(), "external_id": f"E{i + 1}"},
        )  # fmt: skip
        assert joined["status"] == "STARTED"
        elements = take(client, bank, cid, auth, THRESHOLDS[i].__ge__)
        kept.append(final_statuses(elements))
        shared = call(client, "POST", f"/campaign-participations/{cid}/share", 200, headers=auth)
        validated = [s for s, e in kept[i].items() if e["status"] == "validated"]
        assert shared["validated_skills_count"] == len(validated)
        assert shared["mastery_rate"] == pytest.approx(len(validated) / n)

    # then each participant's results and the collective ones follow the formulas
    def expected_row(i: int) -> dict[str, Any]:
        validated = [s for s, e in kept[i].items() if e["status"] == "validated"]
        pix = int(sum(e["earned_pix"] for e in kept[i].values()) + 1e-9)
        return {
            "mastery_rate": pytest.approx(len(validated) / n),
            "validated_skills_count": len(validated),
            "competence_mastery": {"1.1": r2(len(validated) / n)},
            "pix_score": pix,
            "status": "SHARED",
            "progress": 1.0,
        }

    def check_results(sendings: list[int]) -> None:
        results = wait_for(
            lambda: call(client, "GET", f"/campaigns/{cid}/results", 200, headers=orga),
            lambda r: r["shared"] == 5,
        )
        rows = call(client, "GET", f"/campaigns/{cid}/participants", 200, headers=orga)["items"]
        by_name = {r["last_name"]: r for r in rows}
        for i, p in enumerate(PUPILS):
            row = by_name[p[1]]
            assert {k: row[k] for k in expected_row(i)} == expected_row(i)
            assert (row["division"], row["external_id"], row["sending"]) == (
                p[3], f"E{i + 1}", sendings[i],
            )  # fmt: skip
        masteries = [len([e for e in k.values() if e["status"] == "validated"]) / n for k in kept]
        validated_all = [s for k in kept for s, e in k.items() if e["status"] == "validated"]
        tubes = sorted({s.tube_id for s in skills})
        assert results["participants"] == 5
        assert results["by_status"] == {"STARTED": 0, "TO_SHARE": 0, "SHARED": 5}
        assert results["average_mastery_rate"] == r2(sum(masteries) / 5)
        assert results["competence_success"] == {"1.1": r2(len(validated_all) / (n * 5))}
        tube_of = {s.id: s.tube_id for s in skills}
        assert results["tube_success"] == {
            t: r2(
                sum(1 for s in validated_all if tube_of[s] == t)
                / (sum(1 for s in skills if s.tube_id == t) * 5)
            )
            for t in tubes
        }
        division = call(client, "GET", f"/campaigns/{cid}/results?division=3B", 200, headers=orga)
        assert division["participants"] == 2
        assert division["average_mastery_rate"] == r2((masteries[2] + masteries[3]) / 2)

    check_results([1, 1, 1, 1, 1])

    # a retry within 4 days is refused with the date it becomes possible, then accepted
    first = pupils[0]
    early = call(
        client, "POST", f"/campaign-participations/{cid}/retry", 409, headers=first, json={}
    )
    assert early["code"] == "campaign_retry_too_early"
    assert "2026-11-26" in early["detail"]
    clock.jump(4)
    retry = call(
        client, "POST", f"/campaign-participations/{cid}/retry", 201, headers=first, json={}
    )
    assert (retry["sending"], retry["improving"]) == (2, True)
    more = take(client, bank, cid, first, lambda d: True)
    assert more, "old failures are asked again after 4 days (B.6)"
    kept[0] = final_statuses([*kept[0].values(), *more])
    call(client, "POST", f"/campaign-participations/{cid}/share", 200, headers=first)
    wait_for(
        lambda: call(client, "GET", f"/campaigns/{cid}/participants", 200, headers=orga),
        lambda r: any(x["sending"] == 2 and x["status"] == "SHARED" for x in r["items"]),
    )
    check_results([2, 1, 1, 1, 1])

    # and the CSV export, cell by cell
    response = client.get(f"/campaigns/{cid}/export", headers=orga)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(text[1:])))
    competence = framework.competence("1.1")
    area = next(a for a in framework.areas if a.code == competence.area_code)
    area_skills = n  # every campaign skill is in area 1
    c_title, a_title = f"1.1 {competence.title_fr}", f"{area.code} {area.title_fr}"
    assert table[0] == [
        "Nom de l'organisation", "ID Campagne", "Code", "Nom de la campagne",
        "Nom du Profil Cible", "Nom du Participant", "Prénom du Participant", "Classe",
        "Numéro d'élève", "% de progression", "Date de début", "Partage (O/N)",
        "Date du partage", "Numéro de l'envoi",
        "% de maîtrise de l'ensemble des acquis du profil",
        f"% de maîtrise des acquis de la compétence {c_title}",
        f"Nombre d'acquis du profil cible dans la compétence {c_title}",
        f"Acquis maîtrisés dans la compétence {c_title}",
        f"% de maîtrise des acquis du domaine {a_title}",
        f"Nombre d'acquis du profil cible du domaine {a_title}",
        f"Acquis maîtrisés du domaine {a_title}",
    ]  # fmt: skip
    order = sorted(range(5), key=lambda i: PUPILS[i][1].lower())
    expected = []
    for i in order:
        first_name, last_name, _, division, _ = PUPILS[i]
        v = len([e for e in kept[i].values() if e["status"] == "validated"])
        day = "2026-11-26" if i == 0 else "2026-11-22"
        expected.append(
            [
                "Collège Jean Moulin", cid, code, "Recherche d'information",
                "Mener une recherche, niveau 2",
                "'" + last_name if last_name.startswith("=") else last_name,
                first_name, division, f"E{i + 1}", "1.000", day, "O", day,
                "2" if i == 0 else "1", f"{v / n:.2f}",
                f"{v / n:.2f}", str(n), str(v), f"{v / area_skills:.2f}", str(area_skills), str(v),
            ]
        )  # fmt: skip
    assert table[1:] == expected


def test_bad_campaign_input_gets_a_stable_code_and_records_nothing(
    client: TestClient, clock: FakeClock
) -> None:
    ledger = client.app.state.container.ledger  # type: ignore[attr-defined]
    bank = ledger.bank
    organisation_id, orga = open_school(client, uai="0759876B")
    call(
        client, "POST", f"/organisations/{organisation_id}/learners/import", 201,
        headers={**orga, "Content-Type": "text/csv"}, content=pupils_csv().encode(),
    )  # fmt: skip
    one = call(
        client, "POST", f"/organisations/{organisation_id}/campaigns", 201, headers=orga,
        json={"type": "ASSESSMENT", "name": "Une fois", "target_profile_id": "searching-level-2"},
    )  # fmt: skip
    pupil = register_pupil(client, PUPILS[0])
    call(client, "POST", "/campaign-participations", 201, headers=pupil, json={"code": one["code"]})
    other_id, other = open_school(client, uai="0751111C")

    def refused(status: int, code: str, method: str, path: str, **kw: Any) -> dict[str, Any]:
        before = ledger.recorder.max_notification_id()
        body = call(client, method, path, status, **kw)
        assert body["code"] == code, body
        assert ledger.recorder.max_notification_id() == before
        return dict(body)

    refused(404, "campaign_not_found", "POST", "/campaign-participations", headers=pupil,
            json={"code": "ZZZZZZ999"})  # fmt: skip
    refused(409, "already_participating", "POST", "/campaign-participations", headers=pupil,
            json={"code": one["code"]})  # fmt: skip
    refused(409, "participation_not_completed", "POST",
            f"/campaign-participations/{one['id']}/share", headers=pupil)  # fmt: skip
    take(client, bank, one["id"], pupil, lambda d: True)
    call(client, "POST", f"/campaign-participations/{one['id']}/share", 200, headers=pupil)
    refused(409, "participation_already_shared", "POST",
            f"/campaign-participations/{one['id']}/share", headers=pupil)  # fmt: skip
    refused(409, "campaign_retry_not_allowed", "POST",
            f"/campaign-participations/{one['id']}/retry", headers=pupil, json={})  # fmt: skip
    refused(403, "out_of_scope", "GET", f"/campaigns/{one['id']}/results", headers=other)
    refused(403, "out_of_scope", "GET", f"/organisations/{organisation_id}/learners",
            headers=other)  # fmt: skip
    bad = "first_name,last_name,birthdate,division,national_student_id\n,X,2011-13-01,,12\n"
    problems = refused(
        422, "learner_import_invalid", "POST", f"/organisations/{other_id}/learners/import",
        headers={**other, "Content-Type": "text/csv"}, content=(bad + pupils_csv()[60:]).encode(),
    )["problems"]  # fmt: skip
    assert {(p["line"], p["code"]) for p in problems} >= {
        (2, "LEARNER_FIRST_NAME_REQUIRED"), (2, "LEARNER_BIRTHDATE_INVALID"),
        (2, "LEARNER_DIVISION_REQUIRED"), (2, "LEARNER_INE_INVALID"),
    }  # fmt: skip
    refused(422, "external_id_required", "POST", "/campaign-participations",
            headers=register_pupil(client, PUPILS[1]),
            json={"code": call(client, "POST", f"/organisations/{organisation_id}/campaigns", 201,
                  headers=orga, json={"type": "PROFILES_COLLECTION", "name": "Profils",
                                      "external_id_label": "INE"})["code"]})  # fmt: skip
    call(client, "POST", f"/campaigns/{one['id']}/archive", 200, headers=orga)
    refused(409, "campaign_archived", "POST", "/campaign-participations",
            headers=register_pupil(client, PUPILS[2]), json={"code": one["code"]})  # fmt: skip
    stranger = register_pupil(client, ("Zoé", "Inconnue", "2011-01-01", "3A", ""))
    open_one = call(
        client, "POST", f"/organisations/{organisation_id}/campaigns", 201, headers=orga,
        json={"type": "PROFILES_COLLECTION", "name": "Ouverte"},
    )  # fmt: skip
    refused(409, "learner_not_in_organisation", "POST", "/campaign-participations",
            headers=stranger, json={"code": open_one["code"]})  # fmt: skip
    client_id = call(client, "POST", "/accounts/api-clients", 201,
                     headers=bearer(client), json={"label": "LSU"})["client_id"]  # fmt: skip
    api = bearer(client, "API_CLIENT", user_id=client_id)
    refused(403, "scope_missing", "GET", "/school-records/0759876B/certifications", headers=api)
    refused(403, "scope_missing", "POST", "/higher-education/certifications/search",
            headers=api, json={"ine": "123456789AA"})  # fmt: skip
