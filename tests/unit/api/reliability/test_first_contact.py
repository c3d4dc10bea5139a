"""Defect 11 of issue 14 (first contact): readable --help, documented incident names that the
API takes, errors that list the valid names, reconciliation that ignores apostrophes and
hyphens, and a quiet ``make install``."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from api.cli import _parser

ROOT = Path(__file__).resolve().parents[4]
MARKUP = re.compile(r"``|:(class|func|meth|mod):`|\*\*")


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                found += _parsers(child)
    return found


def test_every_help_page_is_plain_text() -> None:
    pages = [p.format_help() for p in _parsers(_parser())]
    assert len(pages) > 10
    for page in pages:
        assert not MARKUP.search(page), page


def test_make_install_asks_pip_for_errors_only() -> None:
    makefile = (ROOT / "Makefile").read_text()
    pip_lines = [line for line in makefile.splitlines() if "pip install" in line]
    assert pip_lines
    assert all(" -qq" in line or "--quiet --quiet" in line for line in pip_lines), pip_lines


@pytest.mark.parametrize("name", ["N'Diaye", "N\u2019Diaye", "N-Diaye", "n diaye"])
def test_names_match_whatever_apostrophes_hyphens_and_spaces(name: str) -> None:
    from domain.certification.candidates import normalize_name

    assert normalize_name(name) == normalize_name("ndiaye")


def test_the_documented_incident_names_are_the_ones_the_api_takes() -> None:
    from domain.certification.incidents import CATEGORIES, SUBCATEGORIES

    doc = (ROOT / "docs" / "certification.md").read_text()
    for name in [*CATEGORIES, *SUBCATEGORIES]:
        assert f"`{name}`" in doc, name


def test_an_unknown_category_or_subcategory_error_lists_the_valid_names() -> None:
    from domain.certification.incidents import validate_issue_report
    from domain.errors import IssueReportInvalidError

    with pytest.raises(IssueReportInvalidError) as unknown:
        validate_issue_report("C6")
    assert "FRAUD (C6)" in unknown.value.detail
    with pytest.raises(IssueReportInvalidError) as sub:
        validate_issue_report("IN_CHALLENGE", "E1", question_number=3)
    assert "IMAGE_NOT_DISPLAYING (E1)" in sub.value.detail
