"""Load and validate released framework files (``data/<id>-v<N>.json``).

A released file is never edited: a change means a new file with the next version number, and
events record the ``<id>-v<N>`` key they were produced under.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from domain.errors import FrameworkDataError, FrameworkNotFoundError
from domain.framework.model import MAX_LEVEL, PIX_PER_LEVEL, Area, Competence, Framework, Level

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_FRAMEWORK_ID = "pix"
DEFAULT_FRAMEWORK_VERSION = 1
T = TypeVar("T")
_FILE_NAME = re.compile(r"^(?P<id>[a-z0-9_]+)-v(?P<version>\d+)\.json$")


def available_versions() -> list[tuple[str, int]]:
    """Every ``(framework id, version)`` shipped with the product, sorted."""
    found = []
    for path in DATA_DIR.glob("*.json"):
        m = _FILE_NAME.match(path.name)
        if m:
            found.append((m["id"], int(m["version"])))
    return sorted(found)


@lru_cache(maxsize=32)
def load_framework(
    framework_id: str = DEFAULT_FRAMEWORK_ID,
    version: int = DEFAULT_FRAMEWORK_VERSION,
    max_reachable_level: int = 7,
) -> Framework:
    """Load a shipped framework version with the given highest reachable level (1 to 8)."""
    path = DATA_DIR / f"{framework_id}-v{version}.json"
    if not path.is_file():
        raise FrameworkNotFoundError(
            f"no framework file {path.name} (known: {available_versions()})"
        )
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise FrameworkDataError(f"{path.name}: not valid JSON ({e})") from None
    framework = parse_framework(raw, source=path.name, max_reachable_level=max_reachable_level)
    if (framework.id, framework.version) != (framework_id, version):
        raise FrameworkDataError(
            f"{path.name}: declares {framework.key}, the file name says {framework_id}-v{version}"
        )
    return framework


def parse_framework(raw: Any, *, source: str, max_reachable_level: int) -> Framework:
    """Validate a decoded framework document; errors name ``source`` and the faulty entry."""
    if not 1 <= max_reachable_level <= MAX_LEVEL:
        raise FrameworkDataError(
            f"max reachable level must be 1 to {MAX_LEVEL}, got {max_reachable_level}"
        )
    doc = _mapping(raw, source, "document")
    levels = tuple(
        _level(x, f"{source}: levels[{i}]") for i, x in enumerate(_list(doc, "levels", source))
    )
    if [lv.level for lv in levels] != list(range(1, MAX_LEVEL + 1)):
        raise FrameworkDataError(f"{source}: levels must be exactly 1 to {MAX_LEVEL}, in order")
    areas = tuple(
        _area(x, f"{source}: areas[{i}]") for i, x in enumerate(_list(doc, "areas", source))
    )
    codes = [c.code for a in areas for c in a.competences]
    dupes = sorted({c for c in codes if codes.count(c) > 1})
    if dupes:
        raise FrameworkDataError(f"{source}: duplicate competence codes {dupes}")
    pix_per_level = _field(doc, "pix_per_level", int, source)
    if pix_per_level != PIX_PER_LEVEL:
        raise FrameworkDataError(
            f"{source}: pix_per_level must be {PIX_PER_LEVEL}, got {pix_per_level}"
        )
    return Framework(
        id=_field(doc, "id", str, source),
        version=_field(doc, "version", int, source),
        pix_per_level=pix_per_level,
        levels=levels,
        areas=areas,
        max_reachable_level=max_reachable_level,
    )


def _area(raw: Any, where: str) -> Area:
    doc = _mapping(raw, where, "area")
    code = _field(doc, "code", str, where)
    en, fr = _titles(doc, "title", where)
    competences = []
    for i, x in enumerate(_list(doc, "competences", where)):
        cwhere = f"{where}.competences[{i}]"
        cdoc = _mapping(x, cwhere, "competence")
        ccode = _field(cdoc, "code", str, cwhere)
        if not re.fullmatch(rf"{re.escape(code)}\.\d+", ccode):
            raise FrameworkDataError(f"{cwhere}: code {ccode!r} must be '{code}.<n>' (area {code})")
        cen, cfr = _titles(cdoc, "title", cwhere)
        competences.append(Competence(code=ccode, area_code=code, title_en=cen, title_fr=cfr))
    return Area(code=code, title_en=en, title_fr=fr, competences=tuple(competences))


def _level(raw: Any, where: str) -> Level:
    doc = _mapping(raw, where, "level")
    en, fr = _titles(doc, "label", where)
    return Level(level=_field(doc, "level", int, where), label_en=en, label_fr=fr)


def _titles(doc: dict[str, Any], key: str, where: str) -> tuple[str, str]:
    titles = _mapping(doc.get(key), f"{where}.{key}", "title map")
    return _field(titles, "en", str, f"{where}.{key}"), _field(titles, "fr", str, f"{where}.{key}")


def _mapping(raw: Any, where: str, what: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise FrameworkDataError(f"{where}: expected a {what} object")
    return raw


def _list(doc: dict[str, Any], key: str, where: str) -> list[Any]:
    value = doc.get(key)
    if not isinstance(value, list) or not value:
        raise FrameworkDataError(f"{where}: {key!r} must be a non-empty list")
    return value


def _field(doc: dict[str, Any], key: str, kind: type[T], where: str) -> T:
    value = doc.get(key)
    if not isinstance(value, kind) or isinstance(value, bool) or value == "":
        raise FrameworkDataError(f"{where}: {key!r} must be a non-empty {kind.__name__}")
    return value
