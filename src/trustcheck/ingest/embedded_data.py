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

Tables and charts held as rows of objects (``[{"category": "Child sexual exploitation",
"appealsReceived": 1234, "accountsLocked": 56}]``, or rows keyed by the headers of a ``series`` or
``columns`` list beside them) become records (:class:`DataRecord`): the row's label, each column's
header and its value stay together, under the titles of the chart and section that hold them.
Normalised client caches (Apollo state: entities keyed ``"Series:7"`` that point to each other
with ``{"__ref": "Series:7"}``) are read from their root query with every reference resolved, each
entity once, so a reference cycle or a shared entity never multiplies the work.

The data is untrusted: a script is parsed only when it is under :data:`MAX_SCRIPT_CHARS` and
its brackets nest no deeper than :data:`MAX_NESTING` (checked in one linear pass before the JSON
parser, which recurses, sees it), and the walk over the parsed value is capped in depth and in
the number of values it visits. A script skipped for its size or depth is named in a warning.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from trustcheck.ingest.devalue import is_flat_payload, unflatten
from trustcheck.ingest.normalize import camel_words

MAX_SCRIPT_CHARS = 20_000_000
MAX_DATA_PASSAGES = 2_000
MAX_DEPTH = 64
MAX_NESTING = 512
"""Deepest bracket nesting parsed; deeper JSON is skipped, before the recursive parser sees it."""
MAX_VISITS = 1_000_000
"""Most objects and lists one script's walk visits."""

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
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')
_ENTITY_KEY = re.compile(r"^[A-Z_a-z][\w]*:\S")
"""A normalised cache's entity key, ``Series:7`` or ``Report:{"slug":"2024"}``."""
_COLUMN_LISTS = ("series", "columns", "headers", "fields", "dimensions", "keys", "legend")
_COLUMN_KEY_FIELDS = ("key", "dataKey", "field", "accessor", "accessorKey", "id", "name")
_COLUMN_LABEL_FIELDS = ("label", "header", "title", "name", "displayName", "text")

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


@dataclass(frozen=True)
class DataRecord:
    """One row of a table or chart held in script data: its label, cells and column headers.

    ``titles`` are the labels of the chart and sections that hold the row, outermost first.
    """

    label: str
    cells: tuple[str, ...]
    columns: tuple[str, ...]
    titles: tuple[str, ...]
    path: str

    @property
    def text(self) -> str:
        return " | ".join(self.cells)


def script_json(
    script_type: str, script_id: str, body: str, skipped: list[str] | None = None
) -> Iterator[tuple[str, Any]]:
    """Yield ``(source name, parsed JSON)`` for one ``<script>``; nothing if it holds no JSON.

    A script too large, or nested too deep, to parse safely is not parsed: a line saying so is
    appended to ``skipped``.
    """
    if not body.strip():
        return
    kind = script_type.split(";")[0].strip().lower()
    is_json = kind in _JSON_TYPES or script_id in _JSON_IDS
    if not is_json and kind not in ("", "text/javascript", "application/javascript", "module"):
        return
    name = script_id or kind or "script"
    if len(body) > MAX_SCRIPT_CHARS:
        _skip(skipped, f"script data {name!r} of {len(body):,} characters was not read "
              f"(over {MAX_SCRIPT_CHARS:,})")  # fmt: skip
        return
    if is_json:
        if _too_deep(body, 0):
            _skip(skipped, f"script data {name!r} nests deeper than {MAX_NESTING} levels "
                  "and was not read")  # fmt: skip
            return
        try:
            value = json.loads(body)
        except (ValueError, RecursionError):
            return
        if script_id == "__NUXT_DATA__" and is_flat_payload(value):
            value = unflatten(value)
        yield name, value
        return
    decoder = json.JSONDecoder()
    for match in _ASSIGNMENT.finditer(body):
        name = match.group(1) or match.group(2)
        if _too_deep(body, match.end()):
            _skip(skipped, f"script data {name!r} nests deeper than {MAX_NESTING} levels "
                  "and was not read")  # fmt: skip
            continue
        try:
            value, _ = decoder.raw_decode(body, match.end())
        except (ValueError, RecursionError):
            continue  # a JavaScript literal that is not JSON: never evaluate it
        yield name, value


def _skip(skipped: list[str] | None, message: str) -> None:
    if skipped is not None and message not in skipped:
        skipped.append(message)


def _too_deep(body: str, start: int) -> bool:
    """Whether the JSON value at ``start`` nests brackets deeper than :data:`MAX_NESTING`.

    One pass over strings and brackets, so the check costs what reading the text costs and
    never recurses; it stops where the value closes.
    """
    depth = 0
    for match in _JSON_TOKEN.finditer(body, start):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return True
        elif token in "]}":
            depth -= 1
            if depth <= 0:
                return False
    return False


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


class _Walk:
    """The state of one script's walk: the cache to resolve references in, and the budget."""

    def __init__(self, value: Any) -> None:
        self.cache = _find_cache(value)
        self.expanded: set[str] = set()
        self.visits = 0

    def resolve(self, value: Any) -> Any:
        """The entity a ``{"__ref": key}`` points to (each expanded once), else ``value``."""
        key = _ref_key(value)
        if key is None or self.cache is None:
            return value
        target = self.cache.get(key)
        if not isinstance(target, dict) or key in self.expanded:
            return None
        self.expanded.add(key)
        return target

    def lookup(self, value: Any) -> Any:
        """Like :meth:`resolve` but without expanding: for column definitions read in place."""
        key = _ref_key(value)
        if key is None or self.cache is None:
            return value
        return self.cache.get(key)


def _ref_key(value: Any) -> str | None:
    if isinstance(value, dict) and len(value) == 1:
        key = value.get("__ref")
        return key if isinstance(key, str) else None
    return None


def _find_cache(value: Any) -> dict[str, Any] | None:
    """The normalised cache in ``value`` (Apollo state), looked for near the top of the data."""
    queue: list[tuple[Any, int]] = [(value, 0)]
    seen = 0
    while queue and seen < 10_000:
        item, depth = queue.pop(0)
        seen += 1
        if not isinstance(item, dict):
            continue
        if _is_cache(item):
            return item
        if depth < 4:
            queue.extend((v, depth + 1) for v in item.values() if isinstance(v, dict))
    return None


def _is_cache(obj: dict[str, Any]) -> bool:
    if isinstance(obj.get("ROOT_QUERY"), dict):
        return True
    entities = sum(
        1
        for key, item in list(obj.items())[:50]
        if isinstance(key, str)
        and _ENTITY_KEY.match(key)
        and isinstance(item, dict)
        and "__typename" in item
    )
    return entities >= 2


def data_values(source: str, value: Any) -> Iterator[DataValue | DataRecord]:
    """Walk parsed JSON and yield every labelled number, stated period and record, in order.

    A normalised cache is walked from its root query with references resolved, then any
    entity no query reached.
    """
    walk = _Walk(value)
    cache = walk.cache
    if cache is None:
        yield from _walk(value, source, None, 0, walk, ())
        return
    if cache is not value:
        yield from _walk(value, source, None, 0, walk, ())
    cache_path = _path_to(value, cache, source) or source
    for key in ("ROOT_QUERY", *cache):
        if not isinstance(key, str) or key in walk.expanded or key == "ROOT_MUTATION":
            continue
        entity = cache.get(key)
        if isinstance(entity, dict):
            walk.expanded.add(key)
            yield from _walk(entity, f"{cache_path}[{json.dumps(key)}]", None, 1, walk, ())


def _path_to(root: Any, target: Any, path: str, depth: int = 0) -> str | None:
    if root is target:
        return path
    if depth >= 4 or not isinstance(root, dict):
        return None
    for key, item in root.items():
        if isinstance(item, dict):
            found = _path_to(item, target, f"{path}.{key}", depth + 1)
            if found:
                return found
    return None


def _walk(
    value: Any,
    path: str,
    parent_key: str | None,
    depth: int,
    walk: _Walk,
    titles: tuple[str, ...],
) -> Iterator[DataValue | DataRecord]:
    if depth > MAX_DEPTH or walk.visits > MAX_VISITS:
        return
    value = walk.resolve(value)
    if value is walk.cache and depth > 0:
        return  # walked on its own, from its root query
    walk.visits += 1
    if isinstance(value, list):
        records = _records({}, parent_key or "", value, walk, path, titles)
        if records is not None:  # a plain array of rows, not under an object that names it
            yield from records
            return
        for i, item in enumerate(value):
            yield from _walk(item, f"{path}[{i}]", parent_key, depth + 1, walk, titles)
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
    inner = (*titles, label) if label and len(titles) < 6 else titles
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
        if isinstance(item, list):
            records = _records(value, key, item, walk, f"{path}.{key}", inner)
            if records is not None:
                yield from records
                continue
        yield from _walk(item, f"{path}.{key}", key, depth + 1, walk, inner)


def _column_names(owner: dict[str, Any], walk: _Walk) -> dict[str, str]:
    """Headers for row keys from a column definition beside the rows (``series``, ``columns``).

    Entries may be strings (the headers themselves) or objects with a key and a label, or
    references to such objects.
    """
    names: dict[str, str] = {}
    for list_key in _COLUMN_LISTS:
        entries = owner.get(list_key)
        if not isinstance(entries, list):
            continue
        for entry in entries[:200]:
            entry = walk.lookup(entry)
            if isinstance(entry, str) and entry.strip():
                names.setdefault(entry, entry.strip())
            elif isinstance(entry, dict):
                key = next(
                    (entry[k] for k in _COLUMN_KEY_FIELDS if isinstance(entry.get(k), str)), None
                )
                header = next(
                    (
                        entry[k]
                        for k in _COLUMN_LABEL_FIELDS
                        if isinstance(entry.get(k), str) and entry[k].strip()
                    ),
                    None,
                )
                if key and header:
                    names.setdefault(key, header.strip())
    return names


def _header(key: str, names: dict[str, str]) -> str:
    if key in names:
        return names[key]
    if " " in key.strip():
        return key.strip()  # already a header, as the page shows it
    return camel_words(key)


def _records(
    owner: dict[str, Any],
    key: str,
    rows: list[Any],
    walk: _Walk,
    path: str,
    titles: tuple[str, ...],
) -> list[DataRecord] | None:
    """The rows of a table or chart as records, or None when ``rows`` is not such a table.

    A table is a list of objects (or of arrays, with a ``columns`` list of headers) in which
    each row has a text label and at least one figure. Rows that hold one figure under their
    own ``label`` (``{"label": ..., "value": ..., "unit": ...}``) are labelled figures, read
    with their unit and period, unless a column definition beside them says they are a table.
    """
    names = _column_names(owner, walk)
    resolved = [walk.lookup(r) for r in rows[:MAX_DATA_PASSAGES]]
    if not resolved:
        return None
    if all(isinstance(r, list) for r in resolved) and names:
        headers = list(names.values())
        resolved = [dict(zip(headers, r, strict=False)) for r in resolved]
        names = {h: h for h in headers}
    if not all(isinstance(r, dict) for r in resolved):
        return None
    out: list[DataRecord] = []
    labelled_figures = not names
    for index, row in enumerate(resolved):
        label_key, label = _row_label(row, names)
        if label is None or label_key is None:
            return None
        labelled_figures = labelled_figures and label_key in _LABEL_KEYS
        cells = [label]
        columns = [_header(label_key, names)]
        for column, item in row.items():
            if column == label_key or not isinstance(column, str) or column.startswith("_"):
                continue
            number = _number(item) if not isinstance(item, str) or column in names else None
            if number is None or (_TECHNICAL.search(column) and column not in names):
                continue
            if column in _PERIOD_KEYS and column not in names:
                continue  # {"year": 2024, "half": 1} says when, not how many
            cells.append(number)
            columns.append(_header(column, names))
        if len(cells) < 2:
            return None
        out.append(
            DataRecord(
                label=label,
                cells=tuple(cells),
                columns=tuple(columns),
                titles=titles,
                path=f"{path}[{index}]",
            )
        )
    if labelled_figures and all(len(r.cells) == 2 for r in out):
        return None  # {"label": ..., "value": ...}: one labelled figure a row, read with its unit
    return out


def _row_label(row: dict[str, Any], names: dict[str, str]) -> tuple[str | None, str | None]:
    """The key and text of a row's label: its first short text value that is not a figure."""
    for key in (*_LABEL_KEYS, *row):
        if not isinstance(key, str) or key.startswith("_") or key not in row:
            continue
        value = row[key]
        if key in names and _number(value) is not None:
            continue
        text = _short_str(value)
        if text and not _NUMERIC_STRING.match(text) and not _TECHNICAL.search(key):
            return key, text
        if isinstance(value, int) and key in _PERIOD_KEYS and 1900 <= value <= 2100:
            return key, str(value)
    return None, None


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
