from __future__ import annotations

from domain.positioning.certifiability import certifiability_of
from tests.unit.domain.positioning.vectors import NOW


def test_five_competences_at_level_one_make_a_profile_certifiable() -> None:
    result = certifiability_of({"1.1": 8, "1.2": 8, "1.3": 9.5, "2.1": 16, "2.2": 8, "2.3": 0}, NOW)
    assert result.is_certifiable
    assert result.competence_levels == {"1.1": 1, "1.2": 1, "1.3": 1, "2.1": 2, "2.2": 1, "2.3": 0}
    assert result.certifiable_competences == ["1.1", "1.2", "1.3", "2.1", "2.2"]
    assert result.pix_score == 49


def test_four_competences_at_level_one_are_not_enough() -> None:
    result = certifiability_of({"1.1": 8, "1.2": 8, "1.3": 8, "2.1": 8, "2.2": 7.9}, NOW)
    assert not result.is_certifiable


def test_placement_levels_and_pix_are_not_capped() -> None:
    result = certifiability_of({"1.1": 70}, NOW)
    assert (result.competence_levels["1.1"], result.pix_score) == (8, 70)
