"""The results CSV of a session, for its centre (§6.8), once the results are published."""

from __future__ import annotations

import csv
import io
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Response

from api.auth import OVERSEERS, Authorized, authorize, ensure_centre_member
from api.credentials.services import CertificateServicesDep
from domain.credentials.errors import ResultsNotPublishedError
from domain.credentials.results_export import ResultLine, headers, row
from domain.framework import load_framework

router = APIRouter(tags=["certificates"])

Exporting = Annotated[Authorized, Depends(authorize("certificates.sessions.export"))]
CSV = {"content": {"text/csv": {}}, "description": "the results, one line per course"}


@router.get("/sessions/{session_id}/results.csv", responses={200: CSV})
def read_results_csv(
    session_id: UUID, user: Exporting, services: CertificateServicesDep
) -> Response:
    view = services.reader.view
    session = view.session(session_id)
    if session is None or session.published_at is None:
        raise ResultsNotPublishedError(f"the results of session {session_id} are not published")
    ensure_centre_member(user, session.centre_id, also=OVERSEERS)
    courses = view.courses_of_session(session_id)
    framework_key = courses[0].framework_key if courses else "pix-v1"
    framework_id, _, version = framework_key.rpartition("-v")
    codes = [c.code for c in load_framework(framework_id, int(version)).competences]
    out = io.StringIO()
    out.write("\ufeff")  # a BOM, so spreadsheet software reads UTF-8 and the accents right
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers(codes))
    for course in sorted(courses, key=lambda c: (c.started_at, str(c.course_id))):
        identity = services.reader.identity(course.candidate_id)
        candidate = view.candidate(course.candidate_id)
        line = ResultLine(
            certificate_number=str(course.course_id),
            first_name=identity.first_name,
            last_name=identity.last_name,
            birthdate=identity.birthdate,
            birthplace=identity.birthplace,
            external_id=candidate.external_id if candidate else None,
            result=course.result,
            session=str(session_id),
            centre_name=session.centre_name,
            taken_on=course.started_at.date(),
        )
        writer.writerow(row(line, codes))
    return Response(
        out.getvalue().encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="session-{session_id}-results.csv"',
            "Cache-Control": "no-store",
        },
    )
