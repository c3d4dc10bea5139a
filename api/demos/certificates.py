"""Demo chapter: after the jury published the session, an employer verifies a certificate by its
code; the attestation PDF and the signed credential are written to the home folder; the
credential is verified (signature, dates, status)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from uuid import UUID

from api.bootstrap import Container
from api.credentials.attestation import Attestation, file_name, render
from api.credentials.services import build_services
from domain.actors import Actor
from jury.deliberation import SessionDeliberation
from projections.certificates import CertificatesView

Say = Callable[[str], None]
JURY = Actor.system("demo-jury")


def run_certificates_demo(container: Container, say: Say, *, start: datetime, seed: int) -> int:
    """Verify one certificate of the published session by code; 0 when every check held."""
    del seed  # the chapter draws nothing
    runner = container.runners["certificates"]
    runner.catch_up()
    view: CertificatesView = runner.view
    session = _latest_published_session(view)
    if session is None:  # the jury chapter published nothing: publish the session here
        waiting = _session_awaiting_publication(view)
        if waiting is None:
            say("no scored session awaits publication: nothing to certify")
            return 1
        _publish(container, waiting, start + timedelta(days=2))
        runner.catch_up()
        session = waiting
    services = build_services(container)
    delivered = [r for r in view.courses_of_session(session) if r.is_certificate]
    say(f"certificates of session {session}: {len(delivered)} delivered, valid 3 years")
    if not delivered:
        return 1
    published_at = max(r.delivered_at or start for r in delivered)
    row = max(delivered, key=lambda r: (r.result or {}).get("pix_score") or 0)
    code = container.ledger.get_course(row.course_id).verification_code
    now = published_at + timedelta(days=30)
    certificate = services.reader.by_code(code, now)
    say(
        f"an employer types the code {code[:2]}******** and sees: "
        f"{certificate.identity.first_name} {certificate.identity.last_name}, "
        f"{certificate.pix_score}/895 pix, level "
        f"{certificate.global_level.label_en if certificate.global_level else '-'}, "
        f"{certificate.validity.status} until {certificate.validity.valid_until:%Y-%m-%d}"
    )
    later = services.reader.by_code(code, certificate.validity.valid_until + timedelta(days=1))
    say(f"  asked for the day after its third anniversary: {later.validity.status}")

    folder = container.settings.home / "certificates"
    folder.mkdir(parents=True, exist_ok=True)
    token = services.attestation_token(row.course_id)
    container.ledger.open_share_link(
        row.course_id, token=token, purpose="attestation", user_id=row.user_id, at=now, actor=JURY
    )
    attestation = Attestation(
        certificate=services.reader.certificate_of(row, row.delivered_at or now),
        verification_code=code,
        link_url=f"{services.credentials.base_url}/pages/verify/s/{token}",
    )
    pdf_path = folder / f"{row.course_id}-{file_name(attestation.certificate)}"
    pdf_path.write_bytes(render([attestation]))
    say(f"attestation PDF written to {pdf_path} (its QR code opens the public page)")

    credential = services.credentials.credential(row, now)
    credential_path = folder / f"{row.course_id}-credential.json"
    credential_path.write_text(json.dumps(credential, indent=2, ensure_ascii=False), "utf-8")
    outcome = services.credentials.verify(credential, now)
    checks = ", ".join(f"{c.name} {'ok' if c.ok else 'FAILED'}" for c in outcome.checks)
    say(f"signed credential written to {credential_path}: {checks}")
    say(f"  issuer {services.issuer.did()}, proof eddsa-jcs-2022")
    return 0 if outcome.verified and later.validity.status == "expired" else 1


def _latest_published_session(view: CertificatesView) -> UUID | None:
    """The published session whose certificates were delivered last (the newest status entry)."""
    newest: tuple[int, UUID] | None = None
    for session in view.sessions():
        if session.published_at is None:
            continue
        for course in view.courses_of_session(session.session_id):
            seq = course.status_seq if course.is_certificate else None
            if seq is not None and (newest is None or seq > newest[0]):
                newest = (seq, session.session_id)
    return newest[1] if newest else None


def _session_awaiting_publication(view: CertificatesView) -> UUID | None:
    """A session whose courses are all scored and which was never published."""
    for session in view.sessions():
        courses = view.courses_of_session(session.session_id)
        never_published = all(c.published_at is None and c.delivered_at is None for c in courses)
        if courses and never_published and all(c.result is not None for c in courses):
            return session.session_id
    return None


def _publish(container: Container, session_id: UUID, at: datetime) -> None:
    """Publish through the jury's command when the ledger has it, else record the event."""
    ledger = container.ledger
    publish = getattr(ledger, "publish_session", None)
    if publish is not None:
        publish(session_id, at=at, actor=JURY)
        return
    session = ledger.get_session(session_id)
    courses = tuple(c.course_id for c in session.candidates.values() if c.course_id)
    deliberation = SessionDeliberation(session_id=session_id, opened_at=at, **JURY.event_fields())
    deliberation._publish(
        session_id=session_id, course_ids=courses, published_at=at, **JURY.event_fields()
    )
    ledger.save(deliberation)
