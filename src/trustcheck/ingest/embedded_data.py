"""Figures that a page holds only in its scripts' JSON, surfaced as labelled ``data`` passages.

Modern report pages (Next.js, Nuxt, dashboards) render their numbers in the browser from JSON
embedded in the HTML: ``<script id="__NEXT_DATA__">``, ``application/json``, ``application/ld+json``
or ``window.__INITIAL_STATE__ = {...};``. The text of such a page says little; the figures are in
the data. This module parses that JSON (never executes anything, never fetches anything) and keeps
only numbers that carry a label, with any period or year beside them and the key path for context,
so a figure like ``{"label": "Accounts actioned for CSEA", "value": 1234, "period": "2024 H1"}``
keeps its metric. Technical numbers (ids, sizes, timestamps, versions) are ignored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from trustcheck.ingest.normalize import camel_words

MAX_SCRIPT_CHARS = 20_000_000
MAX_DATA_PASSAGES = 2_000
MAX_DEPTH = 64

_JSON_TYPES = {"application/json", "application/ld+json", "text/json"}
_JSON_IDS = {"__NEXT_DATA__", "__NUXT_DATA__", "__APOLLO_STATE__"}
_ASSIGNMENT = re.compile(
    r"(?:window|self|globalThis)\s*\.\s*([A-Za-z_$][\w$]*)\s*=\s*(?=[{\[])"
    r"|(?:^|[;\s])(?:var|let|const)\s+([A-Za-z_$][\w$]*)\s*=\s*(?=[{\[])"
)
_LABEL_KEYS = (
    "label",
    "name",
    "title",
    "metric",
    "metricName",
    "heading",
    "caption",
    "description",
)
_VALUE_KEYS = ("value", "count", "total", "number", "amount", "figure", "val", "n")
_PERIOD_KEYS = (
    "period",
    "year",
    "quarter",
    "half",
    "date",
    "month",
    "timeframe",
    "timeFrame",
    "reportingPeriod",
    "range",
    "startDate",
    "endDate",
    "from",
    "to",
)
_TECHNICAL = re.compile(
    r"(?:^|_)(?:id|ids|uuid|index|idx|width|height|x|y|z|lat|lng|lon|zindex|version|revision|"
    r"timestamp|ts|ttl|port|status|code|hash|order|position|pos|offset|size|length|page|"
    r"seed|build)(?:$|_)|Id$|Ids$|At$|Ms$|Version$|Width$|Height$|Index$|Timestamp$"
)
_NUMERIC_STRING = re.compile(r"^\s*[-+]?\d[\d,.\s]*%?\s*$")


@dataclass(frozen=True)
class DataValue:
    """One labelled figure found in embedded JSON."""

    label: str
    text: str


def script_json(script_type: str, script_id: str, body: str) -> Iterator[tuple[str, Any]]:
    """Yield ``(source name, parsed JSON)`` for one ``<script>``; nothing if it holds no JSON."""
    if not body.strip() or len(body) > MAX_SCRIPT_CHARS:
        return
    kind = script_type.split(";")[0].strip().lower()
    if kind in _JSON_TYPES or script_id in _JSON_IDS:
        try:
            yield (script_id or kind), json.loads(body)
        except ValueError:
            return
        return
    if kind not in ("", "text/javascript", "application/javascript", "module"):
        return
    decoder = json.JSONDecoder()
    for match in _ASSIGNMENT.finditer(body):
        name = match.group(1) or match.group(2)
        try:
            value, _ = decoder.raw_decode(body, match.end())
        except ValueError:
            continue  # a JavaScript literal that is not JSON: never evaluate it
        yield name, value


def _number(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return f"{value:,}" if isinstance(value, int) and abs(value) >= 10_000 else str(value)
    if isinstance(value, str) and _NUMERIC_STRING.match(value) and any(c.isdigit() for c in value):
        return value.strip()
    return None


def _period(obj: dict[str, Any]) -> str:
    parts = [
        f"{camel_words(k).lower()} {obj[k]}"
        for k in _PERIOD_KEYS
        if k in obj and isinstance(obj[k], str | int) and not isinstance(obj[k], bool)
    ]
    return ", ".join(parts)


def _first_str(obj: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = obj.get(key)
        if isinstance(value, str) and value.strip() and not _NUMERIC_STRING.match(value):
            return value.strip()
    return None


def _compose(label: str, number: str, period: str, path: str) -> DataValue:
    text = f"{label}: {number}"
    if period:
        text += f" ({period})"
    return DataValue(label=label, text=f"{text} [{path}]")


def data_values(source: str, value: Any) -> Iterator[DataValue]:
    """Walk parsed JSON and yield every labelled number, in document order."""
    yield from _walk(value, source, None, 0)


def _walk(value: Any, path: str, parent_key: str | None, depth: int) -> Iterator[DataValue]:
    if depth > MAX_DEPTH:
        return
    if isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, f"{path}[{i}]", parent_key, depth + 1)
        return
    if not isinstance(value, dict):
        return
    label = _first_str(value, _LABEL_KEYS)
    period = _period(value)
    used: set[str] = set(_PERIOD_KEYS)
    if label is not None:
        for key in _VALUE_KEYS:
            number = _number(value.get(key))
            if number is not None:
                yield _compose(label, number, period, path)
                used.add(key)
                break
    for key, item in value.items():
        if key in used or not isinstance(key, str) or key.startswith(("@", "_")):
            continue
        number = _number(item) if not isinstance(item, str) else None
        if number is not None:
            if _TECHNICAL.search(key):
                continue
            words = camel_words(key)
            if key in _VALUE_KEYS:
                words = label or (camel_words(parent_key) if parent_key else "")
            elif label:
                words = f"{label}: {words.lower()}"
            if len(words) < 3:
                continue
            yield _compose(words, number, period, f"{path}.{key}")
        elif isinstance(item, dict | list):
            yield from _walk(item, f"{path}.{key}", key, depth + 1)
