"""Dependency direction: api -> {domain, projections, jury}; projections -> {domain, jury}."""

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
