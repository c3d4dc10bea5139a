"""Organisation learners by CSV: every line validated, every bad line reported, all or nothing.

Columns (header line, UTF-8, comma-separated, byte-order mark accepted): ``first_name``,
``last_name``, ``birthdate`` (YYYY-MM-DD or DD/MM/YYYY), ``division`` (the class) and
``national_student_id`` (INE: 9 digits and 2 letters, or INA: 10 digits and 1 letter). A
school (SCO) needs division and INE on every line; SUP and PRO may leave them empty. The file
reader is the enrolment one (``read_csv_lines``), so both imports report alike.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from domain.certification.csv_import import LineProblem, read_csv_lines

LEARNER_COLUMNS = ("first_name", "last_name", "birthdate", "division", "national_student_id")
REQUIRED_LEARNER_COLUMNS = ("first_name", "last_name", "birthdate")
INE_PATTERN = re.compile(r"^(?:[0-9]{9}[A-Z]{2}|[0-9]{10}[A-Z])$")
MAX_DIVISION = 40


@dataclass(frozen=True, slots=True)
class LearnerLine:
    """One valid line: names trimmed, INE upper-cased ("" when none)."""

    line: int
    first_name: str
    last_name: str
    birthdate: date
    division: str
    national_student_id: str

    @property
    def identity(self) -> str:
        """The normalised identity the blind index is taken of (see ``identity_key``)."""
        return identity_key(self.first_name, self.last_name, self.birthdate)


def identity_key(first_name: str, last_name: str, birthdate: date) -> str:
    """Names without accents, case or extra spaces, and the birthdate: how a person is matched."""

    def plain(name: str) -> str:
        folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        return " ".join(folded.lower().replace("-", " ").split())

    return f"{plain(first_name)}|{plain(last_name)}|{birthdate.isoformat()}"


def parse_learners_csv(
    data: bytes, organisation_type: str, *, today: date
) -> list[LearnerLine] | list[LineProblem]:
    """The learners of the file, or every problem (the file is then imported not at all)."""
    lines, unreadable = read_csv_lines(data, LEARNER_COLUMNS, REQUIRED_LEARNER_COLUMNS)
    if unreadable:
        return unreadable
    problems: list[LineProblem] = []
    learners: list[LearnerLine] = []
    seen_ine: dict[str, int] = {}
    seen_identity: dict[str, int] = {}
    for line, row in lines:
        found = _learner(line, row, organisation_type, today, problems)
        if found is None:
            continue
        if found.national_student_id and found.national_student_id in seen_ine:
            problems.append(
                LineProblem(
                    line,
                    "LEARNER_INE_DUPLICATE",
                    "national_student_id",
                    f"the same INE is on line {seen_ine[found.national_student_id]}",
                )
            )
            continue
        if found.identity in seen_identity:
            problems.append(
                LineProblem(
                    line,
                    "LEARNER_DUPLICATE",
                    "last_name",
                    f"the same person (names and birthdate) is on line "
                    f"{seen_identity[found.identity]}",
                )
            )
            continue
        if found.national_student_id:
            seen_ine[found.national_student_id] = line
        seen_identity[found.identity] = line
        learners.append(found)
    if not learners and not problems:
        return [LineProblem(1, "LEARNER_FILE_EMPTY", "file", "the file has no learner line")]
    return problems or learners


def _learner(
    line: int, row: dict[str, str], organisation_type: str, today: date, out: list[LineProblem]
) -> LearnerLine | None:
    before = len(out)

    def problem(code: str, field: str, message: str) -> None:
        out.append(LineProblem(line, code, field, message))

    names = {}
    for field in ("first_name", "last_name"):
        value = " ".join((row.get(field) or "").split())
        if not value:
            problem(f"LEARNER_{field.upper()}_REQUIRED", field, f"{field} is required")
        elif len(value) > 100:
            problem(f"LEARNER_{field.upper()}_TOO_LONG", field, "at most 100 characters")
        names[field] = value
    birthdate = _date(row.get("birthdate") or "")
    if birthdate is None:
        problem("LEARNER_BIRTHDATE_INVALID", "birthdate", "expected YYYY-MM-DD or DD/MM/YYYY")
    elif birthdate >= today or birthdate.year < today.year - 120:
        problem("LEARNER_BIRTHDATE_INVALID", "birthdate", "not a plausible birthdate")
    division = " ".join((row.get("division") or "").split())
    ine = (row.get("national_student_id") or "").strip().upper()
    if organisation_type == "SCO" and not division:
        problem("LEARNER_DIVISION_REQUIRED", "division", "a school's learners need a division")
    if len(division) > MAX_DIVISION:
        problem("LEARNER_DIVISION_TOO_LONG", "division", f"at most {MAX_DIVISION} characters")
    if organisation_type == "SCO" and not ine:
        problem("LEARNER_INE_REQUIRED", "national_student_id", "a school's learners need an INE")
    elif ine and not INE_PATTERN.match(ine):
        problem(
            "LEARNER_INE_INVALID",
            "national_student_id",
            "an INE is 9 digits and 2 letters (or an INA: 10 digits and 1 letter)",
        )
    if len(out) > before or birthdate is None:
        return None
    return LearnerLine(line, names["first_name"], names["last_name"], birthdate, division, ine)


def _date(text: str) -> date | None:
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None
