"""The attestation's words in French and in English (``lang=fr|en``, §6.6).

One ``Labels`` per language; every sentence that holds a value is a method, so the renderer
never assembles words itself. The v2 sentences (the maximum reachable on the day, the eight
levels to come, the professionalising message) follow §6.2.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

Lang = Literal["fr", "en"]
LANGS: Final = ("fr", "en")
ALL_LEVELS_MAX_PIX: Final = 1024
"""16 competences x 8 levels x 8 pix, once the framework has its 8 levels (spec README)."""
PROFESSIONALISING_FROM: Final = date(2022, 1, 1)
"""v2 certificates delivered from this day on carry the professionalising message (§6.2)."""

_MONTHS: Final = {
    "fr": (
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip


@dataclass(frozen=True)
class Labels:
    lang: Lang
    document_title: str
    title: str
    subtitle: str
    certified_competences: str
    levels_note_v3: str
    _born: str
    _born_in: str
    _taken: str
    _delivered: str
    _pix_out_of: str
    _global_level: str
    _code: str
    qr_explanation: str
    _footer: str
    _levels_out_of: str
    _max_reachable: str
    eight_levels: str
    professionalising: str

    def day(self, value: date) -> str:
        """``2 décembre 2026`` / ``2 December 2026`` (a datetime is a date too)."""
        return f"{value.day} {_MONTHS[self.lang][value.month - 1]} {value.year}"

    def born(self, birthdate: str, birthplace: str) -> str:
        place = self._born_in.format(birthplace) if birthplace else ""
        return self._born.format(birthdate, place)

    def taken(self, on: date, centre: str) -> str:
        return self._taken.format(self.day(on), centre)

    def delivered(self, on: date, until: date) -> str:
        return self._delivered.format(self.day(on), self.day(until))

    def pix_out_of(self, maximum: int) -> str:
        return self._pix_out_of.format(maximum)

    def global_level(self, label: str) -> str:
        return self._global_level.format(label)

    def code(self, code: str) -> str:
        return self._code.format(code)

    def footer(self, framework: str, algorithm: str, version: int, certificate: str) -> str:
        return self._footer.format(framework, algorithm, version, certificate)

    def levels_out_of(self, level: int) -> str:
        return self._levels_out_of.format(level)

    def max_reachable(self, score: int, level: int) -> str:
        return self._max_reachable.format(score, level)


FRENCH: Final = Labels(
    lang="fr",
    document_title="Attestation de certification",
    title="Certificat de compétences numériques",
    subtitle="Référentiel CRCN (DigComp) · Attestation de certification",
    certified_competences="Compétences certifiées",
    levels_note_v3="(niveaux sur 8 ; un tiret : compétence non certifiée)",
    _born="Né(e) le {}{}",
    _born_in=" à {}",
    _taken="Certification passée le {} · {}",
    _delivered="Délivrée le {}, valable jusqu'au {} (3 ans)",
    _pix_out_of="pix sur {}",
    _global_level="Niveau global : {}",
    _code="Code de vérification : {}",
    qr_explanation=(
        "Un employeur ou un établissement vérifie ce certificat en saisissant ce code sur la "
        "page de vérification, ou en scannant ce QR code, qui ouvre le certificat en ligne "
        "(lien révocable par son titulaire)."
    ),
    _footer="Référentiel {}, algorithme {}, test v{}. Certificat n° {}.",
    _levels_out_of="(niveaux sur {} ; un tiret : compétence non certifiée)",
    _max_reachable=(
        "* À la date d'obtention de cette certification, le nombre maximum de pix atteignable "
        "était de {}, correspondant au niveau {}."
    ),
    eight_levels=(
        "Lorsque les 8 niveaux du référentiel Pix seront disponibles, ce nombre maximum sera "
        f"de {ALL_LEVELS_MAX_PIX} pix."
    ),
    professionalising=(
        "Le certificat Pix est reconnu comme professionnalisant par France compétences à "
        "compter d'un score minimal de 120 pix."
    ),
)

ENGLISH: Final = Labels(
    lang="en",
    document_title="Certification attestation",
    title="Digital skills certificate",
    subtitle="CRCN framework (DigComp) · Certification attestation",
    certified_competences="Certified competences",
    levels_note_v3="(levels out of 8; a dash: competence not certified)",
    _born="Born on {}{}",
    _born_in=" in {}",
    _taken="Certification taken on {} · {}",
    _delivered="Delivered on {}, valid until {} (3 years)",
    _pix_out_of="pix out of {}",
    _global_level="Global level: {}",
    _code="Verification code: {}",
    qr_explanation=(
        "An employer or a school checks this certificate by entering this code on the "
        "verification page, or by scanning this QR code, which opens the certificate online "
        "(a link its holder can revoke)."
    ),
    _footer="Framework {}, algorithm {}, test v{}. Certificate no. {}.",
    _levels_out_of="(levels out of {}; a dash: competence not certified)",
    _max_reachable=(
        "* On the date this certification was obtained, the maximum reachable score was {} "
        "pix, corresponding to level {}."
    ),
    eight_levels=(
        "When the 8 levels of the Pix framework are available, this maximum will be "
        f"{ALL_LEVELS_MAX_PIX} pix."
    ),
    professionalising=(
        "The Pix certificate is recognised as professionalising by France compétences from a "
        "minimum score of 120 pix."
    ),
)

LABELS: Final = {"fr": FRENCH, "en": ENGLISH}
