"""Enrolment by CSV: every line validated, every bad line reported, all or nothing.

Columns (a header line, UTF-8, separated by commas, semicolons or tabs as the header line
shows; a byte-order mark is accepted): see ``CSV_COLUMNS``, each at most once; a line may not
have more cells than the header. ``extra_time_percentage`` is a whole percentage (e.g. 33).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from domain.certification.candidates import Candidate, FieldProblem, validate_candidate
from domain.text import visible_text

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
DELIMITERS = (",", ";", "\t")
"""Separators read: the comma, the semicolon (what French spreadsheets save) and the tab."""


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
    lines, unreadable = read_csv_lines(data, CSV_COLUMNS, REQUIRED_COLUMNS)
    if unreadable:
        return unreadable
    problems: list[LineProblem] = []
    candidates: list[Candidate] = []
    seen: dict[tuple[str, str, object], int] = {}
    for line, row in lines:
        result = validate_candidate(row, centre_type)
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


def read_csv_lines(
    data: bytes, columns: Sequence[str], required: Sequence[str]
) -> tuple[list[tuple[int, dict[str, str]]], list[LineProblem]]:
    """The lines of a UTF-8 CSV file with a header (BOM accepted), each with its line number.

    The separator is the one the header line uses most (comma, semicolon or tab). A file that
    is not UTF-8, whose header repeats a column, misses a ``required`` one or names one outside
    ``columns``, or with a line of more cells than the header or that the csv module cannot
    read (a field over 131,072 characters, an unterminated quote), gives problems, each
    readable: nothing of such a file is imported.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return [], [
            LineProblem(
                0, "CSV_NOT_UTF8", "file", f"the file is not UTF-8 ({e.reason} at byte {e.start})"
            )
        ]
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text.split("\n", 1)[0]))
    try:
        header = [visible_text(c) for c in next(reader)]
    except (StopIteration, csv.Error):
        header = []
    problems = _header_problems(header, columns, required)
    if problems:
        return [], problems
    lines: list[tuple[int, dict[str, str]]] = []
    for line, cells in _rows(reader):
        if isinstance(cells, LineProblem):
            return [], [*problems, cells]
        if not any(c.strip() for c in cells):
            continue  # a blank line, as spreadsheets leave at the end
        if len(cells) > len(header):
            problems.append(
                LineProblem(
                    line,
                    "CSV_LINE_NOT_VALID",
                    "line",
                    f"line {line} has {len(cells)} cells but the header has {len(header)} columns",
                )
            )
            continue
        lines.append((line, dict(zip(header, cells, strict=False))))
    return ([], problems) if problems else (lines, [])


def _delimiter(first_line: str) -> str:
    """The separator the header line uses most (a comma when it has none)."""
    counts = {d: first_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _header_problems(
    header: list[str], columns: Sequence[str], required: Sequence[str]
) -> list[LineProblem]:
    """What is wrong with the header line: one problem, each fault named in its message."""
    messages = []
    twice = sorted(c for c, n in Counter(header).items() if n > 1)
    if twice:
        messages.append(f"column {_names(twice)} appears more than once")
    unknown = [c for c in header if c not in columns]
    if unknown:
        messages.append(f"unknown column {_names(unknown)}; expected columns: {', '.join(columns)}")
    missing = [c for c in required if c not in header]
    if missing:
        messages.append(f"missing required column {_names(missing)}")
    if not messages:
        return []
    return [LineProblem(1, "CSV_HEADER_NOT_VALID", "header", "; ".join(messages))]


def _names(columns: list[str]) -> str:
    return ", ".join(repr(c) if c else "(an empty name)" for c in columns)


def _rows(reader: Any) -> Iterator[tuple[int, list[str] | LineProblem]]:
    """Each data row with its line number; a line the csv module cannot read ends the file."""
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
