"""The auto-jury's rules, pure: facts in, a decision out, each with the rule's name.

- ``resolve_issue_report``: the v2 auto-resolution of an incident report (lifecycle §3.4),
  with the spec's exact messages and its effect (neutralise the question, accept the answer).
- ``v3_outcome`` and ``v2_outcome``: which outcome rule of §6.1 gives a scored course its
  status and auto-jury comment, in the spec's order.

Nothing here reads a clock, a store or the bank: callers pass the facts and record what comes
back, with ``POLICY_VERSION``, so a replay never runs these again.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

POLICY_VERSION = "jury-policies/1"
"""Bumped whenever a rule or a message changes: recorded with every automatic decision."""

EMITTER_ALGO = "PIX-ALGO"
EMITTER_AUTO_JURY = "PIX-ALGO-AUTO-JURY"
EMITTER_JURY = "Jury Pix"
EMITTER_FRAUD = "PIX-ALGO-FRAUD-REJECTION"
EMITTER_NEUTRALIZATION = "PIX-ALGO-NEUTRALIZATION"

RESOLVED_WITH_EFFECT = "RESOLVED_WITH_EFFECT"
RESOLVED_WITHOUT_EFFECT = "RESOLVED_WITHOUT_EFFECT"
UNRESOLVED = "UNRESOLVED"

NEUTRALIZED = "Cette question a été neutralisée automatiquement"
NOT_NEUTRALIZED_CORRECT = "Cette question n'a pas été neutralisée car la réponse est correcte"
NO_IMAGE_OR_EMBED = (
    "Cette question n'a pas été neutralisée car elle ne contient ni image ni application/simulateur"
)
NO_ATTACHMENT = (
    "Cette question n'a pas été neutralisée car elle ne contient pas de fichier à télécharger"
)
NOT_TIMED = "Cette question n'a pas été neutralisée car elle n'est pas chronométrée"
NOT_FOCUSED = "Cette question n'a pas été neutralisée car ce n'est pas une question focus"
ANSWER_ACCEPTED = "Cette réponse a été acceptée automatiquement"
FOCUS_NOT_LOST = (
    "Cette question n'a pas été neutralisée car la réponse n'a pas été abandonnée ou le "
    "focus n'a pas été perdu"
)


def no_question_message(number: int) -> str:
    """«Aucune question ne correspond au numéro N»."""
    return f"Aucune question ne correspond au numéro {number}"


# Strategy of each IN_CHALLENGE subcategory (§3.3); others are left to the jury.
STRATEGIES = {
    "IMAGE_NOT_DISPLAYING": "image_or_embed",
    "EMBED_NOT_WORKING": "image_or_embed",
    "FILE_NOT_OPENING": "attachment",
    "WEBSITE_UNAVAILABLE": "always",
    "WEBSITE_BLOCKED": "always",
    "EXTRA_TIME_EXCEEDED": "timed",
    "SOFTWARE_NOT_WORKING": "always",
    "UNINTENTIONAL_FOCUS_OUT": "focus",
    "SKIP_ON_OOPS": "always",
    "ACCESSIBILITY_ISSUE": "always",
}


@dataclass(frozen=True, slots=True)
class AnsweredQuestion:
    """The N-th answer by answer date: its challenge, status and the challenge's features."""

    challenge_id: str
    status: str
    has_image: bool = False
    has_embed: bool = False
    has_attachment: bool = False
    timed: bool = False
    focused: bool = False


@dataclass(frozen=True, slots=True)
class Resolution:
    """What the auto-jury decided on one report.

    ``outcome`` is RESOLVED_WITH_EFFECT, RESOLVED_WITHOUT_EFFECT or UNRESOLVED (then
    ``message`` is None and nothing is recorded); ``effect`` is ``neutralise`` or
    ``accept_answer`` (on ``challenge_id``) or None; ``rule`` names the branch taken.
    """

    outcome: str
    message: str | None
    rule: str
    effect: str | None = None
    challenge_id: str | None = None


def resolve_issue_report(
    category: str,
    subcategory: str | None,
    question_number: int | None,
    answers: tuple[AnsweredQuestion, ...],
) -> Resolution:
    """The §3.4 auto-resolution of one report, given the course's answers in answer order."""
    strategy = STRATEGIES.get(subcategory or "") if category == "IN_CHALLENGE" else None
    if strategy is None or question_number is None:
        return Resolution(UNRESOLVED, None, "no_strategy")
    if not 1 <= question_number <= len(answers):
        return Resolution(
            RESOLVED_WITHOUT_EFFECT, no_question_message(question_number), "no_such_question"
        )
    answer = answers[question_number - 1]
    if strategy == "image_or_embed" and not (answer.has_image or answer.has_embed):
        return Resolution(RESOLVED_WITHOUT_EFFECT, NO_IMAGE_OR_EMBED, "no_image_or_embed")
    if strategy == "attachment" and not answer.has_attachment:
        return Resolution(RESOLVED_WITHOUT_EFFECT, NO_ATTACHMENT, "no_attachment")
    if strategy == "timed" and not answer.timed:
        return Resolution(RESOLVED_WITHOUT_EFFECT, NOT_TIMED, "not_timed")
    if strategy == "focus":
        if not answer.focused:
            return Resolution(RESOLVED_WITHOUT_EFFECT, NOT_FOCUSED, "not_focused")
        if answer.status == "focusedOut":
            return Resolution(
                RESOLVED_WITH_EFFECT,
                ANSWER_ACCEPTED,
                "focus_lost_accepted",
                "accept_answer",
                answer.challenge_id,
            )
        if answer.status != "aband":
            return Resolution(RESOLVED_WITHOUT_EFFECT, FOCUS_NOT_LOST, "focus_not_lost")
    return _neutralize_and_resolve(answer, strategy)


def _neutralize_and_resolve(answer: AnsweredQuestion, strategy: str) -> Resolution:
    if answer.status in ("ko", "aband"):
        return Resolution(
            RESOLVED_WITH_EFFECT,
            NEUTRALIZED,
            f"{strategy}_neutralised",
            "neutralise",
            answer.challenge_id,
        )
    return Resolution(RESOLVED_WITHOUT_EFFECT, NOT_NEUTRALIZED_CORRECT, f"{strategy}_correct")


@dataclass(frozen=True, slots=True)
class Outcome:
    """The outcome rule that applies: its name, the status and the auto-jury comment key."""

    rule: str
    status: str | None
    comment_key: str | None


V3_MINIMUM_ANSWERS = 20


def v3_outcome(
    *,
    cancelled: bool,
    rejected_for_fraud: bool,
    answers: int,
    abort_reason: str | None,
    pix_score: int | None,
    score_status: str | None,
    minimum_answers: int = V3_MINIMUM_ANSWERS,
) -> Outcome:
    """§6.1's v3 order: cancelled, fraud, too few answers, zero pix, else the score's status."""
    if cancelled:
        return Outcome("cancelled_by_jury", "cancelled_by_jury", "CANCELLED_BY_JURY")
    if rejected_for_fraud:
        return Outcome("fraud", "rejected", "FRAUD")
    if answers < minimum_answers:
        if abort_reason == "technical":
            return Outcome(
                "lack_of_answers_technical",
                "cancelled",
                "CANCELLED_DUE_TO_LACK_OF_ANSWERS_FOR_TECHNICAL_REASON",
            )
        return Outcome("lack_of_answers", "rejected", "REJECTED_DUE_TO_LACK_OF_ANSWERS")
    if pix_score == 0:
        return Outcome("zero_pix_score", "rejected", "REJECTED_DUE_TO_ZERO_PIX_SCORE")
    return Outcome("score", score_status, None)


def v2_outcome(
    *,
    cancelled: bool,
    rejected_for_fraud: bool,
    challenges: int,
    neutralised: int,
    abort_reason: str | None,
    reproducibility_rate: float | None,
    pix_score: int | None,
) -> Outcome:
    """§6.1's v2 order: cancelled, fraud, too many neutralised, technical abort, rate, pix."""
    if cancelled:
        return Outcome("cancelled_by_jury", "cancelled", None)
    if rejected_for_fraud:
        return Outcome("fraud", "rejected", "FRAUD")
    if challenges - neutralised < math.ceil(0.66 * challenges):
        return Outcome("too_many_neutralised", "cancelled", "CANCELLED_DUE_TO_NEUTRALIZATION")
    rate = reproducibility_rate or 0
    if abort_reason == "technical" and rate < 50:
        return Outcome(
            "lack_of_answers_technical",
            "cancelled",
            "CANCELLED_DUE_TO_LACK_OF_ANSWERS_FOR_TECHNICAL_REASON",
        )
    if rate < 50:
        return Outcome(
            "insufficient_correct_answers",
            "rejected",
            "REJECTED_DUE_TO_INSUFFICIENT_CORRECT_ANSWERS",
        )
    if pix_score and pix_score > 0:
        return Outcome("validated", "validated", None)
    return Outcome("zero_pix_score", "rejected", None)
