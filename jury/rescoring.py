"""Rescoring a course from its recorded answers and the jury's decisions, reproducibly.

``inputs_of(case)`` gathers what the jury decided (the inputs of a rescoring); ``rescore``
computes the result with the course's version's rules (v3 or v2, from ``domain``) and stores
the inputs and the scoring configuration used in the result itself, so that
``rescore(course, bank, inputs_from(result), configuration_from(result))`` gives it back.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from domain.bank import ItemBank
from domain.certification.course import CertificationCourse
from domain.certification.delivery import result_record, score_course
from domain.certification.v2_course import V2CertificationCourse
from domain.certification.v2_delivery import JuryAdjustments, v2_result_record
from domain.errors import ScoringInputError
from domain.scoring.configuration import V3ScoringConfiguration
from jury.case import JuryCase

RESCORING_RULES = "jury-rescoring/1"
"""Version of how decisions become scoring inputs (recorded in each ResultRecorded)."""


@dataclass(frozen=True, slots=True)
class RescoringInputs:
    """The jury's decisions that scoring takes into account (all false/empty: none)."""

    cancelled: bool = False
    rejected_for_fraud: bool = False
    neutralised: tuple[str, ...] = ()
    deneutralised: tuple[str, ...] = ()
    accepted: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """Plain values for the event."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RescoringInputs:
        """Back from ``as_dict``."""
        return cls(
            cancelled=bool(data["cancelled"]),
            rejected_for_fraud=bool(data["rejected_for_fraud"]),
            neutralised=tuple(data["neutralised"]),
            deneutralised=tuple(data["deneutralised"]),
            accepted=tuple(data["accepted"]),
        )


def inputs_of(case: JuryCase | None) -> RescoringInputs:
    """The inputs a case's decisions give (no case: no decision yet)."""
    if case is None:
        return RescoringInputs()
    return RescoringInputs(
        cancelled=case.cancelled,
        rejected_for_fraud=case.rejected_for_fraud,
        neutralised=tuple(case.neutralised),
        deneutralised=tuple(case.deneutralised),
        accepted=tuple(case.accepted),
    )


def configuration_from(result: dict[str, Any]) -> V3ScoringConfiguration | None:
    """The v3 scoring configuration a recorded result was computed with (None for v2)."""
    recorded = result.get("scoring_configuration")
    if not recorded or "global_intervals" not in recorded:
        return None
    return V3ScoringConfiguration(
        global_intervals=tuple(tuple(i) for i in recorded["global_intervals"]),
        competence_intervals={
            code: tuple(tuple(i) for i in intervals)
            for code, intervals in recorded["competence_intervals"].items()
        },
        minimum_answers=int(recorded["minimum_answers"]),
    )


def rescore(
    course: CertificationCourse,
    bank: ItemBank,
    inputs: RescoringInputs,
    scoring: V3ScoringConfiguration | None = None,
) -> dict[str, Any]:
    """The course's result under ``inputs``; a computation error is an ``error`` result."""
    if isinstance(course, V2CertificationCourse):
        record = v2_result_record(
            course,
            bank,
            JuryAdjustments(
                neutralized=frozenset(inputs.neutralised),
                deneutralized=frozenset(inputs.deneutralised),
                accepted=frozenset(inputs.accepted),
                rejected_for_fraud=inputs.rejected_for_fraud,
                cancelled=inputs.cancelled,
            ),
        )
    else:
        try:
            record = result_record(
                score_course(
                    course,
                    bank,
                    scoring=scoring,
                    rejected_for_fraud=inputs.rejected_for_fraud,
                    cancelled_by_jury=inputs.cancelled,
                )
            )
            record["error"] = None
        except ScoringInputError as error:
            # §6.1: a computation error is a result too: status error, the message kept.
            record = {"status": "error", "pix_score": None, "error": str(error)}
    return {**record, "inputs": inputs.as_dict()}
