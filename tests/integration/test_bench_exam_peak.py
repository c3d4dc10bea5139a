"""The exam-peak benchmark's smoke run: wrk drives the server and every answer succeeds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from benchmarks import bench_exam_peak, report
from tests.conftest import ADMIN_URL, REQUIRED

pytestmark = pytest.mark.postgres


def test_the_quick_exam_peak_answers_every_question_it_sends(
    postgres_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("wrk") is None:
        if REQUIRED:
            pytest.fail("wrk is missing (.ci/run installs it)")
        pytest.skip("wrk is missing: apt-get install -y wrk")
    monkeypatch.setattr(report, "RESULTS_DIR", tmp_path)
    assert bench_exam_peak.main(["--quick", "--admin-url", ADMIN_URL]) == 0
    results = json.loads((tmp_path / "exam_peak.json").read_text())
    scenarios = results["runs"]["1 process"]
    assert set(scenarios) == {"no pause", "20/s, think 200 ms"}
    for figures in scenarios.values():
        assert figures["answers"] > 0
        assert figures["errors"] == 0
        assert figures["seats_exhausted"] == 0
        assert figures["server_cpu_ms"] > 0
