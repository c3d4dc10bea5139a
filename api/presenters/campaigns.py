"""Campaign results as the API and the pages show them: unsealed, sorted by name, and CSV.

Shared by ``api/routes/campaigns.py``, ``api/routes/organisations.py`` and the Pix Orga pages.
"""

from __future__ import annotations

from uuid import UUID

from api.schemas.campaigns import (
    CampaignResultsPublic,
    CertifiableLearnerPublic,
    CertifiableLearnersPublic,
    ParticipantPublic,
)
from domain.application import CertificationLedger
from domain.campaigns.campaign import ASSESSMENT, Campaign
from projections.campaign_results import CampaignResultsView
from projections.campaign_results.exports import (
    assessment_results_csv,
    profiles_collection_csv,
)


def participants(
    ledger: CertificationLedger,
    view: CampaignResultsView,
    campaign_id: UUID,
    division: str | None = None,
) -> list[ParticipantPublic]:
    """Each participant's latest participation, names unsealed, by last then first name."""
    unseal = ledger.read_sealed
    items = [
        ParticipantPublic(
            participation_id=UUID(r.participation_id),
            learner_id=UUID(r.learner_id),
            first_name=unseal(r.first_name),
            last_name=unseal(r.last_name),
            division=r.division,
            external_id=unseal(r.external_id) if r.external_id else "",
            sending=r.index,
            status=r.status,
            progress=r.progress,
            started_at=r.started_at,
            shared_at=r.shared_at or None,
            mastery_rate=r.mastery_rate,
            validated_skills_count=r.validated_skills_count,
            competence_mastery=r.competence_mastery,
            pix_score=r.pix_score,
            is_certifiable=r.is_certifiable,
        )
        for r in view.participant_results(str(campaign_id), division=division)
    ]
    items.sort(key=lambda x: (x.last_name.lower(), x.first_name.lower(), str(x.learner_id)))
    return items


def collective(
    view: CampaignResultsView, campaign_id: UUID, division: str | None = None
) -> CampaignResultsPublic:
    """Counts by status, average mastery, success per competence and tube."""
    results = view.campaign_results(str(campaign_id), division=division)
    if results is None:  # just created, not in the view yet: nobody has joined
        return CampaignResultsPublic(
            campaign_id=campaign_id,
            division=division,
            participants=0,
            by_status={"STARTED": 0, "TO_SHARE": 0, "SHARED": 0},
            shared=0,
            average_mastery_rate=None,
            competence_success={},
            tube_success={},
            certifiable=0,
            average_pix=None,
        )
    return CampaignResultsPublic(
        campaign_id=campaign_id,
        division=division,
        participants=results.participants,
        by_status=results.by_status,
        shared=results.shared,
        average_mastery_rate=results.average_mastery_rate,
        competence_success=results.competence_success,
        tube_success=results.tube_success,
        certifiable=results.certifiable,
        average_pix=results.average_pix,
    )


def certifiable(
    ledger: CertificationLedger, view: CampaignResultsView, organisation_id: UUID, division: str
) -> CertifiableLearnersPublic:
    """Every pupil of the division with their latest shared profile collection's verdict."""
    unseal = ledger.read_sealed
    items = [
        CertifiableLearnerPublic(
            learner_id=UUID(x.learner_id),
            first_name=unseal(x.first_name),
            last_name=unseal(x.last_name),
            division=x.division,
            is_certifiable=x.is_certifiable,
            shared_at=x.shared_at or None,
            pix_score=x.pix_score,
        )
        for x in view.certifiable_learners(str(organisation_id), division=division)
    ]
    items.sort(key=lambda x: (x.last_name.lower(), x.first_name.lower()))
    return CertifiableLearnersPublic(
        division=division, certifiable=sum(1 for x in items if x.is_certifiable), items=items
    )


def export(
    ledger: CertificationLedger, view: CampaignResultsView, campaign: Campaign
) -> tuple[str, str]:
    """The campaign's CSV export (with a BOM) and its file name."""
    # The campaign's own fields come from the ledger, so a campaign the view has not reached yet
    # exports its (empty) table rather than failing.
    document = {
        "code": campaign.code,
        "name": campaign.name,
        "target_profile_name": str(campaign.target_profile.get("name", "")),
        "external_id_label": campaign.external_id_label,
        "skills": [
            {"id": s.id, "name": s.name, "tube_id": s.tube_id, "competence_code": s.competence_code}
            for s in campaign.skills
        ],
    }
    organisation = ledger.get_organisation(campaign.organisation_id)
    write = assessment_results_csv if campaign.type == ASSESSMENT else profiles_collection_csv
    text = write(
        organisation={"type": organisation.type, "name": organisation.name},
        campaign_id=str(campaign.id),
        campaign=document,
        rows=view.participant_results(str(campaign.id)),
        framework=ledger.framework,
        unseal=ledger.read_sealed,
    )
    name = f"{campaign.code}-{'resultats' if campaign.type == ASSESSMENT else 'profils'}.csv"
    return "\ufeff" + text, name
