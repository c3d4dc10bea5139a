"""Parse and validate an item bank file; every faulty entry is reported, nothing half-loaded.

The format is documented in ``docs/bank-format.md``. Validation gathers all problems before
raising one ``BankDataError``, so ``certledger check-bank`` can list them all at once.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from domain.bank.model import (
    ACCESSIBILITY_FLAGS,
    CHALLENGE_STATUSES,
    CHALLENGE_TYPES,
    TREATMENTS,
    TUTORIAL_KINDS,
    Calibration,
    Challenge,
    ItemBank,
    Skill,
    Solution,
    Tube,
    Tutorial,
)
from domain.bank.pix_values import skill_pix_values
from domain.errors import BankDataError
from domain.framework import Framework

SolutionCheck = Callable[[Challenge], str | None]
"""Returns None when a challenge's own solution passes its checker, else the reason."""


def load_bank(path: Path, framework: Framework, check_solution: SolutionCheck) -> ItemBank:
    """Read, validate and build the bank at ``path`` against ``framework``."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise BankDataError(
            f"{path}: cannot read ({e.strerror})", (f"{path}: unreadable",)
        ) from None
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise BankDataError(f"{path.name}: not valid UTF-8 JSON ({e})", (str(e),)) from None
    return parse_bank(raw, framework, check_solution, source=path.name, sha256=_sha256(data))


def parse_bank(
    raw: Any,
    framework: Framework,
    check_solution: SolutionCheck,
    *,
    source: str,
    sha256: str,
) -> ItemBank:
    """Validate a decoded bank document; raise ``BankDataError`` listing every faulty entry."""
    p = _Problems()
    if not isinstance(raw, dict):
        raise BankDataError(f"{source}: the document must be a JSON object", ("document",))
    bank_id = p.field(raw, "id", str, "bank")
    version = p.field(raw, "version", int, "bank")
    declared = p.field(raw, "framework", str, "bank")
    if declared is not None and declared != framework.key:
        p.add(f"bank: built for framework {declared}, loading against {framework.key}")
    known = {c.code for c in framework.competences}
    tubes: list[Tube] = []
    skills: list[dict[str, Any]] = []
    challenges: list[Challenge] = []
    for ci, comp in enumerate(_items(raw, "competences", "bank", p)):
        code = p.field(comp, "code", str, f"competences[{ci}]")
        if code is not None and code not in known:
            p.add(f"competences[{ci}]: competence {code!r} is not in framework {framework.key}")
            continue
        if code is None:
            continue
        for ti, tube_raw in enumerate(_items(comp, "tubes", f"competence {code}", p)):
            tube = _tube(tube_raw, code, f"competence {code} tubes[{ti}]", p, skills, challenges)
            if tube is not None:
                tubes.append(tube)
    _check_unique_ids(tubes, skills, challenges, p)
    for c in challenges:
        reason = check_solution(c)
        if reason is not None:
            p.add(
                f"challenge {c.id}: its own solution is rejected by the {c.type} checker ({reason})"
            )
    if p.problems:
        raise BankDataError(
            f"{source}: {len(p.problems)} problem(s) in the bank", tuple(p.problems)
        )
    assert bank_id is not None
    assert version is not None
    assert declared is not None
    values = skill_pix_values(
        [(s["id"], s["competence_code"], s["difficulty"]) for s in skills],
        {c.skill_id for c in challenges if c.is_servable},
    )
    return ItemBank(
        id=bank_id,
        version=version,
        framework_key=declared,
        sha256=sha256,
        tubes=tuple(tubes),
        skills=tuple(Skill(**s, pix_value=values[s["id"]]) for s in skills),
        challenges=tuple(challenges),
    )


class _Problems:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, message: str) -> None:
        self.problems.append(message)

    def field(self, doc: Any, key: str, kind: type, where: str, *, optional: bool = False) -> Any:
        if not isinstance(doc, dict):
            self.add(f"{where}: expected an object")
            return None
        value = doc.get(key)
        if value is None and optional:
            return None
        ok = (isinstance(value, kind) and not isinstance(value, bool)) or (
            kind is bool and isinstance(value, bool)
        )
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value, ok = float(value), True
        if not ok or value == "":
            self.add(
                f"{where}: {key!r} must be a {'non-empty ' if kind is str else ''}{kind.__name__}"
            )
            return None
        return value


def _items(doc: Any, key: str, where: str, p: _Problems) -> list[Any]:
    value = doc.get(key) if isinstance(doc, dict) else None
    if not isinstance(value, list) or not value:
        p.add(f"{where}: {key!r} must be a non-empty list")
        return []
    return value


def _tube(
    raw: Any,
    code: str,
    where: str,
    p: _Problems,
    skills: list[dict[str, Any]],
    challenges: list[Challenge],
) -> Tube | None:
    tube_id = p.field(raw, "id", str, where)
    name = p.field(raw, "name", str, where)
    title = p.field(raw, "title", str, where)
    where = f"tube {tube_id or where}"
    skill_ids = []
    for si, skill_raw in enumerate(_items(raw, "skills", where, p)):
        swhere = f"{where} skills[{si}]"
        skill_id = p.field(skill_raw, "id", str, swhere)
        skill_name = p.field(skill_raw, "name", str, swhere)
        difficulty = p.field(skill_raw, "difficulty", int, swhere)
        swhere = f"skill {skill_id or swhere}"
        if difficulty is not None and not 1 <= difficulty <= 8:
            p.add(f"{swhere}: difficulty {difficulty} is outside 1..8")
        elif skill_name and name and skill_name != f"{name}{difficulty}":
            p.add(f"{swhere}: name {skill_name!r} must be the tube name plus the difficulty")
        raw_tutorials = skill_raw.get("tutorials", []) if isinstance(skill_raw, dict) else []
        parsed = [_tutorial(t, f"{swhere} tutorials[{i}]", p) for i, t in enumerate(raw_tutorials)]
        tutorials = tuple(t for t in parsed if t is not None)
        for ci, ch_raw in enumerate(_items(skill_raw, "challenges", swhere, p)):
            ch = _challenge(ch_raw, f"{swhere} challenges[{ci}]", p, skill_id, tube_id, code)
            if ch is not None:
                challenges.append(ch)
        if skill_id and skill_name and difficulty is not None:
            skill_ids.append(skill_id)
            skills.append(
                {
                    "id": skill_id,
                    "name": skill_name,
                    "difficulty": difficulty,
                    "tube_id": tube_id or "",
                    "competence_code": code,
                    "tutorials": tutorials,
                }
            )
    if tube_id and name and title:
        return Tube(
            id=tube_id, name=name, title=title, competence_code=code, skill_ids=tuple(skill_ids)
        )
    return None


def _tutorial(raw: Any, where: str, p: _Problems) -> Tutorial | None:
    values = [p.field(raw, k, str, where) for k in ("id", "title", "url", "kind")]
    if values[3] is not None and values[3] not in TUTORIAL_KINDS:
        p.add(f"{where}: kind {values[3]!r} is not one of {list(TUTORIAL_KINDS)}")
        return None
    if any(v is None for v in values):
        return None
    return Tutorial(*values)


def _challenge(
    raw: Any, where: str, p: _Problems, skill_id: str | None, tube_id: str | None, code: str
) -> Challenge | None:
    cid = p.field(raw, "id", str, where)
    where = f"challenge {cid}" if cid else where
    before = len(p.problems)
    ctype = p.field(raw, "type", str, where)
    if ctype is not None and ctype not in CHALLENGE_TYPES:
        p.add(f"{where}: type {ctype!r} is not one of {list(CHALLENGE_TYPES)}")
    status = p.field(raw, "status", str, where)
    if status is not None and status not in CHALLENGE_STATUSES:
        p.add(f"{where}: status {status!r} is not one of {list(CHALLENGE_STATUSES)}")
    timer = p.field(raw, "timer", int, where, optional=True)
    if timer is not None and timer <= 0:
        p.add(f"{where}: timer must be a positive number of seconds, got {timer}")
    locales = raw.get("locales") if isinstance(raw, dict) else None
    if not isinstance(locales, list) or not locales or not all(isinstance(x, str) for x in locales):
        p.add(f"{where}: 'locales' must be a non-empty list of strings")
    access = raw.get("accessibility", []) if isinstance(raw, dict) else []
    if not isinstance(access, list) or not set(access) <= set(ACCESSIBILITY_FLAGS):
        p.add(f"{where}: accessibility flags must be among {list(ACCESSIBILITY_FLAGS)}")
    calibration = _calibration(raw.get("calibration") if isinstance(raw, dict) else None, where, p)
    solution = _solution(raw.get("solution") if isinstance(raw, dict) else None, where, p)
    texts = [p.field(raw, k, str, where) for k in ("instruction", "proposals")]
    flags = [
        bool(raw.get(k, False)) if isinstance(raw, dict) else False
        for k in ("focused", "has_attachment", "has_image", "has_embed")
    ]
    if len(p.problems) > before or cid is None or not skill_id or not tube_id:
        return None
    assert ctype
    assert status
    assert calibration
    assert solution
    assert texts[0]
    assert texts[1] is not None
    return Challenge(
        id=cid,
        type=ctype,
        instruction=texts[0],
        proposals=texts[1],
        solution=solution,
        timer=timer,
        focused=flags[0],
        has_attachment=flags[1],
        has_image=flags[2],
        has_embed=flags[3],
        accessibility=frozenset(access),
        locales=tuple(locales or ()),
        status=status,
        calibration=calibration,
        skill_id=skill_id,
        tube_id=tube_id,
        competence_code=code,
    )


def _calibration(raw: Any, where: str, p: _Problems) -> Calibration | None:
    if raw is None:
        p.add(f"{where}: no IRT calibration (discriminant, difficulty)")
        return None
    a = p.field(raw, "discriminant", float, f"{where} calibration")
    b = p.field(raw, "difficulty", float, f"{where} calibration")
    if a is None or b is None:
        return None
    if not (math.isfinite(a) and math.isfinite(b)):
        p.add(f"{where}: calibration values must be finite numbers")
        return None
    return Calibration(discriminant=a, difficulty=b)


def _solution(raw: Any, where: str, p: _Problems) -> Solution | None:
    value = p.field(raw, "value", str, f"{where} solution")
    if value is None:
        return None
    off = raw.get("deactivations", [])
    blocks = raw.get("select_blocks", [])
    fmt = raw.get("format")
    if not isinstance(off, list) or not set(off) <= set(TREATMENTS):
        p.add(f"{where}: solution deactivations must be among {list(TREATMENTS)}")
        return None
    if not isinstance(blocks, list) or not all(isinstance(b, str) for b in blocks):
        p.add(f"{where}: solution select_blocks must be a list of block names")
        return None
    if fmt is not None and not isinstance(fmt, str):
        p.add(f"{where}: solution format must be a string")
        return None
    return Solution(
        value=value, deactivations=frozenset(off), format=fmt, select_blocks=frozenset(blocks)
    )


def _check_unique_ids(
    tubes: list[Tube], skills: list[dict[str, Any]], challenges: list[Challenge], p: _Problems
) -> None:
    ids = Counter(
        [t.id for t in tubes]
        + [s["id"] for s in skills]
        + [c.id for c in challenges]
        + [t.id for s in skills for t in s["tutorials"]]
    )
    for dup, n in sorted(ids.items()):
        if n > 1:
            p.add(f"id {dup!r} is used {n} times (ids must be unique across the bank)")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
