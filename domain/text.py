"""Text as people see it: what a name, a label or a CSV cell shows once invisible characters go.

Zero-width spaces, joiners, byte-order marks and other format characters (Unicode category Cf)
print as nothing, so a name made only of them would look empty on every page and certificate;
``visible_text`` drops them, normalises to NFC and collapses whitespace.
"""

from __future__ import annotations

import unicodedata

__all__ = ["visible_text"]


def visible_text(value: str) -> str:
    """``value`` without format characters, in NFC, with whitespace runs made one space."""
    shown = "".join(
        c for c in unicodedata.normalize("NFC", value) if unicodedata.category(c) != "Cf"
    )
    return " ".join(shown.split())
