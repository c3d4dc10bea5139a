"""Candidate enrolment data: validation field by field, with the spec's error codes.

Every problem is reported, not just the first, so a centre fixes a line once. Birth places
follow the spec's structural rules; the French CPF referential of communes is not shipped, so
INSEE and postal codes are checked for form, not looked up (ADR 0601).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.text import visible_text

SEXES = ("M", "F")
BILLING_MODES = ("FREE", "PAID", "PREPAID")
CENTRE_TYPES = ("SCO", "SUP", "PRO")
MIN_BIRTHDATE = date(1900, 1, 1)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
_POSTAL = re.compile(r"^\d{5}$")


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One faulty field: the spec's error code, the field, and a message for people."""

    code: str
    field: str
    message: str


@dataclass(frozen=True, slots=True)
class Candidate:
    """A validated candidate, as enrolled (extra time as a ratio: 0.33 for 33 %)."""

    first_name: str
    last_name: str
    sex: str
    birthdate: date
    birth_country: str
    birth_insee_code: str | None
    birth_postal_code: str | None
    birth_city: str | None
    email: str | None
    result_recipient_email: str | None
    external_id: str | None
    extra_time_ratio: float
    billing_mode: str | None
    prepayment_code: str | None

    @property
    def identity_key(self) -> tuple[str, str, date]:
        """What makes two enrolments the same person: normalised names and birthdate."""
        return (normalize_name(self.first_name), normalize_name(self.last_name), self.birthdate)

    def identity_texts(self) -> tuple[str, str, date]:
        """First name, last name and birthdate, as reconciliation compares them."""
        return (self.first_name, self.last_name, self.birthdate)

    def as_dict(self) -> dict[str, Any]:
        """Plain values for events and responses (the birthdate as ISO text)."""
        return {
            "first_name": self.first_name,
            "last_name": self.last_name,
            "sex": self.sex,
            "birthdate": self.birthdate.isoformat(),
            "birth_country": self.birth_country,
            "birth_insee_code": self.birth_insee_code,
            "birth_postal_code": self.birth_postal_code,
            "birth_city": self.birth_city,
            "email": self.email,
            "result_recipient_email": self.result_recipient_email,
            "external_id": self.external_id,
            "extra_time_ratio": self.extra_time_ratio,
            "billing_mode": self.billing_mode,
            "prepayment_code": self.prepayment_code,
        }


NAME_SEPARATORS = frozenset("'\u2019\u02bc\u2018`-\u2010\u2011\u2012\u2013\u2014.")
"""Apostrophes, hyphens and dots: "N'Diaye", "N-Diaye" and "NDiaye" are one name."""


def normalize_name(name: str) -> str:
    """Lower-case, without diacritics, whitespace, apostrophes, hyphens or invisible marks."""
    return "".join(c for c in legacy_normalize_name(visible_text(name)) if c not in NAME_SEPARATORS)


def legacy_normalize_name(name: str) -> str:
    """The first rule, hyphens and apostrophes kept.

    Blind indexes of candidates enrolled before the change were computed with it, so
    reconciliation tries it too.
    """
    decomposed = unicodedata.normalize("NFD", name.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c) and not c.isspace())


def identity_text(first_name: str, last_name: str, birthdate: date) -> str:
    """What the blind index of a candidate's identity is computed from."""
    return f"{normalize_name(first_name)}|{normalize_name(last_name)}|{birthdate.isoformat()}"


def identity_lookup_texts(first_name: str, last_name: str, birthdate: date) -> set[str]:
    """Every text an enrolled candidate's blind index may have been computed from."""
    legacy = (
        f"{legacy_normalize_name(first_name)}|{legacy_normalize_name(last_name)}|"
        f"{birthdate.isoformat()}"
    )
    return {identity_text(first_name, last_name, birthdate), legacy}


def validate_candidate(raw: dict[str, Any], centre_type: str) -> Candidate | list[FieldProblem]:
    """The candidate, or every problem found; ``raw`` holds strings (or None) per field."""
    p: list[FieldProblem] = []

    def text(field: str, required_code: str | None = None) -> str | None:
        value = raw.get(field)
        if isinstance(value, str):
            value = visible_text(value)  # zero-width characters alone do not make a name
        if value is None or (isinstance(value, str) and not value):
            if required_code:
                p.append(FieldProblem(required_code, field, f"{field} is required"))
            return None
        if not isinstance(value, str):
            p.append(
                FieldProblem(
                    f"CANDIDATE_{field.upper()}_MUST_BE_A_STRING", field, f"{field} must be text"
                )
            )
            return None
        return value

    first = text("first_name", "CANDIDATE_FIRST_NAME_REQUIRED")
    last = text("last_name", "CANDIDATE_LAST_NAME_REQUIRED")
    sex = text("sex", "CANDIDATE_SEX_REQUIRED")
    if sex is not None and sex.upper() not in SEXES:
        p.append(FieldProblem("CANDIDATE_SEX_NOT_VALID", "sex", "sex must be M or F"))
    birthdate = _birthdate(text("birthdate", "CANDIDATE_BIRTHDATE_REQUIRED"), p)
    place = _birth_place(text("birth_country", "CANDIDATE_BIRTH_COUNTRY_REQUIRED"), raw, p)
    emails = [
        _email(text(f), f, code, p)
        for f, code in (
            ("email", "CANDIDATE_EMAIL_NOT_VALID"),
            ("result_recipient_email", "CANDIDATE_RESULT_RECIPIENT_EMAIL_NOT_VALID"),
        )
    ]
    external_id = text("external_id")
    ratio = _extra_time(raw.get("extra_time_percentage"), p)
    billing, prepayment = _billing(text("billing_mode"), text("prepayment_code"), centre_type, p)
    if p:
        return p
    assert first
    assert last
    assert sex
    assert birthdate
    assert place
    return Candidate(
        first_name=first,
        last_name=last,
        sex=sex.upper(),
        birthdate=birthdate,
        birth_country=place[0],
        birth_insee_code=place[1],
        birth_postal_code=place[2],
        birth_city=place[3],
        email=emails[0],
        result_recipient_email=emails[1],
        external_id=external_id,
        extra_time_ratio=ratio,
        billing_mode=billing,
        prepayment_code=prepayment,
    )


def _birthdate(value: str | None, p: list[FieldProblem]) -> date | None:
    if value is None:
        return None
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        p.append(
            FieldProblem(
                "CANDIDATE_BIRTHDATE_FORMAT_NOT_VALID", "birthdate", "birthdate must be YYYY-MM-DD"
            )
        )
        return None
    if parsed <= MIN_BIRTHDATE:
        p.append(
            FieldProblem(
                "CANDIDATE_BIRTHDATE_MUST_BE_GREATER",
                "birthdate",
                "birthdate must be after 1900-01-01",
            )
        )
        return None
    return parsed


def _birth_place(
    country: str | None, raw: dict[str, Any], p: list[FieldProblem]
) -> tuple[str, str | None, str | None, str | None] | None:
    def opt(field: str) -> str | None:
        value = raw.get(field)
        return value.strip() if isinstance(value, str) and value.strip() else None

    insee, postal, city = opt("birth_insee_code"), opt("birth_postal_code"), opt("birth_city")
    if country is None:
        return None
    country = country.upper()
    before = len(p)
    if country == "FRANCE":
        if insee is None and (postal is None or city is None):
            p.append(
                FieldProblem(
                    "CANDIDATE_BIRTH_INSEE_CODE_OR_BIRTH_POSTAL_CODE_AND_BIRTH_CITY_REQUIRED",
                    "birth_insee_code",
                    "Renseigner soit un code INSEE soit un code postal "
                    "et un nom de commune de naissance",
                )
            )
        if insee is not None and not _INSEE.fullmatch(insee):
            p.append(
                FieldProblem(
                    "CANDIDATE_BIRTH_INSEE_CODE_NOT_VALID",
                    "birth_insee_code",
                    f'Le code INSEE "{insee}" n\'est pas valide.',
                )
            )
        if postal is not None and not _POSTAL.fullmatch(postal):
            p.append(
                FieldProblem(
                    "CANDIDATE_BIRTH_POSTAL_CODE_NOT_FOUND",
                    "birth_postal_code",
                    f'Le code postal "{postal}" n\'est pas valide.',
                )
            )
    else:
        if city is None:
            p.append(
                FieldProblem(
                    "CANDIDATE_FOREIGN_BIRTH_CITY_REQUIRED",
                    "birth_city",
                    "Candidat né à l'étranger, "
                    "champ obligatoire nom de commune de naissance manquant",
                )
            )
        if insee not in (None, "99"):
            p.append(
                FieldProblem(
                    "CANDIDATE_FOREIGN_INSEE_CODE_NOT_VALID",
                    "birth_insee_code",
                    'La valeur du code INSEE doit être "99" pour un pays étranger.',
                )
            )
        if postal is not None:
            p.append(
                FieldProblem(
                    "CANDIDATE_FOREIGN_POSTAL_CODE_MUST_BE_EMPTY",
                    "birth_postal_code",
                    'Candidat né à l\'étranger, le champ "Code postal" doit rester vide.',
                )
            )
        insee = "99"
    return None if len(p) > before else (country, insee, postal, city)


def _email(value: str | None, field: str, code: str, p: list[FieldProblem]) -> str | None:
    if value is not None and not _EMAIL.fullmatch(value):
        p.append(FieldProblem(code, field, f"{field} {value!r} is not a valid e-mail address"))
        return None
    return value


def _extra_time(value: Any, p: list[FieldProblem]) -> float:
    """The CSV and forms take a whole percentage (0 to 99); events keep the ratio."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0.0
    try:
        percent = int(str(value).strip().rstrip("%"))
    except ValueError:
        p.append(
            FieldProblem(
                "CANDIDATE_EXTRA_TIME_INTEGER",
                "extra_time_percentage",
                "Le temps majoré doit être un nombre entier.",
            )
        )
        return 0.0
    if not 0 <= percent < 100:
        p.append(
            FieldProblem(
                "CANDIDATE_EXTRA_TIME_OUT_OF_RANGE",
                "extra_time_percentage",
                "Le temps majoré doit être un pourcentage.",
            )
        )
        return 0.0
    return percent / 100


def _billing(
    mode: str | None, prepayment: str | None, centre_type: str, p: list[FieldProblem]
) -> tuple[str | None, str | None]:
    if centre_type == "SCO":
        if mode is not None:
            p.append(
                FieldProblem(
                    "CANDIDATE_BILLING_MODE_MUST_BE_EMPTY",
                    "billing_mode",
                    "pupils of SCO centres are not billed: leave billing_mode empty",
                )
            )
        return None, None
    if mode is None:
        p.append(
            FieldProblem(
                "CANDIDATE_BILLING_MODE_REQUIRED", "billing_mode", "billing_mode is required"
            )
        )
        return None, None
    mode = mode.upper()
    if mode not in BILLING_MODES:
        p.append(
            FieldProblem(
                "CANDIDATE_BILLING_MODE_NOT_VALID",
                "billing_mode",
                f"billing_mode must be one of {', '.join(BILLING_MODES)}",
            )
        )
    elif mode == "PREPAID" and prepayment is None:
        p.append(
            FieldProblem(
                "CANDIDATE_PREPAYMENT_CODE_REQUIRED",
                "prepayment_code",
                "prepayment_code is required for PREPAID billing",
            )
        )
    elif mode != "PREPAID" and prepayment is not None:
        p.append(
            FieldProblem(
                "CANDIDATE_PREPAYMENT_CODE_MUST_BE_EMPTY",
                "prepayment_code",
                "prepayment_code must be empty unless billing is PREPAID",
            )
        )
    return mode, prepayment
