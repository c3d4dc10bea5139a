from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from api.cli import main

CHALLENGE_V1 = {
    "id": "c1",
    "discriminant": 1.86350005965093,
    "difficulty": 0.194712138508747,
    "competence_id": "1.1",
    "tube_id": "t1",
    "skill_id": "s1",
}


def run(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    payload: Any = None,
    raw: str | None = None,
) -> tuple[int, Any, str]:
    text = raw if raw is not None else json.dumps(payload)
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    code = main(["scoring", *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code == 0 and out.strip().startswith("{") else out), err


def test_estimate_reads_stdin_and_prints_the_history(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = {"challenges": [CHALLENGE_V1], "answers": [{"challenge_id": "c1", "status": "ok"}]}
    code, out, _ = run(monkeypatch, capsys, ["estimate"], payload)
    assert code == 0
    assert out["history"][0]["capacity"] == pytest.approx(0.859419960298745, abs=1e-12)
    assert out["history"][0]["error_rate"] == pytest.approx(0.9327454634914153, abs=1e-12)
    assert out["algorithm"] == {"name": "flash-capacity-estimation", "version": 1}


def test_estimate_applies_the_variation_limit_from_an_input_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.json"
    path.write_text(
        json.dumps(
            {
                "challenges": [CHALLENGE_V1],
                "answers": [{"challenge_id": "c1", "status": "ko"}],
                "variation_percent": 0.5,
            }
        )
    )
    assert main(["scoring", "estimate", "--input", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["history"][0]["capacity"] == -0.5


def test_next_ranks_at_most_five_candidates(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    params = [(-5, -5), (5, 1), (-5, -5), (5, -8), (5, 1), (5, 1)]
    names = ["first", "second", "third", "fourth", "fifth", "sixth"]
    challenges = [
        {**CHALLENGE_V1, "id": n, "discriminant": a, "difficulty": b, "tube_id": n, "skill_id": n}
        for n, (a, b) in zip(names, params, strict=True)
    ]
    configuration = {
        "maximum_assessment_length": 32,
        "challenges_between_same_competence": 0,
        "limit_to_one_question_per_tube": False,
        "enable_passage_by_all_competences": False,
        "variation_percent": None,
        "default_candidate_capacity": 0,
    }
    payload = {"challenges": challenges, "answers": [], "configuration": configuration}
    code, out, _ = run(monkeypatch, capsys, ["next"], payload)
    assert code == 0
    assert out["capacity"] == 0
    assert out["candidates"] == ["second", "fifth", "sixth", "first", "third"]


def test_score_maps_a_capacity_to_pix_mesh_and_levels(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = {
        "capacity": -2,
        "global_intervals": [
            [-8, -2],
            [-2, -0.5],
            [-0.5, 0.6],
            [0.6, 1.5],
            [1.5, 2.25],
            [2.25, 3.1],
            [3.1, 4],
            [4, 8],
        ],
        "competence_intervals": {"1.1": [[-5, -1], [-1, 1], [-1, 5]]},
    }
    code, out, _ = run(monkeypatch, capsys, ["score"], payload)
    assert code == 0
    assert out["pix_score"] == 64
    assert out["mesh_index"] == 1
    assert out["competence_levels"] == {"1.1": 0}


def test_degrade_reports_both_capacities(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    challenges = [
        {**CHALLENGE_V1, "id": f"c{i}", "discriminant": 5, "difficulty": 1.5, "skill_id": f"s{i}"}
        for i in range(4)
    ]
    configuration = {
        "maximum_assessment_length": 4,
        "challenges_between_same_competence": 0,
        "limit_to_one_question_per_tube": False,
        "enable_passage_by_all_competences": False,
        "variation_percent": 0,
        "default_candidate_capacity": -3,
    }
    answers = [{"challenge_id": f"c{i}", "status": "ok"} for i in range(3)]
    payload = {"challenges": challenges, "answers": answers, "configuration": configuration}
    code, out, _ = run(monkeypatch, capsys, ["degrade"], payload)
    assert code == 0
    assert out["degraded_capacity"] < out["capacity"]
    assert out["simulated_challenge_ids"] == ["c3"]


def test_v2_scores_a_profile(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = {
        "competences": [{"competence_id": "1.1", "estimated_level": 2, "pix_score": 20}],
        "challenges": [{"id": f"q{i}", "competence_id": "1.1", "type": "QCM"} for i in range(3)],
        "answers": [
            {"challenge_id": "q0", "status": "ok"},
            {"challenge_id": "q1", "status": "ok"},
            {"challenge_id": "q2", "status": "ko"},
        ],
        "max_reachable_level": 5,
    }
    code, out, _ = run(monkeypatch, capsys, ["v2"], payload)
    assert code == 0
    assert out["reproducibility_rate"] == 67
    assert out["competence_marks"] == [{"competence_id": "1.1", "level": 1, "score": 12}]
    assert out["status"] == "validated"


def test_simulate_prints_a_table_and_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = [
        {**CHALLENGE_V1, "id": f"c{c}-{t}", "competence_id": f"{c}", "tube_id": f"{c}.{t}",
         "skill_id": f"{c}.{t}", "difficulty": t / 2 - 2.5}
        for c in range(4)
        for t in range(10)
    ]  # fmt: skip
    path = tmp_path / "bank.json"
    path.write_text(json.dumps(bank))
    argv = ["scoring", "simulate", "--capacities=-1,1", "--candidates", "2", "--seed", "4"]
    assert main([*argv, "--bank", str(path)]) == 0
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert [row["true_capacity"] for row in report["rows"]] == [-1.0, 1.0]
    assert "RMSE" in captured.err
    assert main([*argv, "--bank", str(path)]) == 0
    assert json.loads(capsys.readouterr().out) == report


def test_unknown_challenge_in_an_answer_fails_with_a_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = {"challenges": [CHALLENGE_V1], "answers": [{"challenge_id": "zz", "status": "ok"}]}
    code, _, err = run(monkeypatch, capsys, ["estimate"], payload)
    assert code != 0
    assert "unknown challenge 'zz'" in err


def test_malformed_json_fails_with_a_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(monkeypatch, capsys, ["next"], raw='{"challenges": [')
    assert code == 2
    assert "malformed JSON" in err


def test_missing_or_mistyped_keys_fail_with_their_path(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = {"challenges": [{"id": "c1"}], "answers": []}
    code, _, err = run(monkeypatch, capsys, ["estimate"], payload)
    assert code == 2
    assert "challenges.0.discriminant" in err


def test_more_answers_than_allowed_fail(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    challenges = [{**CHALLENGE_V1, "id": f"c{i}", "tube_id": f"t{i}"} for i in range(3)]
    answers = [{"challenge_id": f"c{i}", "status": "ok"} for i in range(3)]
    payload = {
        "challenges": challenges,
        "answers": answers,
        "configuration": {"maximum_assessment_length": 2},
    }
    code, _, err = run(monkeypatch, capsys, ["next"], payload)
    assert code != 0
    assert "exceed the maximum assessment length 2" in err
