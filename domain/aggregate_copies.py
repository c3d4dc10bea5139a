"""Cheap copies of cached aggregates whose state is flat.

The library's repository hands each command a ``deepcopy`` of the cached aggregate, so that a
command refused after triggering events cannot corrupt the cache. The generic ``deepcopy``
walks every value and rebuilds each ``datetime`` and ``UUID`` through ``__reduce_ex__``: for
an assessment or a competence evaluation of a few dozen answers that was a third of the CPU of
an answer (ADR 1540). Aggregates whose state is made of immutable values (str, numbers,
datetime, UUID, frozen dataclasses, tuples of those) and of lists, dicts and sets *of*
immutable values get the same independence by copying each container one level down.
"""

from __future__ import annotations

from typing import Any

FLAT_CONTAINERS = (list, dict, set)


def copy_flat_state(original: Any, memo: dict[int, Any]) -> Any:
    """A copy of ``original`` whose lists, dicts and sets are new; their items are shared.

    Sound only when every item of those containers (and every other attribute) is immutable;
    ``tests/unit/domain/test_aggregate_copies.py`` checks it on real histories.
    """
    copy = object.__new__(type(original))
    memo[id(original)] = copy
    state = dict(original.__dict__)
    for name, value in state.items():
        kind = type(value)
        if kind in FLAT_CONTAINERS:
            state[name] = kind(value)
    copy.__dict__.update(state)
    return copy


class FlatState:
    """Mixin for aggregates whose state ``copy_flat_state`` may copy (see the module)."""

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        return copy_flat_state(self, memo)
