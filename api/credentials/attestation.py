"""The attestation PDF (§6.6): the certificate on one page, its competences on a second.

One layout per certification version: v3 shows the score out of 895 and the global level; v2
shows the score with the maximum reachable on the day the test was taken (and the 1024 pix of
the eight levels to come while the cap is below 8), plus, on the French domain, the
professionalising message for v2 certificates delivered from 2022 on. ``lang`` picks French or
English words (``attestation_labels``). A bundle may mix versions: each attestation keeps its
own layout.

fpdf2 with DejaVu Sans shipped in ``fonts/`` (the PDF core fonts lack French characters), and a
QR code (segno) that opens the certificate's public page through the attestation's share link,
never through the verification code. Identical inputs give identical bytes: the creation date
is the delivery date and nothing else varies.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import segno
from fpdf import FPDF

from api.credentials.attestation_labels import LABELS, PROFESSIONALISING_FROM, Labels, Lang
from domain.credentials.certificate import Certificate

FONTS = Path(__file__).parent / "fonts"
ALL_LEVELS: int = 8


@dataclass(frozen=True)
class Attestation:
    """What one attestation shows besides the certificate: its code and its QR link."""

    certificate: Certificate
    verification_code: str
    link_url: str


@dataclass(frozen=True)
class Variant:
    """The request's choices: the language, and whether it came from the French domain."""

    lang: Lang = "fr"
    french_domain: bool = False


def file_name(certificate: Certificate) -> str:
    """``attestation-pix-<YYYYMMDD of delivery>.pdf``."""
    return f"attestation-pix-{certificate.delivered_at:%Y%m%d}.pdf"


def shows_professionalising_message(certificate: Certificate, variant: Variant) -> bool:
    """v2, asked from the French domain, delivered on or after 2022-01-01 (§6.2)."""
    return (
        certificate.certification_version < 3
        and variant.french_domain
        and certificate.delivered_at.date() >= PROFESSIONALISING_FROM
    )


def render(attestations: Sequence[Attestation], variant: Variant = Variant()) -> bytes:
    """One PDF with each attestation's two pages, in order."""
    labels = LABELS[variant.lang]
    pdf = FPDF(format="A4")
    pdf.set_creation_date(attestations[0].certificate.delivered_at if attestations else None)
    pdf.set_lang(variant.lang)
    pdf.set_title(labels.document_title)
    pdf.set_author("certledger")
    pdf.set_creator("certledger")
    pdf.set_producer("certledger")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=True, margin=15)
    for attestation in attestations:
        _first_page(pdf, labels, attestation, variant)
        _competences_page(pdf, labels, attestation.certificate)
    return bytes(pdf.output())


def _line(pdf: FPDF, height: float, text: str) -> None:
    pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT")


def _first_page(pdf: FPDF, labels: Labels, attestation: Attestation, variant: Variant) -> None:
    c = attestation.certificate
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 22)
    pdf.cell(0, 14, labels.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11)
    pdf.cell(0, 7, labels.subtitle, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("DejaVu", "B", 16)
    name = f"{c.identity.first_name} {c.identity.last_name.upper()}"
    pdf.cell(0, 10, name, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11)
    born = c.identity.birthdate
    if len(born) == 10 and born[4] == "-":
        born = f"{born[8:10]}/{born[5:7]}/{born[0:4]}"
    _line(pdf, 7, labels.born(born, c.identity.birthplace))
    _line(pdf, 7, labels.taken(c.taken_on, c.centre_name))
    _line(pdf, 7, labels.delivered(c.delivered_at, c.validity.valid_until))
    pdf.ln(6)
    if c.certification_version >= 3:
        _v3_score(pdf, labels, c)
    else:
        _v2_score(pdf, labels, c, variant)
    pdf.ln(8)
    _qr_block(pdf, labels, attestation)
    pdf.set_font("DejaVu", "", 8)
    pdf.multi_cell(
        0,
        4,
        labels.footer(c.framework_key, c.algorithm, c.certification_version, str(c.certificate_id)),
    )


def _v3_score(pdf: FPDF, labels: Labels, c: Certificate) -> None:
    pdf.set_font("DejaVu", "B", 36)
    pdf.cell(60, 18, str(c.pix_score))
    pdf.set_font("DejaVu", "", 14)
    pdf.cell(0, 18, labels.pix_out_of(c.max_reachable_score), new_x="LMARGIN", new_y="NEXT")
    if c.global_level is not None:
        label = c.global_level.label_en if labels.lang == "en" else c.global_level.label_fr
        pdf.set_font("DejaVu", "B", 14)
        pdf.cell(0, 9, labels.global_level(label), new_x="LMARGIN", new_y="NEXT")


def _v2_score(pdf: FPDF, labels: Labels, c: Certificate, variant: Variant) -> None:
    level = c.max_reachable_level or ALL_LEVELS
    pdf.set_font("DejaVu", "B", 36)
    pdf.cell(60, 18, f"{c.pix_score} *")
    pdf.set_font("DejaVu", "", 14)
    pdf.cell(0, 18, "pix", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    _line(pdf, 5, labels.max_reachable(c.max_reachable_score, level))
    if level < ALL_LEVELS:
        _line(pdf, 5, labels.eight_levels)
    if shows_professionalising_message(c, variant):
        pdf.ln(2)
        pdf.set_font("DejaVu", "B", 10)
        _line(pdf, 5, labels.professionalising)


def _qr_block(pdf: FPDF, labels: Labels, attestation: Attestation) -> None:
    qr = segno.make(attestation.link_url, error="m")
    png = io.BytesIO()
    qr.save(png, kind="png", scale=6, border=2)
    top = pdf.get_y()
    pdf.image(io.BytesIO(png.getvalue()), x=pdf.l_margin, y=top, w=45, h=45)
    pdf.set_xy(pdf.l_margin + 50, top + 4)
    pdf.set_font("DejaVu", "B", 12)
    pdf.cell(0, 7, labels.code(attestation.verification_code), new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(pdf.l_margin + 50)
    pdf.set_font("DejaVu", "", 10)
    _line(pdf, 5, labels.qr_explanation)
    pdf.set_y(top + 52)


def _competences_page(pdf: FPDF, labels: Labels, c: Certificate) -> None:
    english = labels.lang == "en"
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 16)
    pdf.cell(0, 10, labels.certified_competences, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    note = (
        labels.levels_note_v3
        if c.certification_version >= 3
        else labels.levels_out_of(c.max_reachable_level or ALL_LEVELS)
    )
    pdf.cell(0, 6, note, new_x="LMARGIN", new_y="NEXT")
    for area in c.competence_tree:
        pdf.ln(3)
        pdf.set_font("DejaVu", "B", 11)
        title = area.title_en if english else area.title_fr
        pdf.cell(0, 7, f"{area.code}. {title}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 10)
        for competence in area.competences:
            level = str(competence.level) if competence.level > 0 else "—"
            name = competence.title_en if english else competence.title_fr
            pdf.cell(160, 6, f"{competence.code} {name}")
            pdf.cell(0, 6, level, align="R", new_x="LMARGIN", new_y="NEXT")
