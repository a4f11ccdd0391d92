"""Nuxt 3's page payload (``<script id="__NUXT_DATA__">``) turned back into ordinary JSON values.

Nuxt 3 does not embed its state as nested JSON but as one flat array written by the ``devalue``
library: every object and array holds, in place of each value, the index of that value in the
array (``[{"rows": 1}, [2], {"label": 3, "value": 4}, "Child safety", 1204]``), so a figure's
label and number are never side by side until the indexes are followed. Wrapper types are tagged
arrays (``["Reactive", 5]``, ``["Date", "2025-01-01"]``, ``["Map", k, v, ...]``). This module
follows the indexes and gives back the nested value the page would render, which the script-data
walk then reads like any other. No maintained Python reader of the format exists; the format is
small and documented with ``devalue``'s own ``unflatten``.

The payload is untrusted, so following indexes is bounded: an index already being expanded
(a cycle) and anything deeper than :data:`MAX_DEPTH` read as ``None``, each index is expanded
once (a value shared by many parents is the same Python object, so sharing costs nothing), and
nothing is ever evaluated.
"""

from __future__ import annotations

from typing import Any

MAX_DEPTH = 64
"""Deepest chain of indexes followed; the script-data walk reads no deeper either."""

_SPECIAL = {-1: None, -2: None, -3: None, -4: None, -5: None, -6: 0}
"""devalue's constants: undefined, a hole, NaN, +/-Infinity (none of them a figure) and -0."""
_WRAPPERS = frozenset(
    {
        "Reactive",
        "ShallowReactive",
        "Ref",
        "ShallowRef",
        "NuxtError",
        "Island",
    }
)
"""Tags whose second item is the index of the value they wrap (Vue's reactive wrappers, Nuxt's
own types)."""
_LITERALS = frozenset({"Date", "BigInt", "Object"})
"""Tags whose second item is the value itself, written out (a date, a big integer, a boxed one)."""
_EMPTY = frozenset({"EmptyRef", "EmptyShallowRef", "RegExp", "URL", "URLSearchParams"})


def is_flat_payload(value: Any) -> bool:
    """Whether ``value`` has the shape of a devalue payload: an array whose first item is an
    index-holding object or a tagged wrapper such as ``["ShallowReactive", 1]``."""
    if not isinstance(value, list) or not value:
        return False
    head = value[0]
    if isinstance(head, list):
        return len(head) == 2 and head[0] in _WRAPPERS and isinstance(head[1], int)
    return isinstance(head, dict) and all(
        isinstance(index, int) and not isinstance(index, bool) for index in head.values()
    )


def unflatten(payload: list[Any]) -> Any:
    """The nested value a devalue payload stands for (its item 0, with every index followed)."""
    return _Unflattener(payload).value(0, 0)


class _Unflattener:
    def __init__(self, payload: list[Any]) -> None:
        self.payload = payload
        self.done: dict[int, Any] = {}
        self.open: set[int] = set()

    def value(self, index: Any, depth: int) -> Any:
        if not isinstance(index, int) or isinstance(index, bool):
            return None
        if index < 0:
            return _SPECIAL.get(index)
        if index in self.done:
            return self.done[index]
        if index >= len(self.payload) or index in self.open or depth > MAX_DEPTH:
            return None
        self.open.add(index)
        try:
            result = self._expand(self.payload[index], depth)
        finally:
            self.open.discard(index)
        self.done[index] = result
        return result

    def _expand(self, item: Any, depth: int) -> Any:
        if isinstance(item, dict):
            return {key: self.value(index, depth + 1) for key, index in item.items()}
        if not isinstance(item, list):
            return item
        if item and isinstance(item[0], str):
            return self._tagged(item[0], item[1:], depth)
        return [self.value(index, depth + 1) for index in item]

    def _tagged(self, tag: str, rest: list[Any], depth: int) -> Any:
        if tag in _LITERALS:
            return rest[0] if rest and isinstance(rest[0], str | int | float) else None
        if tag in _WRAPPERS:
            return self.value(rest[0], depth + 1) if rest else None
        if tag == "Set":
            return [self.value(index, depth + 1) for index in rest]
        if tag in ("Map", "null"):  # key, value pairs ("null": an object without prototype)
            keys = rest[0::2] if tag == "null" else [self.value(k, depth + 1) for k in rest[0::2]]
            return {
                str(key): self.value(index, depth + 1)
                for key, index in zip(keys, rest[1::2], strict=False)
                if isinstance(key, str | int | float)
            }
        if tag in _EMPTY:
            return None
        return None  # a type this reader does not know (typed arrays, a plugin's own)
