from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from domain.bank import DEFAULT_BANK_FILE, load_bank_file, load_default_bank
from domain.errors import BankDataError
from domain.framework import load_framework


def sample() -> dict[str, Any]:
    return json.loads(DEFAULT_BANK_FILE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def write(tmp_path: Path, doc: dict[str, Any]) -> Path:
    path = tmp_path / "bank.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def first_challenge(
    doc: dict[str, Any], comp: int = 0, tube: int = 0, skill: int = 0
) -> dict[str, Any]:
    return doc["competences"][comp]["tubes"][tube]["skills"][skill]["challenges"][0]  # type: ignore[no-any-return]


def test_shipped_bank_covers_every_competence_for_a_32_question_test() -> None:
    bank = load_default_bank()
    assert bank.key == "sample-v1"
    assert bank.framework_key == "pix-v1"
    for competence in load_framework().competences:
        servable = bank.servable_challenges(competence.code)
        assert len(servable) >= 40, competence.code
        assert len({c.tube_id for c in servable}) >= 6, competence.code
    assert {c.type for c in bank.challenges} == {"QCU", "QCM", "QROC", "QROCM-ind", "QROCM-dep"}
    assert all(c.calibration.discriminant > 0 for c in bank.challenges)


def test_servable_challenges_are_validated_ones_sorted_by_id() -> None:
    servable = load_default_bank().servable_challenges("2.3")
    assert [c.id for c in servable] == sorted(c.id for c in servable)
    assert {c.status for c in servable} == {"validé"}


def test_skill_pix_value_is_8_over_counted_skills_of_that_difficulty_capped_at_4() -> None:
    bank = load_default_bank()
    for skill in bank.skills:
        counted = [
            s
            for s in bank.skills
            if s.competence_code == skill.competence_code
            and s.difficulty == skill.difficulty
            and any(c.skill_id == s.id and c.is_servable for c in bank.challenges)
        ]
        expected = min(4.0, 8 / len(counted)) if skill in counted else 0.0
        assert skill.pix_value == pytest.approx(expected, abs=1e-12), skill.id


def test_every_fault_is_reported_at_once_and_nothing_is_loaded(tmp_path: Path) -> None:
    doc = sample()
    duplicate = first_challenge(doc, 0, 0, 1)
    duplicate["id"] = first_challenge(doc, 0, 0, 0)["id"]
    doc["competences"][1]["tubes"][0]["skills"][0]["difficulty"] = 9
    del first_challenge(doc, 2)["calibration"]
    doc["competences"][3]["code"] = "9.9"
    qcu = next(
        c
        for t in doc["competences"][4]["tubes"]
        for s in t["skills"]
        for c in s["challenges"]
        if c["type"] == "QCU"
    )
    qcu["solution"]["value"] = ""
    with pytest.raises(BankDataError) as caught:
        load_bank_file(write(tmp_path, doc), load_framework())
    problems = "\n".join(caught.value.problems)
    assert f"id {duplicate['id']!r} is used 2 times" in problems
    assert "difficulty 9 is outside 1..8" in problems
    assert f"challenge {first_challenge(doc, 2)['id']}: no IRT calibration" in problems
    assert "competence '9.9' is not in framework pix-v1" in problems
    assert f"challenge {qcu['id']} solution: 'value' must be a non-empty str" in problems
    assert len(caught.value.problems) == 5


def test_a_solution_its_own_checker_rejects_is_reported(tmp_path: Path) -> None:
    doc = sample()
    every = [
        c
        for comp in doc["competences"]
        for t in comp["tubes"]
        for s in t["skills"]
        for c in s["challenges"]
    ]
    ind = next(c for c in every if c["type"] == "QROCM-ind")
    ind["solution"]["value"] = "element: [unclosed"
    dep = next(c for c in every if c["type"] == "QROCM-dep")
    dep["solution"]["value"] = "- a list\n- not a map\n"
    number = next(
        c for c in every if c["type"] == "QROC" and c["solution"].get("format") == "nombre"
    )
    number["solution"]["value"] = "douze"
    with pytest.raises(BankDataError) as caught:
        load_bank_file(write(tmp_path, doc), load_framework())
    assert len(caught.value.problems) == 3
    assert (
        f"challenge {number['id']}: its own solution is rejected by the QROC checker "
        "(accepted answer 'douze' is not a number)" in caught.value.problems
    )
    for challenge in (ind, dep):
        assert any(
            p.startswith(
                f"challenge {challenge['id']}: its own solution is rejected "
                f"by the {challenge['type']} checker"
            )
            for p in caught.value.problems
        )


def test_malformed_json_and_wrong_framework_are_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(BankDataError, match="not valid UTF-8 JSON"):
        load_bank_file(bad, load_framework())
    doc = copy.deepcopy(sample())
    doc["framework"] = "pix-v2"
    with pytest.raises(BankDataError) as caught:
        load_bank_file(write(tmp_path, doc), load_framework())
    assert caught.value.problems == ("bank: built for framework pix-v2, loading against pix-v1",)
