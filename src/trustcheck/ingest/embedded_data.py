"""Figures that a page holds only in its scripts' JSON, surfaced as labelled ``data`` passages.

Modern report pages (Next.js, Nuxt, dashboards) render their numbers in the browser from JSON
embedded in the HTML: ``<script id="__NEXT_DATA__">``, ``application/json``, ``application/ld+json``
or ``window.__INITIAL_STATE__ = {...};``. The text of such a page says little; the figures are in
the data. This module parses that JSON (never executes anything, never fetches anything) and keeps
only numbers that carry a label, with the unit and period beside them, so a figure like
``{"label": "Accounts actioned for CSEA", "value": 1234, "unit": "accounts", "period": "2024 H1"}``
reads ``Accounts actioned for CSEA: 1234 accounts (2024 H1)``. It also keeps periods and dates the
page states in its data (``"reportingPeriod": {"label": "July 1 - December 31, 2024"}``), since a
browser shows them. Technical numbers (ids, sizes, timestamps, versions) are ignored, and the key
path where a value sits is kept apart from the text: its list indexes would read as figures.
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
    "reportingPeriod",
    "timeframe",
    "timeFrame",
    "dateRange",
    "range",
    "year",
    "half",
    "quarter",
    "month",
    "date",
    "startDate",
    "endDate",
    "start",
    "end",
    "from",
    "to",
)
"""Keys whose value beside a figure says which period the figure covers."""
_UNIT_KEYS = ("unit", "units", "unitLabel", "unitName")
_PERIOD_NAME = re.compile(
    r"^(?:period|timeframe|timerange|daterange|range|year|fiscalyear|half|quarter|month|date|"
    r"start|end|startdate|enddate|from|to|asof|asat|updated|lastupdated|lastmodified|"
    r"published|publishedon|datepublished|datemodified|reportdate)$"
    r"|period$|daterange$|periodstart$|periodend$|periodlabel$"
)
"""Normalised keys (lower case, no separators) that name a period or a date a page states."""
_PERIOD_LABEL = re.compile(
    r"\b(?:period|date|dates|year|quarter|half|updated|as of|published|covering)\b", re.I
)
_DATE_LIKE = re.compile(
    r"\b(?:1[89]|2[01])\d\d\b|\b[HQ][1-4]\b|\b(?:FY|H|Q)\d|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d",
    re.I,
)
_MAX_PERIOD_CHARS = 80
_TECHNICAL = re.compile(
    r"(?:^|_)(?:id|ids|uuid|index|idx|width|height|x|y|z|lat|lng|lon|zindex|version|revision|"
    r"timestamp|ts|ttl|port|status|code|hash|order|position|pos|offset|size|length|page|"
    r"seed|build)(?:$|_)|Id$|Ids$|At$|Ms$|Version$|Width$|Height$|Index$|Timestamp$"
)
_NUMERIC_STRING = re.compile(r"^\s*[-+]?\d[\d,.\s]*%?\s*$")
_PERCENT_UNITS = {"%", "percent", "percentage", "pct", "per cent"}


@dataclass(frozen=True)
class DataValue:
    """One labelled figure, period or date found in embedded JSON.

    ``text`` is what a reader of the rendered page would see (label, value, unit, period) and
    nothing else: the key path stays in ``path`` so its indexes are never read as figures.
    """

    label: str
    text: str
    path: str


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


def _norm_key(key: str) -> str:
    return re.sub(r"[^a-z0-9]", "", key.lower())


def _short_str(value: Any) -> str | None:
    if isinstance(value, str) and 0 < len(value.strip()) <= _MAX_PERIOD_CHARS:
        return " ".join(value.split())
    return None


def _span(obj: dict[str, Any]) -> str | None:
    """``start to end`` from a pair of date keys (start/end, from/to, startDate/endDate)."""
    for first, last in (("start", "end"), ("startDate", "endDate"), ("from", "to")):
        a, b = _short_str(obj.get(first)), _short_str(obj.get(last))
        if a and b and _DATE_LIKE.search(a) and _DATE_LIKE.search(b):
            return f"{a} to {b}"
    return None


def _period_value(value: Any) -> str | None:
    """A period or date as a page would show it, or None if ``value`` does not look like one.

    A period object shows its own label when it has one (that is what the page renders), else
    its start and end; bare strings must contain a year, a half or quarter, or a month and day,
    so codes and free text under a key like ``range`` are not mistaken for periods.
    """
    if isinstance(value, dict):
        label = _first_str(value, ("label", "name", "title", "text", "display", "displayName"))
        if label and _DATE_LIKE.search(label) and len(label) <= _MAX_PERIOD_CHARS:
            return label
        return _span(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value) if 1900 <= value <= 2100 else None
    text = _short_str(value)
    return text if text and _DATE_LIKE.search(text) else None


def _sibling_period(obj: dict[str, Any]) -> str:
    """The period stated beside a figure, e.g. ``2024 H1`` or ``2024-07-01 to 2024-12-31``."""
    span = _span(obj)
    parts: list[str] = []
    for key in _PERIOD_KEYS:
        if key in ("start", "end", "startDate", "endDate", "from", "to") and span:
            continue
        value = obj.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and key in ("half", "quarter"):
            if 1 <= value <= 4:
                parts.append(f"{key[0].upper()}{value}")
            continue
        text = _period_value(value)
        if text:
            parts.append(text)
    if span:
        parts.append(span)
    return " ".join(parts)


def _unit(obj: dict[str, Any]) -> str:
    for key in _UNIT_KEYS:
        text = _short_str(obj.get(key))
        if text and not _NUMERIC_STRING.match(text):
            return text
    return ""


def _first_str(obj: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = obj.get(key)
        if isinstance(value, str) and value.strip() and not _NUMERIC_STRING.match(value):
            return value.strip()
    return None


def _compose(label: str, number: str, unit: str, period: str, path: str) -> DataValue:
    text = f"{label}: {number}"
    if unit.lower() in _PERCENT_UNITS:
        text += "%" if not number.endswith("%") else ""
    elif unit:
        text += f" {unit}"
    if period:
        text += f" ({period})"
    return DataValue(label=label, text=text, path=path)


def data_values(source: str, value: Any) -> Iterator[DataValue]:
    """Walk parsed JSON and yield every labelled number and stated period, in document order."""
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
    period = _sibling_period(value)
    unit = _unit(value)
    used: set[str] = set(_PERIOD_KEYS)
    figures = 0
    if label is not None:
        for key in _VALUE_KEYS:
            number = _number(value.get(key))
            if number is not None:
                yield _compose(label, number, unit, period, f"{path}.{key}")
                figures += 1
                used.add(key)
                break
    nested: list[tuple[str, Any]] = []
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
            figures += 1
            yield _compose(words, number, unit, period, f"{path}.{key}")
        elif isinstance(item, dict | list):
            nested.append((key, item))
    if figures == 0:
        yield from _stated_periods(value, label, path, parent_key)
    for key, item in nested:
        if isinstance(item, dict) and _PERIOD_NAME.search(_norm_key(key)) and _period_value(item):
            continue  # a period object, already shown by its label or its start and end
        yield from _walk(item, f"{path}.{key}", key, depth + 1)


def _stated_periods(
    obj: dict[str, Any], label: str | None, path: str, parent_key: str | None
) -> Iterator[DataValue]:
    """Periods and dates an object states on its own (not beside a figure it holds).

    A page often renders "Reporting period: July 1 – December 31, 2024" or "Last updated: ..."
    from its data while the HTML holds only an empty placeholder. Only keys that name a period or
    a date, with values that look like one, are kept, so ordinary strings never become passages.
    """
    span = _span(obj)
    if span:
        name = label or (camel_words(parent_key) if parent_key else "") or "Period"
        yield DataValue(label=name, text=f"{name}: {span}", path=path)
    for key, item in obj.items():
        if not isinstance(key, str) or key.startswith(("@", "_")):
            continue
        norm = _norm_key(key)
        if span and norm in ("start", "end", "startdate", "enddate", "from", "to"):
            continue
        if key in _VALUE_KEYS and label and _PERIOD_LABEL.search(label):
            name = label  # {"label": "Reporting period", "value": "July - December 2024"}
        elif _PERIOD_NAME.search(norm):
            name = camel_words(key)
        else:
            continue
        text = _period_value(item)
        if text and len(name) >= 2:
            yield DataValue(label=name, text=f"{name}: {text}", path=f"{path}.{key}")
