"""Incident ("issue report") categories and subcategories, and the validation of a report.

The catalogue is the spec's (lifecycle 3.2, 3.3): codes and labels as the centre sees them,
required fields, which ones are impactful (they need the jury's attention), and which are
deprecated (refused with the spec's messages, though old reports in them still exist).
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.errors import (
    DeprecatedIssueReportCategoryError,
    DeprecatedIssueReportSubcategoryError,
    IssueReportInvalidError,
)

MAX_QUESTION_NUMBER = 500


@dataclass(frozen=True, slots=True)
class Category:
    """A usable category: its code and label, and what a report in it must say."""

    name: str
    code: str
    label: str
    subcategories: tuple[str, ...] = ()
    needs_description: bool = False
    needs_question_number: bool = False


@dataclass(frozen=True, slots=True)
class Subcategory:
    """A subcategory with its code and label; ``impactful`` ones need the jury's attention."""

    name: str
    code: str
    label: str
    impactful: bool


IN_CHALLENGE_SUBCATEGORIES = (
    Subcategory("IMAGE_NOT_DISPLAYING", "E1", "L'image ne s'affiche pas", True),
    Subcategory("EMBED_NOT_WORKING", "E2", "Le simulateur/l'application ne s'affiche pas", True),
    Subcategory(
        "FILE_NOT_OPENING",
        "E3",
        "Le fichier à télécharger ne se télécharge pas ou ne s'ouvre pas",
        True,
    ),
    Subcategory(
        "WEBSITE_UNAVAILABLE",
        "E4",
        "Le site à visiter est indisponible/en maintenance/inaccessible",
        True,
    ),
    Subcategory(
        "WEBSITE_BLOCKED",
        "E5",
        "Le site est bloqué par les restrictions réseau de l'établissement "
        "(réseaux sociaux par ex.)",
        True,
    ),
    Subcategory(
        "EXTRA_TIME_EXCEEDED",
        "E8",
        "Le candidat bénéficie d'un temps majoré et n'a pas pu répondre à la question "
        "dans le temps imparti",
        True,
    ),
    Subcategory(
        "SOFTWARE_NOT_WORKING",
        "E9",
        "Le logiciel installé sur l'ordinateur n'a pas fonctionné",
        True,
    ),
    Subcategory(
        "UNINTENTIONAL_FOCUS_OUT",
        "E10",
        "Le candidat a été contraint de cliquer en dehors du cadre autorisé "
        "pour une question en mode focus",
        True,
    ),
    Subcategory(
        "SKIP_ON_OOPS",
        "E11",
        "Une page «Oups une erreur est survenue» ou tout autre problème technique "
        "lié à la plateforme a empêché le candidat de répondre à la question",
        True,
    ),
    Subcategory(
        "ACCESSIBILITY_ISSUE",
        "E12",
        "Problème avec l’accessibilité de la question (ex : daltonisme)",  # noqa: RUF001 (spec text)
        True,
    ),
)
CANDIDATE_INFORMATION_SUBCATEGORIES = (
    Subcategory("NAME_OR_BIRTHDATE", "C1", "Modification du prénom/nom/date de naissance", True),
    Subcategory("EXTRA_TIME_PERCENTAGE", "C2", "Ajout/modification du temps majoré", False),
)
SUBCATEGORIES = {
    s.name: s for s in IN_CHALLENGE_SUBCATEGORIES + CANDIDATE_INFORMATION_SUBCATEGORIES
}

CATEGORIES = {
    c.name: c
    for c in (
        Category(
            "CANDIDATE_INFORMATIONS_CHANGES",
            "C1-C2",
            "Modification infos candidat",
            subcategories=tuple(s.name for s in CANDIDATE_INFORMATION_SUBCATEGORIES),
            needs_description=True,
        ),
        Category(
            "SIGNATURE_ISSUE",
            "C4",
            "Était présent(e) mais a oublié de signer, ou a signé sur la mauvaise ligne",
            needs_description=True,
        ),
        Category("FRAUD", "C6", "Suspicion de fraude"),
        Category(
            "NON_BLOCKING_TECHNICAL_ISSUE",
            "C7",
            "Incident technique non bloquant",
            needs_description=True,
        ),
        Category(
            "NON_BLOCKING_CANDIDATE_ISSUE",
            "C8",
            "Incident lié au candidat non bloquant",
            needs_description=True,
        ),
        Category(
            "IN_CHALLENGE",
            "E1-E12",
            "Problème technique sur une question",
            subcategories=tuple(s.name for s in IN_CHALLENGE_SUBCATEGORIES),
            needs_question_number=True,
        ),
    )
}
IMPACTFUL_CATEGORIES = frozenset({"FRAUD", "TECHNICAL_PROBLEM", "OTHER"})
DEPRECATED_CATEGORIES = frozenset(
    {"TECHNICAL_PROBLEM", "OTHER", "LATE_OR_LEAVING", "CONNECTION_OR_END_SCREEN"}
)
DEPRECATED_SUBCATEGORIES = frozenset({"LINK_NOT_WORKING", "OTHER", "LEFT_EXAM_ROOM"})
DEPRECATED_CATEGORY_MESSAGE = "La catégorie de signalement choisie est dépréciée."
DEPRECATED_SUBCATEGORY_MESSAGE = "La sous-catégorie de signalement choisie est dépréciée."


@dataclass(frozen=True, slots=True)
class IssueReportContent:
    """A validated, normalised report: what the ledger records."""

    category: str
    subcategory: str | None
    description: str | None
    question_number: int | None

    @property
    def is_impactful(self) -> bool:
        """Impactful reports need the jury's attention before results are published."""
        sub = SUBCATEGORIES.get(self.subcategory or "")
        return self.category in IMPACTFUL_CATEGORIES or (sub is not None and sub.impactful)


def category_names() -> str:
    """The category names the API takes, each with the catalogue's code: FRAUD (C6), ..."""
    return ", ".join(f"{c.name} ({c.code})" for c in CATEGORIES.values())


def subcategory_names(category: Category) -> str:
    """The subcategory names of ``category``, each with its code: IMAGE_NOT_DISPLAYING (E1)..."""
    return ", ".join(f"{n} ({SUBCATEGORIES[n].code})" for n in category.subcategories)


def validate_issue_report(
    category: str,
    subcategory: str | None = None,
    description: str | None = None,
    question_number: int | None = None,
) -> IssueReportContent:
    """Check a report against its category's schema and normalise it (spec 3.1 to 3.3).

    Categories without subcategories drop any given one; categories other than IN_CHALLENGE
    drop any question number. Deprecated categories and subcategories are refused.
    """
    if category == "TECHNICAL_PROBLEM":
        raise DeprecatedIssueReportCategoryError(DEPRECATED_CATEGORY_MESSAGE)
    spec = CATEGORIES.get(category)
    if spec is None:
        raise IssueReportInvalidError(
            f"Unknown category : {category} (categories: {category_names()})"
        )
    if subcategory in DEPRECATED_SUBCATEGORIES:
        raise DeprecatedIssueReportSubcategoryError(DEPRECATED_SUBCATEGORY_MESSAGE)
    text = (description or "").strip() or None
    if spec.subcategories:
        if subcategory not in spec.subcategories:
            raise IssueReportInvalidError(
                f"{category}: subcategory must be one of {subcategory_names(spec)}"
            )
    else:
        subcategory = None
    if spec.needs_description and text is None:
        raise IssueReportInvalidError(f"{category}: a description is required")
    if spec.needs_question_number:
        if question_number is None or not 1 <= question_number <= MAX_QUESTION_NUMBER:
            raise IssueReportInvalidError(
                f"{category}: question_number must be an integer from 1 to {MAX_QUESTION_NUMBER}"
            )
    else:
        question_number = None
    return IssueReportContent(category, subcategory, text, question_number)
