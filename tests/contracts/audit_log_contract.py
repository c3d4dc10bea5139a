"""The audit log contract, on every backend.

The same tree however it is built, checkpoints by policy, proofs over HTTP and offline, and a
clear error with a stable code for every bad request.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api import bootstrap
from api.app import create_app
from api.cli import main as cli_main
from api.settings import Settings
from domain.audit.merkle import LeafNodes, root
from domain.audit.proofs import check_bundle
from projections.audit_log.checkpoints import CheckpointPolicy
from projections.runner import CatchUpRunner
from tests.e2e.api_client import bearer
from tests.factories import answer_run


class AuditLogContract:
    @pytest.fixture
    def settings(self) -> Settings:
        raise NotImplementedError

    @pytest.fixture
    def container(self, settings: Settings) -> Iterator[bootstrap.Container]:
        c = bootstrap.build(
            settings.model_copy(
                update={"audit_checkpoint_every_events": 0, "audit_checkpoint_every_seconds": 0.0}
            )
        )
        yield c
        c.close()

    def _events(self, container: bootstrap.Container, runs: int = 3) -> None:
        for n in range(runs):
            answer_run(container.ledger, "rwr"[: 1 + n % 3])

    def test_the_tree_is_the_same_built_in_any_batches_or_rebuilt(
        self, container: bootstrap.Container
    ) -> None:
        self._events(container, 4)
        runner = container.runners["audit_log"]
        small = CatchUpRunner(container.ledger, runner.projection, batch_size=3)
        small.catch_up()
        log = container.audit
        assert log is not None
        stored = list(log.scan_store())
        expected = root(LeafNodes([e.leaf_hash() for e in stored]), len(stored))
        assert log.view.size() == len(stored)
        assert log.view.root() == expected
        self._events(container, 2)
        runner.catch_up()
        grown = root(LeafNodes([e.leaf_hash() for e in log.scan_store()]), log.view.size())
        assert log.view.root() == grown
        runner.rebuild()
        assert log.view.root() == grown
        assert [e.entry for e in log.view.entries(0, log.view.size())] == list(log.scan_store())

    def test_checkpoints_follow_the_policy_and_survive_a_rebuild(
        self, container: bootstrap.Container
    ) -> None:
        log = container.audit
        assert log is not None
        now = [datetime(2026, 11, 29, 9, 0, tzinfo=UTC)]
        checkpointer = log.checkpointer
        checkpointer.policy = CheckpointPolicy(every_events=10, every_seconds=60)
        checkpointer.clock = lambda: now[0]
        runner = container.runners["audit_log"]
        runner.after_catch_up = checkpointer.maybe_issue
        self._events(container, 1)
        runner.catch_up()
        first = log.latest_checkpoint()  # the first checkpoint is due as soon as events exist
        answer_run(container.ledger, "r")
        runner.catch_up()
        assert log.latest_checkpoint() == first  # fewer than 10 events, under 60 s
        now[0] += timedelta(seconds=61)
        runner.catch_up()
        second = log.latest_checkpoint()
        assert second.size == log.view.size() > first.size
        self._events(container, 4)
        runner.catch_up()
        assert log.latest_checkpoint().size == log.view.size()  # 10 events or more
        runner.rebuild()
        assert [c.size for c in log.view.checkpoints()][:2] == [first.size, second.size]
        assert log.verify().ok

    def test_proofs_over_http_and_offline(
        self, container: bootstrap.Container, settings: Settings, tmp_path: Path
    ) -> None:
        self._events(container, 3)
        log = container.audit
        assert log is not None
        runner = container.runners["audit_log"]
        runner.catch_up()
        a = log.checkpointer.issue()
        self._events(container, 2)
        runner.catch_up()
        b = log.checkpointer.issue()
        assert a is not None
        assert b is not None
        with TestClient(create_app(settings, container)) as client:
            auditor = bearer(client, "AUDITOR")
            key = client.get("/ledger/key").text
            assert client.get("/ledger/checkpoint").text == b.note
            assert [c["size"] for c in client.get("/ledger/checkpoints").json()] == [a.size, b.size]
            last = log.view.entries(b.size - 1, b.size)[0].entry.position
            inclusion = client.get(f"/ledger/proofs/inclusion/{last}", headers=auditor).json()
            check_bundle(inclusion, key)
            old = client.get(f"/ledger/proofs/inclusion/1?size={a.size}", headers=auditor).json()
            check_bundle(old, key)
            consistency = client.get(
                f"/ledger/proofs/consistency?first={a.size}&second={b.size}"
            ).json()
            check_bundle(consistency, key)
            # Bad input: a clear error with a stable code.
            assert (
                client.get(
                    f"/ledger/proofs/inclusion/{last}", headers=bearer(client, "LEARNER")
                ).status_code
                == 403
            )
            beyond = client.get(f"/ledger/proofs/inclusion/{last}?size={a.size}", headers=auditor)
            assert (beyond.status_code, beyond.json()["code"]) == (422, "proof_invalid")
            missing = client.get("/ledger/proofs/inclusion/999999", headers=auditor)
            assert (missing.status_code, missing.json()["code"]) == (404, "log_position_not_found")
            wrong = client.get(f"/ledger/proofs/consistency?first={b.size}&second={a.size}")
            assert (wrong.status_code, wrong.json()["code"]) == (409, "consistency_order")
            unknown = client.get(f"/ledger/proofs/consistency?first={a.size}&second={b.size + 5}")
            assert (unknown.status_code, unknown.json()["code"]) == (404, "checkpoint_not_found")
        # check-proof needs nothing but the bundle and the key.
        good, bad = tmp_path / "good.json", tmp_path / "bad.json"
        good.write_text(json.dumps(inclusion))
        inclusion["entry"]["version"] += 1
        bad.write_text(json.dumps(inclusion))
        assert cli_main(["audit", "check-proof", str(good), "--key", key]) == 0
        assert cli_main(["audit", "check-proof", str(bad), "--key", key]) == 1
        (tmp_path / "c.json").write_text(json.dumps(consistency))
        assert cli_main(["audit", "check-proof", str(tmp_path / "c.json"), "--key", key]) == 0
        swapped = dict(consistency, first=consistency["second"], second=consistency["first"])
        (tmp_path / "s.json").write_text(json.dumps(swapped))
        assert cli_main(["audit", "check-proof", str(tmp_path / "s.json"), "--key", key]) == 1
