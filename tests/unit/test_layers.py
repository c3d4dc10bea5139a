"""Dependency direction between packages, between contexts inside domain/, and between routers.

api -> {domain, projections, jury}; projections -> {domain, jury}; jury -> domain (ADR 0800);
inside domain/, a context imports the kernel, the engines and the contexts it is allowed
(ADR 0801); engines import no context; no router imports another router.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = {
    "domain": {
        "api",
        "projections",
        "jury",
        "fastapi",
        "pydantic",
        "pydantic_settings",
        "psycopg",
        "starlette",
        "uvicorn",
    },
    "projections": {"api", "fastapi", "pydantic", "pydantic_settings"},
    "jury": {"api", "projections", "fastapi", "psycopg"},
}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_only_inward(package: str) -> None:
    offenders = {
        str(p.relative_to(ROOT)): sorted(imported_roots(p) & FORBIDDEN[package])
        for p in (ROOT / package).rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_only_settings_reads_the_environment() -> None:
    readers = [
        str(p.relative_to(ROOT))
        for pkg in ("domain", "projections", "jury", "api")
        for p in (ROOT / pkg).rglob("*.py")
        if "os.environ" in p.read_text(encoding="utf-8")
        or "getenv" in p.read_text(encoding="utf-8")
    ]
    assert readers == []


# -- between contexts inside domain/ (ADR 0801) -------------------------------------------------

ENGINES = frozenset({"scoring", "checking", "framework", "bank"})
"""Pure engines: they import other engines and the shared errors and ids, never a context."""
KERNEL = frozenset(
    {
        "actors",
        "aggregate_copies",
        "assessment",
        "content",
        "errors",
        "ids",
        "ledger_base",
        "live_aggregates",
        "ports",
        "stored_events",
        "text",
    }
)
"""Kernel modules (``domain/<name>.py``): import engines and each other, never a context."""
COMPOSITION = "application"
"""``domain/application.py`` lists every context's command groups: it may import them all."""
CONTEXTS: dict[str, frozenset[str]] = {
    "accounts": frozenset(),
    "positioning": frozenset(),
    # Certification reads positioning's types; its data arrives through the profiles port.
    "certification": frozenset({"positioning"}),
    # Campaigns share the code claims and CSV reading of certification (coming, issue 13).
    "campaigns": frozenset({"accounts", "positioning", "certification"}),
    "credentials": frozenset({"accounts", "positioning", "certification"}),
    # The audit replays certification courses (issue 12).
    "audit": frozenset({"certification", "positioning"}),
}
"""Each context and the other contexts it may import (beyond the kernel and the engines)."""
ENGINE_MAY_IMPORT = frozenset({"errors", "ids"})


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _domain_part(module: str) -> str | None:
    """The part of ``domain`` a dotted module belongs to (``certification``, ``errors``...)."""
    parts = module.split(".")
    if parts[0] != "domain":
        return None
    return parts[1] if len(parts) > 1 else ""


def _may_import(part: str, target: str) -> bool:
    if target in ("", part):
        return True
    if part in ENGINES:
        return target in ENGINES or target in ENGINE_MAY_IMPORT
    if part in KERNEL or part == "":
        return target in ENGINES or target in KERNEL
    if part == COMPOSITION:
        return True
    return target in ENGINES or target in KERNEL or target in CONTEXTS[part]


def layer_violations(root: Path) -> dict[str, list[str]]:
    """Every file under ``root`` with the imports the layer rules forbid it."""
    found: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        top = relative.parts[0]
        if top not in ("domain", "jury", "api"):
            continue
        wrong: list[str] = []
        imports = _imported_modules(path)
        if top == "domain":
            part = relative.parts[1].removesuffix(".py") if len(relative.parts) > 1 else ""
            part = "" if part == "__init__" else part
            known = part in ENGINES | KERNEL | set(CONTEXTS) | {COMPOSITION, ""}
            if not known:
                wrong.append(f"domain/{part} is not classified in tests/unit/test_layers.py")
            else:
                wrong += [
                    m
                    for m in imports
                    if (t := _domain_part(m)) is not None and not _may_import(part, t)
                ]
        elif top == "jury":
            wrong += [m for m in imports if m.split(".")[0] in ("api", "projections")]
        elif relative.parts[:2] == ("api", "routes") and path.stem != "__init__":
            # One router per resource: shared builders live in api/presenters/.
            wrong += [m for m in imports if m.startswith("api.routes.") or m == "api.routes"]
        if wrong:
            found[str(relative)] = sorted(wrong)
    return found


def test_contexts_engines_kernel_jury_and_routers_import_only_what_they_may() -> None:
    assert layer_violations(ROOT) == {}


def test_the_layer_rules_catch_wrong_imports_in_a_fixture_tree(tmp_path: Path) -> None:
    files = {
        # allowed: certification reads positioning; a context uses the kernel and engines
        "domain/certification/ok.py": "from domain.positioning.certifiability import X\n"
        "from domain.ports import PersonalDataVault\nfrom domain.scoring import Y\n",
        "domain/positioning/ok.py": "import domain.bank\nfrom domain.ledger_base import Z\n",
        "jury/ok.py": "from domain.certification.course import CertificationCourse\n",
        "api/routes/ok.py": "from api.presenters.challenges import challenge_public\n",
        # forbidden, one per rule
        "domain/positioning/wrong.py": "from domain.certification.session import CodeClaim\n",
        "domain/accounts/wrong.py": "import domain.positioning.queries\n",
        "domain/scoring/wrong.py": "from domain.positioning import knowledge\n",
        "domain/bank/wrong.py": "from domain.ledger_base import LedgerBase\n",
        "domain/ledger_base.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
        "    from domain.accounts.personal_data import PersonalDataVault\n",
        "domain/newcontext/thing.py": "x = 1\n",
        "jury/wrong.py": "from projections.base import BatchView\n",
        "api/routes/courses.py": "from api.routes.bank import challenge_public\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert layer_violations(tmp_path) == {
        "domain/positioning/wrong.py": ["domain.certification.session"],
        "domain/accounts/wrong.py": ["domain.positioning.queries"],
        "domain/scoring/wrong.py": ["domain.positioning"],
        "domain/bank/wrong.py": ["domain.ledger_base"],
        "domain/ledger_base.py": ["domain.accounts.personal_data"],
        "domain/newcontext/thing.py": [
            "domain/newcontext is not classified in tests/unit/test_layers.py"
        ],
        "jury/wrong.py": ["projections.base"],
        "api/routes/courses.py": ["api.routes.bank"],
    }
