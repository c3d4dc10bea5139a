"""The ledger's transcoder: the library's JSON format, parsed with orjson (ADR 1520).

Stored bytes stay exactly what the library's ``JSONTranscoder`` writes (encoding is its own),
so every event already stored reads back the same and older code reads new events. Only
parsing changes: orjson builds the plain objects, then one pass turns the library's tagged
values (``{"_type_": name, "_data_": data}``) back into ``UUID``, ``datetime`` and ``Decimal``,
inner values first, as the library's ``object_hook`` does. Whatever orjson refuses that the
standard parser accepts (``NaN``, integers beyond 64 bits) goes to the library's own parser.
"""

from __future__ import annotations

from typing import Any

import orjson
from eventsourcing.persistence import JSONTranscoder
from typing_extensions import override


class LedgerTranscoder(JSONTranscoder):
    """``JSONTranscoder`` whose ``decode`` parses with orjson; same bytes, same objects."""

    @override
    def decode(self, data: bytes) -> Any:
        try:
            parsed = orjson.loads(data)
        except orjson.JSONDecodeError:
            return super().decode(data)
        if type(parsed) is dict:
            return self._revive_dict(parsed)
        if type(parsed) is list:
            return self._revive_list(parsed)
        return parsed

    def _revive_dict(self, d: dict[str, Any]) -> Any:
        for key, value in d.items():
            kind = type(value)
            if kind is dict:
                d[key] = self._revive_dict(value)
            elif kind is list:
                d[key] = self._revive_list(value)
        if len(d) == 2 and "_type_" in d and "_data_" in d:
            # The library's object hook: one registered transcoding per tag name.
            return self._decode_obj(d)
        return d

    def _revive_list(self, items: list[Any]) -> list[Any]:
        for i, value in enumerate(items):
            kind = type(value)
            if kind is dict:
                items[i] = self._revive_dict(value)
            elif kind is list:
                items[i] = self._revive_list(value)
        return items
