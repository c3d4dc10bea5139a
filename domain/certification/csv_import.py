"""Enrolment by CSV: every line validated, every bad line reported, all or nothing.

Columns (a header line, UTF-8, comma-separated; a byte-order mark is accepted): see
``CSV_COLUMNS``. ``extra_time_percentage`` is a whole percentage (e.g. 33).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from domain.certification.candidates import Candidate, FieldProblem, validate_candidate

CSV_COLUMNS = (
    "first_name",
    "last_name",
    "sex",
    "birthdate",
    "birth_country",
    "birth_insee_code",
    "birth_postal_code",
    "birth_city",
    "email",
    "result_recipient_email",
    "external_id",
    "extra_time_percentage",
    "billing_mode",
    "prepayment_code",
)
REQUIRED_COLUMNS = ("first_name", "last_name", "sex", "birthdate", "birth_country")


@dataclass(frozen=True, slots=True)
class LineProblem:
    """A problem on one line of the file (line 1 is the header)."""

    line: int
    code: str
    field: str
    message: str


def parse_candidates_csv(
    data: bytes,
    centre_type: str,
    already_enrolled: frozenset[tuple[str, str, object]] = frozenset(),
) -> list[Candidate] | list[LineProblem]:
    """The candidates of the file, or every problem (the file is then imported not at all)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return [
            LineProblem(
                0, "CSV_NOT_UTF8", "file", f"the file is not UTF-8 ({e.reason} at byte {e.start})"
            )
        ]
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    unknown = [c for c in header if c not in CSV_COLUMNS]
    if missing or unknown:
        return [
            LineProblem(
                1,
                "CSV_HEADER_NOT_VALID",
                "header",
                f"missing columns: {missing or 'none'}; unknown columns: {unknown or 'none'}",
            )
        ]
    problems: list[LineProblem] = []
    candidates: list[Candidate] = []
    seen: dict[tuple[str, str, object], int] = {}
    for line, row in _rows(reader):
        if isinstance(row, LineProblem):
            return [*problems, row]
        result = validate_candidate(dict(row), centre_type)
        if isinstance(result, list):
            problems += [_at(line, fp) for fp in result]
            continue
        key = result.identity_key
        if key in already_enrolled or key in seen:
            where = f"line {seen[key]}" if key in seen else "the session"
            problems.append(
                LineProblem(
                    line,
                    "DUPLICATE_CANDIDATE_NOT_ALLOWED_IN_SESSION",
                    "last_name",
                    f"the same person (names and birthdate) is already in {where}",
                )
            )
            continue
        seen[key] = line
        candidates.append(result)
    if not candidates and not problems:
        return [LineProblem(1, "EMPTY_SESSION", "file", "the file has no candidate line")]
    return problems or candidates


def _rows(reader: csv.DictReader[str]) -> Iterator[tuple[int, dict[str, str] | LineProblem]]:
    """Each data row with its line number; a line the csv module cannot read ends the file.

    The csv module refuses fields over ``csv.field_size_limit()`` (131,072 characters), and an
    unterminated quote runs to the end of the file: both are reported, never raised.
    """
    while True:
        before = reader.line_num
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            line = before + 1
            reason = "a field is too long" if "field larger" in str(e) else str(e)
            yield line, LineProblem(line, "CSV_NOT_VALID", "file", f"line {line}: {reason}")
            return
        yield reader.line_num, row


def _at(line: int, problem: FieldProblem) -> LineProblem:
    return LineProblem(line, problem.code, problem.field, problem.message)
