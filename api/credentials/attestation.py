"""The attestation PDF (§6.6): the certificate on one page, its competences on a second.

fpdf2 with DejaVu Sans shipped in ``fonts/`` (the PDF core fonts lack French characters), and a
QR code (segno) that opens the certificate's public page through the attestation's share link,
never through the verification code. Identical inputs give identical bytes: the creation date
is the delivery date and nothing else varies.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import segno
from fpdf import FPDF

from domain.credentials.certificate import Certificate

FONTS = Path(__file__).parent / "fonts"
_MONTHS_FR = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


@dataclass(frozen=True)
class Attestation:
    """What one attestation shows besides the certificate: its code and its QR link."""

    certificate: Certificate
    verification_code: str
    link_url: str


def file_name(certificate: Certificate) -> str:
    """``attestation-pix-<YYYYMMDD of delivery>.pdf``."""
    return f"attestation-pix-{certificate.delivered_at:%Y%m%d}.pdf"


def render(attestations: Sequence[Attestation]) -> bytes:
    """One PDF with each attestation's two pages, in order."""
    pdf = FPDF(format="A4")
    pdf.set_creation_date(attestations[0].certificate.delivered_at if attestations else None)
    pdf.set_title("Attestation de certification")
    pdf.set_author("certledger")
    pdf.set_creator("certledger")
    pdf.set_producer("certledger")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=True, margin=15)
    for attestation in attestations:
        _first_page(pdf, attestation)
        _competences_page(pdf, attestation.certificate)
    return bytes(pdf.output())


def _date_fr(value: date) -> str:
    """``22 novembre 2026`` (a datetime is a date too)."""
    return f"{value.day} {_MONTHS_FR[value.month - 1]} {value.year}"


def _first_page(pdf: FPDF, attestation: Attestation) -> None:
    c = attestation.certificate
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 22)
    pdf.cell(0, 14, "Certificat de compétences numériques", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11)
    pdf.cell(0, 7, "Référentiel CRCN (DigComp) · Attestation de certification",
             new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    pdf.ln(6)
    pdf.set_font("DejaVu", "B", 16)
    name = f"{c.identity.first_name} {c.identity.last_name.upper()}"
    pdf.cell(0, 10, name, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11)
    born = c.identity.birthdate
    if len(born) == 10 and born[4] == "-":
        born = f"{born[8:10]}/{born[5:7]}/{born[0:4]}"
    place = f" à {c.identity.birthplace}" if c.identity.birthplace else ""
    lines = [
        f"Né(e) le {born}{place}",
        f"Certification passée le {_date_fr(c.taken_on)} · {c.centre_name}",
        f"Délivrée le {_date_fr(c.delivered_at)}, "
        f"valable jusqu'au {_date_fr(c.validity.valid_until)} (3 ans)",
    ]
    for line in lines:
        pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("DejaVu", "B", 36)
    pdf.cell(60, 18, str(c.pix_score))
    pdf.set_font("DejaVu", "", 14)
    pdf.cell(0, 18, f"pix sur {c.max_reachable_score}", new_x="LMARGIN", new_y="NEXT")
    if c.global_level is not None:
        pdf.set_font("DejaVu", "B", 14)
        pdf.cell(0, 9, f"Niveau global : {c.global_level.label_fr}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    qr = segno.make(attestation.link_url, error="m")
    png = io.BytesIO()
    qr.save(png, kind="png", scale=6, border=2)
    top = pdf.get_y()
    pdf.image(io.BytesIO(png.getvalue()), x=pdf.l_margin, y=top, w=45, h=45)
    pdf.set_xy(pdf.l_margin + 50, top + 4)
    pdf.set_font("DejaVu", "B", 12)
    pdf.cell(0, 7, f"Code de vérification : {attestation.verification_code}",
             new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    pdf.set_x(pdf.l_margin + 50)
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(
        0,
        5,
        "Un employeur ou un établissement vérifie ce certificat en saisissant ce code sur la "
        "page de vérification, ou en scannant ce QR code, qui ouvre le certificat en ligne "
        "(lien révocable par son titulaire).",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_y(top + 52)
    pdf.set_font("DejaVu", "", 8)
    pdf.multi_cell(
        0,
        4,
        f"Référentiel {c.framework_key}, algorithme {c.algorithm}, test v{c.certification_version}."
        f" Certificat n° {c.certificate_id}.",
    )


def _competences_page(pdf: FPDF, c: Certificate) -> None:
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 16)
    pdf.cell(0, 10, "Compétences certifiées", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.cell(0, 6, "(niveaux sur 8 ; un tiret : compétence non certifiée)",
             new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    for area in c.competence_tree:
        pdf.ln(3)
        pdf.set_font("DejaVu", "B", 11)
        pdf.cell(0, 7, f"{area.code}. {area.title_fr}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 10)
        for competence in area.competences:
            level = str(competence.level) if competence.level > 0 else "—"
            pdf.cell(160, 6, f"{competence.code} {competence.title_fr}")
            pdf.cell(0, 6, level, align="R", new_x="LMARGIN", new_y="NEXT")
