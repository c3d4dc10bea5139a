"""A learner's positioning: competence evaluations, answers, profile, reset, retry, tutorials.

Every route acts on ``/learners/{learner_id}``: learners on their own data only; overseers
(administrators, auditors) may read profiles and certifiability.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query

from api.auth import Authorized, authorize, ensure_owner
from api.deps import ClockDep, LedgerDep, ProfilesViewDep, RngDep
from api.presenters.challenges import challenge_public
from api.schemas.learners import (
    AnswerCreate,
    AnswerPublic,
    CertifiabilityPublic,
    EvaluationPublic,
    KnowledgeElementPublic,
    NextChallengePublic,
    ProfilePublic,
    SavedTutorialPublic,
    SavedTutorialsPublic,
    ScorecardPublic,
    TutorialPublic,
)
from domain.bank import Tutorial
from domain.positioning.outcomes import EvaluationStart, NextChallenge

router = APIRouter(prefix="/learners/{learner_id}", tags=["learners"])

Evaluating = Annotated[Authorized, Depends(authorize("positioning.evaluate"))]
Resetting = Annotated[Authorized, Depends(authorize("positioning.reset"))]
ReadingProfile = Annotated[Authorized, Depends(authorize("positioning.profile.read"))]
ReadingCertifiability = Annotated[Authorized, Depends(authorize("positioning.certifiability.read"))]
SavingTutorials = Annotated[Authorized, Depends(authorize("positioning.tutorials.save"))]
SELF_ONLY: frozenset[str] = frozenset()
"""Writes on a learner's profile: the learner themselves, nobody else."""


@router.post("/competences/{competence_code}/evaluation", response_model=EvaluationPublic)
def create_evaluation(
    learner_id: UUID, competence_code: str, user: Evaluating, ledger: LedgerDep, clock: ClockDep
) -> EvaluationPublic:
    """Start an evaluation of the competence, or resume the one already there."""
    ensure_owner(user, learner_id, also=SELF_ONLY)
    return _evaluation(
        ledger.start_competence_evaluation(
            learner_id, competence_code, started_at=clock(), actor=user.actor
        )
    )


@router.post("/assessments/{assessment_id}/next-challenge", response_model=NextChallengePublic)
def create_next_challenge(
    learner_id: UUID,
    assessment_id: UUID,
    user: Evaluating,
    ledger: LedgerDep,
    clock: ClockDep,
    rng: RngDep,
) -> NextChallengePublic:
    """The challenge to answer (served now if none awaits), or ``completed``."""
    ensure_owner(user, learner_id, also=SELF_ONLY)
    nxt = ledger.next_challenge(
        assessment_id, served_at=clock(), actor=user.actor, rng=rng, learner_id=learner_id
    )
    return _next(nxt)


@router.post("/assessments/{assessment_id}/answers", response_model=AnswerPublic)
def create_answer(
    learner_id: UUID,
    assessment_id: UUID,
    body: AnswerCreate,
    user: Evaluating,
    ledger: LedgerDep,
    clock: ClockDep,
) -> AnswerPublic:
    """Answer the current challenge: status, knowledge elements, level-up and tutorials."""
    ensure_owner(user, learner_id, also=SELF_ONLY)
    o = ledger.answer_challenge(
        assessment_id,
        body.challenge_id,
        body.value,
        answered_at=clock(),
        actor=user.actor,
        learner_id=learner_id,
    )
    return AnswerPublic(
        challenge_id=o.challenge_id,
        status=o.status,
        knowledge_elements=[
            KnowledgeElementPublic(
                skill_id=k.skill_id, source=k.source, status=k.status, earned_pix=k.earned_pix
            )
            for k in o.elements
        ],
        level_up=o.level_up,
        level=o.level_after,
        pix=o.pix_after,
        tutorials_kind=o.tutorials_kind,
        tutorials=[_tutorial(t) for t in o.tutorials],
    )


@router.get("/profile", response_model=ProfilePublic)
def read_profile(
    learner_id: UUID,
    user: ReadingProfile,
    view: ProfilesViewDep,
    ledger: LedgerDep,
    clock: ClockDep,
) -> ProfilePublic:
    """Scorecards of the 16 competences and the global pix score (from the profiles view)."""
    ensure_owner(user, learner_id)
    profile = view.get_profile(learner_id, now=clock(), framework=ledger.framework)
    return ProfilePublic(
        learner_id=learner_id,
        pix_score=profile.pix_score,
        max_pix=profile.max_pix,
        scorecards=[
            ScorecardPublic(
                competence_code=c.competence_code,
                status=c.status,
                pix=c.pix,
                exact_pix=c.exact_pix,
                level=c.level,
                pix_ahead_of_next_level=c.pix_ahead,
                remaining_pix_to_next_level=c.remaining_pix_to_next_level,
                remaining_days_before_reset=c.remaining_days_before_reset,
                remaining_days_before_improving=c.remaining_days_before_improving,
                is_resettable=c.is_resettable,
                is_improvable=c.is_improvable,
            )
            for c in profile.scorecards
        ],
    )


@router.get("/certifiability", response_model=CertifiabilityPublic)
def read_certifiability(
    learner_id: UUID,
    user: ReadingCertifiability,
    ledger: LedgerDep,
    clock: ClockDep,
    at: Annotated[datetime | None, Query(description="an instant (UTC); now if absent")] = None,
) -> CertifiabilityPublic:
    """Whether the profile at ``at`` is certifiable (read from events, so any past instant)."""
    ensure_owner(user, learner_id)
    c = ledger.get_certifiability(learner_id, at or clock())
    return CertifiabilityPublic(
        is_certifiable=c.is_certifiable,
        competence_levels=c.competence_levels,
        pix_score=c.pix_score,
        at=c.at,
    )


@router.post("/competences/{competence_code}/reset", status_code=204)
def create_reset(
    learner_id: UUID, competence_code: str, user: Resetting, ledger: LedgerDep, clock: ClockDep
) -> None:
    """Reset the competence (7 days after its last knowledge element)."""
    ensure_owner(user, learner_id, also=SELF_ONLY)
    ledger.reset_competence(learner_id, competence_code, reset_at=clock(), actor=user.actor)


@router.post("/competences/{competence_code}/retry", response_model=EvaluationPublic)
def create_retry(
    learner_id: UUID, competence_code: str, user: Resetting, ledger: LedgerDep, clock: ClockDep
) -> EvaluationPublic:
    """Retry ("Retenter") a completed competence, 4 days after its last knowledge element."""
    ensure_owner(user, learner_id, also=SELF_ONLY)
    return _evaluation(
        ledger.retry_competence(learner_id, competence_code, retried_at=clock(), actor=user.actor)
    )


@router.get("/tutorials", response_model=SavedTutorialsPublic)
def list_tutorials(
    learner_id: UUID, user: ReadingProfile, ledger: LedgerDep
) -> SavedTutorialsPublic:
    """The learner's saved tutorials, in the order saved."""
    ensure_owner(user, learner_id)
    return SavedTutorialsPublic(
        items=[
            SavedTutorialPublic(
                tutorial=_tutorial(s.tutorial), skill_id=s.skill_id, saved_at=s.saved_at
            )
            for s in ledger.list_saved_tutorials(learner_id)
        ]
    )


@router.put("/tutorials/{tutorial_id}", status_code=204)
def update_tutorial(
    learner_id: UUID, tutorial_id: str, user: SavingTutorials, ledger: LedgerDep, clock: ClockDep
) -> None:
    """Save a tutorial to the learner's list (saving it again changes nothing)."""
    ensure_owner(user, learner_id, also=SELF_ONLY)
    ledger.save_tutorial(learner_id, tutorial_id, saved_at=clock(), actor=user.actor)


@router.delete("/tutorials/{tutorial_id}", status_code=204)
def delete_tutorial(
    learner_id: UUID, tutorial_id: str, user: SavingTutorials, ledger: LedgerDep, clock: ClockDep
) -> None:
    """Remove a tutorial from the learner's list."""
    ensure_owner(user, learner_id, also=SELF_ONLY)
    ledger.remove_tutorial(learner_id, tutorial_id, removed_at=clock(), actor=user.actor)


def _evaluation(start: EvaluationStart) -> EvaluationPublic:
    return EvaluationPublic(
        assessment_id=start.assessment_id,
        competence_code=start.competence_code,
        resumed=start.resumed,
        improving=start.improving,
    )


def _next(nxt: NextChallenge) -> NextChallengePublic:
    c = nxt.challenge
    return NextChallengePublic(
        assessment_id=nxt.assessment_id,
        competence_code=nxt.competence_code,
        completed=nxt.completed,
        predicted_level=nxt.predicted_level,
        challenge=None if c is None else challenge_public(c),
    )


def _tutorial(t: Tutorial) -> TutorialPublic:
    return TutorialPublic(id=t.id, title=t.title, url=t.url, kind=t.kind)
