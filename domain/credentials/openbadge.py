"""The unsigned Open Badges 3.0 ``OpenBadgeCredential`` of a certificate (W3C VC 2.0 shape).

The subject is identified by name (``IdentityObject``, not hashed: a certificate is meant to
show whose it is) and nothing else personal; the achievement is the certification, its results
the pix score out of 895, the global level, and the level of each competence. ``validFrom`` is
the delivery, ``validUntil`` three years on; ``credentialStatus`` is a revocation entry of a
Bitstring Status List.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from domain.credentials.certificate import Certificate

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


def timestamp(at: datetime) -> str:
    """An XML Schema dateTimeStamp in UTC, to the second (``2026-11-22T09:00:00Z``)."""
    return at.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def status_entry(list_url: str, index: int) -> dict[str, Any]:
    """A ``BitstringStatusListEntry`` for revocation at ``index`` of the list at ``list_url``."""
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def open_badge_credential(
    certificate: Certificate,
    *,
    issuer_id: str,
    issuer_name: str,
    achievement_id: str,
    status: dict[str, Any],
) -> dict[str, Any]:
    """The credential of ``certificate``, ready to be secured with a proof."""
    score_id = f"{achievement_id}#pix-score"
    level_id = f"{achievement_id}#global-level"
    results: list[dict[str, Any]] = [
        {"type": ["Result"], "resultDescription": score_id, "value": str(certificate.pix_score)}
    ]
    if certificate.global_level is not None:
        results.append(
            {
                "type": ["Result"],
                "resultDescription": level_id,
                "value": certificate.global_level.label_en,
            }
        )
    for area in certificate.competence_tree:
        for competence in area.competences:
            results.append(
                {
                    "type": ["Result"],
                    "resultDescription": f"{achievement_id}#competence-{competence.code}",
                    "value": str(competence.level),
                }
            )
    identity = certificate.identity
    validity = certificate.validity
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": f"urn:uuid:{certificate.certificate_id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Certification of digital skills",
        "issuer": {"id": issuer_id, "type": ["Profile"], "name": issuer_name},
        "validFrom": timestamp(validity.valid_from),
        "validUntil": timestamp(validity.valid_until),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": f"{identity.first_name} {identity.last_name}",
                }
            ],
            "achievement": {
                "id": achievement_id,
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": "Certification of digital skills (CRCN / DigComp)",
                "description": (
                    f"Taken on {certificate.taken_on.isoformat()} at {certificate.centre_name}; "
                    f"framework {certificate.framework_key}, algorithm {certificate.algorithm}."
                ),
                "criteria": {
                    "narrative": (
                        "A supervised, adaptive test of 32 questions on the 16 competences, "
                        "validated by the jury and published."
                    )
                },
                "resultDescription": [
                    {
                        "id": score_id,
                        "type": ["ResultDescription"],
                        "name": "Pix score",
                        "resultType": "ScaledScore",
                        "valueMin": "0",
                        "valueMax": str(certificate.max_reachable_score),
                    },
                    {
                        "id": level_id,
                        "type": ["ResultDescription"],
                        "name": "Global level",
                        "resultType": "GradePointAverage",
                    },
                    *(
                        {
                            "id": f"{achievement_id}#competence-{c.code}",
                            "type": ["ResultDescription"],
                            "name": f"{c.code} {c.title_en}",
                            "resultType": "ScaledScore",
                            "valueMin": "0",
                            "valueMax": "8",
                        }
                        for area in certificate.competence_tree
                        for c in area.competences
                    ),
                ],
            },
            "result": results,
        },
        "credentialStatus": status,
    }
