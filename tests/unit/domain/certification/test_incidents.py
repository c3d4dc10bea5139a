from __future__ import annotations

import pytest

from domain.certification.incidents import CATEGORIES, SUBCATEGORIES, validate_issue_report
from domain.errors import (
    DeprecatedIssueReportCategoryError,
    DeprecatedIssueReportSubcategoryError,
    IssueReportInvalidError,
)


def test_catalogue_has_exactly_the_spec_categories_and_codes() -> None:
    assert {n: c.code for n, c in CATEGORIES.items()} == {
        "CANDIDATE_INFORMATIONS_CHANGES": "C1-C2",
        "SIGNATURE_ISSUE": "C4",
        "FRAUD": "C6",
        "NON_BLOCKING_TECHNICAL_ISSUE": "C7",
        "NON_BLOCKING_CANDIDATE_ISSUE": "C8",
        "IN_CHALLENGE": "E1-E12",
    }
    assert [s.code for s in SUBCATEGORIES.values()] == [
        "E1", "E2", "E3", "E4", "E5", "E8", "E9", "E10", "E11", "E12", "C1", "C2",
    ]  # fmt: skip


def test_in_challenge_needs_a_subcategory_and_a_question_number_from_1_to_500() -> None:
    report = validate_issue_report("IN_CHALLENGE", "IMAGE_NOT_DISPLAYING", question_number=12)
    assert (report.subcategory, report.question_number, report.is_impactful) == (
        "IMAGE_NOT_DISPLAYING",
        12,
        True,
    )
    for bad in (None, 0, 501):
        with pytest.raises(IssueReportInvalidError, match="question_number"):
            validate_issue_report("IN_CHALLENGE", "IMAGE_NOT_DISPLAYING", question_number=bad)
    with pytest.raises(IssueReportInvalidError, match="subcategory"):
        validate_issue_report("IN_CHALLENGE", None, question_number=3)


def test_description_is_required_where_the_spec_says_and_blank_counts_as_missing() -> None:
    for category in (
        "SIGNATURE_ISSUE",
        "NON_BLOCKING_TECHNICAL_ISSUE",
        "NON_BLOCKING_CANDIDATE_ISSUE",
    ):
        with pytest.raises(IssueReportInvalidError, match="description"):
            validate_issue_report(category, description="   ")
    with pytest.raises(IssueReportInvalidError, match="description"):
        validate_issue_report("CANDIDATE_INFORMATIONS_CHANGES", "NAME_OR_BIRTHDATE")


def test_normalisation_drops_subcategory_and_question_number_where_they_do_not_apply() -> None:
    report = validate_issue_report(
        "NON_BLOCKING_TECHNICAL_ISSUE", "IMAGE_NOT_DISPLAYING", " coupure ", 4
    )
    assert (report.subcategory, report.description, report.question_number) == (
        None,
        "coupure",
        None,
    )
    assert not report.is_impactful


def test_fraud_needs_nothing_and_is_impactful() -> None:
    assert validate_issue_report("FRAUD").is_impactful


def test_candidate_information_changes_impact_only_for_name_or_birthdate() -> None:
    assert validate_issue_report(
        "CANDIDATE_INFORMATIONS_CHANGES", "NAME_OR_BIRTHDATE", "nom"
    ).is_impactful
    assert not validate_issue_report(
        "CANDIDATE_INFORMATIONS_CHANGES", "EXTRA_TIME_PERCENTAGE", "tiers"
    ).is_impactful


def test_deprecated_and_unknown_categories_are_refused_with_the_spec_messages() -> None:
    with pytest.raises(
        DeprecatedIssueReportCategoryError,
        match=r"La catégorie de signalement choisie est dépréciée\.",
    ):
        validate_issue_report("TECHNICAL_PROBLEM", description="x")
    for old in ("OTHER", "LATE_OR_LEAVING", "CONNECTION_OR_END_SCREEN"):
        with pytest.raises(IssueReportInvalidError, match=f"Unknown category : {old}"):
            validate_issue_report(old, description="x")
    for sub in ("LINK_NOT_WORKING", "OTHER"):
        with pytest.raises(
            DeprecatedIssueReportSubcategoryError, match="La sous-catégorie de signalement choisie"
        ):
            validate_issue_report("IN_CHALLENGE", sub, question_number=1)
