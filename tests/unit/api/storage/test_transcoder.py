"""The ledger's transcoder reads exactly what the library's JSON transcoder reads (ADR 1520)."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Mapper,
    StoredEvent,
    TranscodingNotRegisteredError,
    UUIDAsHex,
)
from hypothesis import given
from hypothesis import strategies as st

from api.settings import Settings
from api.storage.transcoder import LedgerTranscoder
from domain.application import CertificationLedger

STORED_BEFORE = Path(__file__).with_name("stored_events_before_1520.jsonl")
"""Two events of every topic a full demo stored before this transcoder (the largest ones)."""


def _registered(transcoder: JSONTranscoder) -> JSONTranscoder:
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        transcoder.register(transcoding)
    return transcoder


LIBRARY = _registered(JSONTranscoder())
LEDGER = _registered(LedgerTranscoder())

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(),
    st.uuids(),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.datetimes(timezones=st.sampled_from([UTC, timezone(timedelta(hours=2))])),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(["a", "_type_", "_data_", "b"]), inner, max_size=4),
        st.dictionaries(st.text(max_size=5), inner, max_size=4),
    ),
    max_leaves=20,
)


@given(st.dictionaries(st.text(max_size=8), values, max_size=6))
def test_reads_back_what_the_library_reads_for_any_event_state(state: dict[str, Any]) -> None:
    try:
        stored = LIBRARY.encode(state)
    except TranscodingNotRegisteredError:
        return  # a dict shaped like a tag with an unknown name: the library cannot store it
    try:
        expected = LIBRARY.decode(stored)
    except (TypeError, ValueError) as refused:  # a tag-shaped dict the library cannot read
        with pytest.raises(type(refused)):
            LEDGER.decode(stored)
        return
    assert LEDGER.decode(stored) == expected
    assert LEDGER.encode(state) == stored  # writing is the library's own, byte for byte


def test_reads_what_only_the_standard_parser_accepts() -> None:
    stored = LIBRARY.encode({"big": 2**80, "nan": math.nan, "inf": -math.inf})
    decoded = LEDGER.decode(stored)
    assert decoded["big"] == 2**80
    assert math.isnan(decoded["nan"])
    assert decoded["inf"] == -math.inf


def test_tagged_values_inside_lists_and_tags_come_back_typed() -> None:
    state = {
        "at": [datetime(2026, 11, 29, 9, 0, tzinfo=UTC)],
        "ids": ({"id": UUID(int=7)}, Decimal("1.50")),
    }
    decoded = LEDGER.decode(LIBRARY.encode(state))
    assert decoded == {
        "at": [datetime(2026, 11, 29, 9, 0, tzinfo=UTC)],
        "ids": [{"id": UUID(int=7)}, Decimal("1.50")],
    }


def test_an_unknown_tag_is_refused_as_the_library_refuses_it() -> None:
    stored = b'{"x":{"_type_":"nope","_data_":1}}'
    with pytest.raises(TranscodingNotRegisteredError):
        LEDGER.decode(stored)


def test_every_event_stored_before_the_change_loads_as_before(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    ledger = CertificationLedger(settings.ledger_env())
    try:
        assert isinstance(ledger.mapper.transcoder, LedgerTranscoder)
        before: Mapper[UUID] = Mapper(transcoder=LIBRARY)
        rows = [json.loads(line) for line in STORED_BEFORE.read_text().splitlines()]
        assert len({r["topic"] for r in rows}) >= 50
        for row in rows:
            stored = StoredEvent(
                originator_id=UUID(row["originator_id"]),
                originator_version=row["originator_version"],
                topic=row["topic"],
                state=row["state"].encode(),
            )
            old, new = before.to_domain_event(stored), ledger.mapper.to_domain_event(stored)
            assert type(new) is type(old)
            assert vars(new) == vars(old), row["topic"]
            assert ledger.mapper.to_stored_event(new) == before.to_stored_event(old)
    finally:
        ledger.close()
