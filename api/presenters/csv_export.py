"""The one way to write a CSV export: every cell neutralised against spreadsheet formulas.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (or their
full-width forms) is run as a formula by Excel, LibreOffice and Google Sheets when the file is
opened: ``=cmd|' /C calc'!A0`` typed as a name would start a program on the reader's machine
(CSV injection, OWASP). Such text cells are written with a leading apostrophe, which every
spreadsheet shows as text. Numbers are written as they are.

Use it for every CSV the API sends::

    from api.presenters.csv_export import csv_response

    return csv_response(["last_name", "pix_score"], rows, filename="results.csv")

Stored data is never changed: neutralising happens on the way out, so the ledger keeps what
was typed.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence

from fastapi.responses import Response

__all__ = ["FORMULA_STARTS", "csv_response", "csv_text", "neutralise"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
"""First characters that make a spreadsheet read a cell as a formula (after NFKC)."""


def neutralise(value: object) -> str:
    """The cell text to write: formula-like text gets a leading apostrophe; None is empty."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str):
        return str(value)
    if unicodedata.normalize("NFKC", value[:1]).startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(
    columns: Sequence[str], rows: Iterable[Sequence[object]], *, delimiter: str = ","
) -> str:
    """The CSV text (header line first, CRLF line ends as RFC 4180 asks), cells neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([neutralise(c) for c in columns])
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return out.getvalue()


def csv_response(
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    filename: str,
    delimiter: str = ",",
) -> Response:
    """A download: UTF-8 with a byte-order mark (so Excel reads accents), as ``filename``."""
    body = "\ufeff" + csv_text(columns, rows, delimiter=delimiter)
    return Response(
        content=body.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
