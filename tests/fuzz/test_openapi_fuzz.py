"""Property-based fuzzing of the whole HTTP API from its OpenAPI, with schemathesis.

Every operation gets generated requests (valid and invalid), each sent as one of five callers:
anonymous, a learner, centre staff, an invigilator and an administrator, on the in-memory
store. Each response must be no 5xx, a status the operation declares, and a body that matches
the declared schema. Bounded for CI: ``MAX_EXAMPLES`` per operation and a time budget; the
totals (requests, 5xx, violations) are printed at the end.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.failures import FailureGroup

from api.app import create_app
from api.auth import Principal
from api.settings import Settings
from domain.actors import Actor

MAX_EXAMPLES = 10
TIME_BUDGET_SECONDS = 240.0
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    content_type_conformance,
    response_headers_conformance,
]
ADMIN = Actor(id="fuzz-admin", role="SUPER_ADMIN")

CLOCK = {"started": 0.0}
"""When this module's first test began: the time budget counts from there, not from import."""
STATS: Counter[str] = Counter()
FAILURES: list[str] = []


SETTINGS = Settings(
    database_url="memory://",
    home=Path(f"/tmp/certledger-fuzz-{uuid4().hex[:8]}"),
    password_hash_log2_n=10,
    projection_poll_interval=0.5,
)
APP = create_app(SETTINGS)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)  # starts the app's lifespan
ROLES = ["anonymous", "learner", "centre staff", "invigilator", "administrator"]


@pytest.fixture(scope="module")
def callers() -> dict[str, dict[str, str]]:
    """Some data to act on, and one Authorization header per caller."""
    container = APP.state.container
    ledger = container.ledger
    now = datetime.now(UTC)
    learner = ledger.register_learner(
        email="fuzz.learner@example.org",
        password="fuzzing password",
        first_name="Ada",
        last_name="Lovelace",
        birthdate=datetime(2001, 12, 10).date(),
        registered_at=now,
        actor=ADMIN,
    )
    centre = ledger.register_centre(
        name="Fuzz centre", centre_type="PRO", external_id=None, at=now, actor=ADMIN
    )
    tokens = container.auth.tokens

    def header(role: str, user: UUID | None = None, **kw: Any) -> dict[str, str]:
        principal = Principal(user_id=user or uuid4(), role=role, **kw)
        return {"Authorization": f"Bearer {tokens.issue(principal).access_token}"}

    return {
        "anonymous": {},
        "learner": header("LEARNER", learner),
        "centre staff": header("CENTER_ADMIN", centre_ids=frozenset({centre})),
        "invigilator": header("INVIGILATOR", session_id=uuid4()),
        "administrator": header("SUPER_ADMIN"),
    }


@pytest.fixture(scope="module", autouse=True)
def figures() -> Iterator[None]:
    CLOCK["started"] = time.monotonic()
    yield
    print(
        f"\nschemathesis: {STATS['requests']} requests over {STATS['operations']} operations, "
        f"{STATS['5xx']} 5xx, {len(FAILURES)} violations, "
        f"{time.monotonic() - CLOCK['started']:.0f} s"
        + (f", {STATS['skipped']} examples left out (time budget)" if STATS["skipped"] else "")
    )
    for failure in FAILURES[:20]:
        print(f"  - {failure}")


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_within_its_contract(
    case: schemathesis.Case[Any], callers: dict[str, dict[str, str]]
) -> None:
    if time.monotonic() - CLOCK["started"] > TIME_BUDGET_SECONDS:
        STATS["skipped"] += 1
        pytest.skip("fuzzing time budget spent")  # CI stays bounded; the figures say so
    role = ROLES[STATS["requests"] % len(ROLES)]
    STATS["requests"] += 1
    STATS[f"operation:{case.operation.label}"] += 1
    STATS["operations"] = sum(1 for k in STATS if k.startswith("operation:"))
    response = case.call(headers=callers[role])
    if response.status_code >= 500:
        STATS["5xx"] += 1
    try:
        case.validate_response(response, checks=CHECKS)
    except (AssertionError, FailureGroup) as e:
        FAILURES.append(f"{case.operation.label} as {role}: {str(e).splitlines()[0]}")
        raise
