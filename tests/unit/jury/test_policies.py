# ruff: noqa: E501 - the rule tables read best one row a line
"""The auto-jury's rules as tables: §3.4 (one row per strategy and outcome) and §6.1.

Messages are written out verbatim from the spec, not taken from the module under test.
"""

from __future__ import annotations

import pytest

from jury.policies import (
    RESOLVED_WITH_EFFECT,
    RESOLVED_WITHOUT_EFFECT,
    UNRESOLVED,
    AnsweredQuestion,
    Outcome,
    resolve_issue_report,
    v2_outcome,
    v3_outcome,
)

NEUTRALISED = "Cette question a été neutralisée automatiquement"
CORRECT = "Cette question n'a pas été neutralisée car la réponse est correcte"
NO_QUESTION_3 = "Aucune question ne correspond au numéro 3"
NO_IMAGE = (
    "Cette question n'a pas été neutralisée car elle ne contient ni image ni application/simulateur"
)
NO_FILE = "Cette question n'a pas été neutralisée car elle ne contient pas de fichier à télécharger"
NOT_TIMED = "Cette question n'a pas été neutralisée car elle n'est pas chronométrée"
NOT_FOCUS = "Cette question n'a pas été neutralisée car ce n'est pas une question focus"
ACCEPTED = "Cette réponse a été acceptée automatiquement"
FOCUS_KEPT = (
    "Cette question n'a pas été neutralisée car la réponse n'a pas été abandonnée ou le focus "
    "n'a pas été perdu"
)


def q(status: str, **features: bool) -> AnsweredQuestion:
    return AnsweredQuestion(challenge_id="recQ2", status=status, **features)


# (subcategory, second answer, outcome, message, effect)
TABLE = [
    # neutralise without checking: E4, E5, E9, E11, E12
    ("WEBSITE_UNAVAILABLE", q("ko"), RESOLVED_WITH_EFFECT, NEUTRALISED, "neutralise"),
    ("WEBSITE_BLOCKED", q("aband"), RESOLVED_WITH_EFFECT, NEUTRALISED, "neutralise"),
    ("SOFTWARE_NOT_WORKING", q("ok"), RESOLVED_WITHOUT_EFFECT, CORRECT, None),
    ("SKIP_ON_OOPS", q("timedout"), RESOLVED_WITHOUT_EFFECT, CORRECT, None),
    ("ACCESSIBILITY_ISSUE", q("ko"), RESOLVED_WITH_EFFECT, NEUTRALISED, "neutralise"),
    # neutralise if image or embed: E1, E2
    ("IMAGE_NOT_DISPLAYING", q("ko"), RESOLVED_WITHOUT_EFFECT, NO_IMAGE, None),
    ("IMAGE_NOT_DISPLAYING", q("ko", has_image=True), RESOLVED_WITH_EFFECT, NEUTRALISED, "neutralise"),
    ("EMBED_NOT_WORKING", q("aband", has_embed=True), RESOLVED_WITH_EFFECT, NEUTRALISED, "neutralise"),
    ("EMBED_NOT_WORKING", q("ok", has_embed=True), RESOLVED_WITHOUT_EFFECT, CORRECT, None),
    # neutralise if attachment: E3
    ("FILE_NOT_OPENING", q("ko", has_image=True), RESOLVED_WITHOUT_EFFECT, NO_FILE, None),
    ("FILE_NOT_OPENING", q("ko", has_attachment=True), RESOLVED_WITH_EFFECT, NEUTRALISED, "neutralise"),
    ("FILE_NOT_OPENING", q("ok", has_attachment=True), RESOLVED_WITHOUT_EFFECT, CORRECT, None),
    # neutralise if timed: E8
    ("EXTRA_TIME_EXCEEDED", q("ko"), RESOLVED_WITHOUT_EFFECT, NOT_TIMED, None),
    ("EXTRA_TIME_EXCEEDED", q("aband", timed=True), RESOLVED_WITH_EFFECT, NEUTRALISED, "neutralise"),
    ("EXTRA_TIME_EXCEEDED", q("timedout", timed=True), RESOLVED_WITHOUT_EFFECT, CORRECT, None),
    # validate or neutralise if focused: E10
    ("UNINTENTIONAL_FOCUS_OUT", q("focusedOut"), RESOLVED_WITHOUT_EFFECT, NOT_FOCUS, None),
    ("UNINTENTIONAL_FOCUS_OUT", q("focusedOut", focused=True), RESOLVED_WITH_EFFECT, ACCEPTED, "accept_answer"),
    ("UNINTENTIONAL_FOCUS_OUT", q("aband", focused=True), RESOLVED_WITH_EFFECT, NEUTRALISED, "neutralise"),
    ("UNINTENTIONAL_FOCUS_OUT", q("ko", focused=True), RESOLVED_WITHOUT_EFFECT, FOCUS_KEPT, None),
    ("UNINTENTIONAL_FOCUS_OUT", q("ok", focused=True), RESOLVED_WITHOUT_EFFECT, FOCUS_KEPT, None),
]  # fmt: skip


@pytest.mark.parametrize(("subcategory", "second", "outcome", "message", "effect"), TABLE)
def test_auto_resolution_of_question_two(
    subcategory: str, second: AnsweredQuestion, outcome: str, message: str, effect: str | None
) -> None:
    answers = (q("ok"), second)
    resolution = resolve_issue_report("IN_CHALLENGE", subcategory, 2, answers)
    assert (resolution.outcome, resolution.message, resolution.effect) == (outcome, message, effect)
    if effect is not None:
        assert resolution.challenge_id == "recQ2"


@pytest.mark.parametrize(
    "subcategory",
    ["IMAGE_NOT_DISPLAYING", "FILE_NOT_OPENING", "EXTRA_TIME_EXCEEDED", "UNINTENTIONAL_FOCUS_OUT",
     "WEBSITE_UNAVAILABLE"],
)  # fmt: skip
def test_a_question_number_past_the_answers_is_resolved_without_effect(subcategory: str) -> None:
    resolution = resolve_issue_report("IN_CHALLENGE", subcategory, 3, (q("ko"), q("ko")))
    assert (resolution.outcome, resolution.message) == (RESOLVED_WITHOUT_EFFECT, NO_QUESTION_3)


@pytest.mark.parametrize(
    ("category", "subcategory"),
    [("IN_CHALLENGE", "LINK_NOT_WORKING"), ("IN_CHALLENGE", "OTHER"), ("FRAUD", None),
     ("CANDIDATE_INFORMATIONS_CHANGES", "NAME_OR_BIRTHDATE"), ("NON_BLOCKING_TECHNICAL_ISSUE", None)],
)  # fmt: skip
def test_reports_without_a_strategy_stay_for_the_jury(
    category: str, subcategory: str | None
) -> None:
    resolution = resolve_issue_report(category, subcategory, 1, (q("ko"),))
    assert (resolution.outcome, resolution.message, resolution.effect) == (UNRESOLVED, None, None)


V3 = [
    # cancelled, fraud, answers, abort, pix, status -> outcome
    ((True, True, 32, None, 500, "validated"), Outcome("cancelled_by_jury", "cancelled_by_jury", "CANCELLED_BY_JURY")),
    ((False, True, 32, None, 500, "validated"), Outcome("fraud", "rejected", "FRAUD")),
    ((False, False, 19, "technical", None, None), Outcome("lack_of_answers_technical", "cancelled", "CANCELLED_DUE_TO_LACK_OF_ANSWERS_FOR_TECHNICAL_REASON")),
    ((False, False, 19, "candidate", None, None), Outcome("lack_of_answers", "rejected", "REJECTED_DUE_TO_LACK_OF_ANSWERS")),
    ((False, False, 20, "technical", 0, "rejected"), Outcome("zero_pix_score", "rejected", "REJECTED_DUE_TO_ZERO_PIX_SCORE")),
    ((False, False, 32, None, 412, "validated"), Outcome("score", "validated", None)),
]  # fmt: skip


@pytest.mark.parametrize(("facts", "expected"), V3)
def test_v3_outcome_rules_in_the_spec_order(facts: tuple[object, ...], expected: Outcome) -> None:
    cancelled, fraud, answers, abort, pix, status = facts
    assert v3_outcome(
        cancelled=bool(cancelled), rejected_for_fraud=bool(fraud), answers=int(str(answers)),
        abort_reason=abort, pix_score=pix, score_status=status,  # type: ignore[arg-type]
    ) == expected  # fmt: skip


V2 = [
    # cancelled, fraud, challenges, neutralised, abort, rate, pix -> outcome
    ((True, True, 45, 0, None, 90, 300), Outcome("cancelled_by_jury", "cancelled", None)),
    ((False, True, 45, 0, None, 90, 300), Outcome("fraud", "rejected", "FRAUD")),
    ((False, False, 45, 16, None, 90, 300), Outcome("too_many_neutralised", "cancelled", "CANCELLED_DUE_TO_NEUTRALIZATION")),
    ((False, False, 45, 15, "technical", 49, 100), Outcome("lack_of_answers_technical", "cancelled", "CANCELLED_DUE_TO_LACK_OF_ANSWERS_FOR_TECHNICAL_REASON")),
    ((False, False, 45, 0, "candidate", 49, 100), Outcome("insufficient_correct_answers", "rejected", "REJECTED_DUE_TO_INSUFFICIENT_CORRECT_ANSWERS")),
    ((False, False, 45, 0, None, 50, 250), Outcome("validated", "validated", None)),
    ((False, False, 45, 0, None, 80, 0), Outcome("zero_pix_score", "rejected", None)),
]  # fmt: skip


@pytest.mark.parametrize(("facts", "expected"), V2)
def test_v2_outcome_rules_in_the_spec_order(facts: tuple[object, ...], expected: Outcome) -> None:
    cancelled, fraud, challenges, neutralised, abort, rate, pix = facts
    assert v2_outcome(
        cancelled=bool(cancelled), rejected_for_fraud=bool(fraud), challenges=int(str(challenges)),
        neutralised=int(str(neutralised)), abort_reason=abort, reproducibility_rate=rate,  # type: ignore[arg-type]
        pix_score=pix,  # type: ignore[arg-type]
    ) == expected  # fmt: skip
