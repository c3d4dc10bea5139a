"""Run the reference verifier (tests/node-verifier, Digital Bazaar's libraries) on a credential."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

NODE_VERIFIER = Path(__file__).resolve().parent / "node-verifier"
REQUIRED = bool(os.environ.get("CI"))


def require_node_verifier() -> None:
    """Skip (with the reason) when Node or the verifier's packages are missing, outside CI."""
    missing = None
    if shutil.which("node") is None:
        missing = "node is not installed"
    elif not (NODE_VERIFIER / "node_modules").is_dir():
        missing = f"run `npm ci` in {NODE_VERIFIER} (.ci/run does)"
    if missing:
        if REQUIRED:
            pytest.fail(f"reference verifier unavailable: {missing}")
        pytest.skip(f"reference verifier unavailable: {missing}")


def node_verify(
    tmp: Path,
    credential: dict[str, Any],
    did_documents: list[dict[str, Any]],
    status_lists: dict[str, dict[str, Any]],
    now: str | None = None,
) -> dict[str, Any]:
    """The verifier's verdict: ``verified``, ``statusVerified``, ``revoked``, ``error``."""
    path = tmp / f"input-{os.getpid()}-{id(credential)}.json"
    path.write_text(
        json.dumps(
            {
                "credential": credential,
                "didDocuments": did_documents,
                "statusLists": status_lists,
                "now": now,
            }
        ),
        encoding="utf-8",
    )
    done = subprocess.run(
        ["node", str(NODE_VERIFIER / "verify.js"), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    verdict: dict[str, Any] = json.loads(done.stdout)
    return verdict
