from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from domain.errors import FrameworkDataError, FrameworkNotFoundError
from domain.framework import available_versions, load_framework, parse_framework
from domain.framework.loader import DATA_DIR


def raw() -> dict[str, Any]:
    return json.loads((DATA_DIR / "pix-v1.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_shipped_framework_has_5_areas_16_competences_and_8_levels() -> None:
    f = load_framework()
    assert f.key == "pix-v1"
    assert [a.code for a in f.areas] == ["1", "2", "3", "4", "5"]
    assert [len(a.competences) for a in f.areas] == [3, 4, 4, 3, 2]
    assert [c.code for c in f.competences][:4] == ["1.1", "1.2", "1.3", "2.1"]
    assert f.competence("3.4").title_en == "Programming"
    assert f.competence("1.1").title_fr == "Mener une recherche et une veille d'information"
    assert [lv.label_en for lv in f.levels][2:4] == ["Independent 1", "Independent 2"]


def test_pix_ceiling_follows_the_reachable_level_setting() -> None:
    assert load_framework(max_reachable_level=7).max_pix == 7 * 8 * 16
    assert load_framework(max_reachable_level=8).max_pix == 1024
    assert load_framework(max_reachable_level=5).max_pix_per_competence == 40


def test_reachable_level_outside_1_to_8_is_refused() -> None:
    with pytest.raises(FrameworkDataError, match="max reachable level"):
        load_framework(max_reachable_level=9)


def test_unknown_version_is_not_found() -> None:
    assert ("pix", 1) in available_versions()
    with pytest.raises(FrameworkNotFoundError):
        load_framework("pix", 99)


def test_duplicate_competence_codes_are_named() -> None:
    doc = raw()
    doc["areas"][0]["competences"][1]["code"] = "1.1"
    with pytest.raises(FrameworkDataError, match=r"x\.json: duplicate competence codes \['1\.1'\]"):
        parse_framework(doc, source="x.json", max_reachable_level=7)


def test_competence_outside_its_area_names_the_entry() -> None:
    doc = raw()
    doc["areas"][1]["competences"][0]["code"] = "3.9"
    with pytest.raises(
        FrameworkDataError, match=r"x\.json: areas\[1\]\.competences\[0\]: code '3\.9'"
    ):
        parse_framework(doc, source="x.json", max_reachable_level=7)


def test_missing_title_and_wrong_levels_are_refused() -> None:
    doc = raw()
    del doc["areas"][4]["competences"][1]["title"]["fr"]
    with pytest.raises(FrameworkDataError, match=r"areas\[4\]\.competences\[1\]\.title: 'fr'"):
        parse_framework(doc, source="x.json", max_reachable_level=7)
    doc = copy.deepcopy(raw())
    doc["levels"] = doc["levels"][:7]
    with pytest.raises(FrameworkDataError, match="levels must be exactly 1 to 8"):
        parse_framework(doc, source="x.json", max_reachable_level=7)
