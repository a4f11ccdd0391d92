"""Decoding text files and reading plain text into passages.

Plain-text reports are often exported by old tools in a legacy encoding (cp1252 with curly quotes
and the euro sign, latin-1, UTF-16 with a BOM). UTF-8 and BOMs are tried first because they are
unambiguous; charset-normalizer guesses the rest. Text that decodes to control characters is
binary data in disguise and is refused.

Paragraphs are separated by blank lines; a short single-line paragraph in capitals or with a
section number ("2.1 Reporting", "IV. Outcomes") is a heading; lines starting with a bullet or a
number followed by text are list items; lines whose cells line up in columns are table rows
(``text_tables``). Text converted from PDF goes through ``text_flow``: sentences wrapped across
blank lines are joined again, and running headers, page numbers, banners and contents pages are
kept out of the paragraphs as furniture.
"""

from __future__ import annotations

import codecs
import re

from trustcheck.document import PassageKind
from trustcheck.ingest.normalize import clean
from trustcheck.ingest.passages import PassageBuilder
from trustcheck.ingest.text_flow import (
    Flow,
    hyphenated,
    is_contents_heading,
    running_keys,
)
from trustcheck.ingest.text_tables import Table, split_tables

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode(data: bytes) -> str | None:
    """Decode bytes to text, or return None when they are not text in any likely encoding."""
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            break
    if text is None:
        head = data[:4096]
        # Judged by the share of NUL bytes, not by one: a stray NUL in a web page or a text
        # export is damage, while binary data and BOM-less UTF-16 are full of them.
        if head.count(b"\x00") > max(2, len(head) // 200):
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _guess_legacy(data)
            if text is None:
                return None
    sample = text[:65536]
    if sample and len(_CONTROL.findall(sample)) > max(2, len(sample) // 200):
        return None
    # A stray NUL is damage, never content (an HTML parser would show it as U+FFFD).
    return text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")


_CP1252_LIKE = {"cp1252", "latin_1", "iso8859_15"}


def _guess_legacy(data: bytes) -> str | None:
    """Decode non-UTF-8 bytes, preferring cp1252 when it reads as well as the best guess.

    On short texts charset-normalizer often ranks an old DOS or Baltic code page first (cp852,
    cp1257) for what is really Windows-1252, the encoding most legacy reports use: cp1252 wins
    when one of the near-best guesses is cp1252 or latin-1, or decodes to the same text. Text
    that reads differently in cp1252 (Polish, Cyrillic...) keeps the best guess.
    """
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    try:
        windows = data.decode("cp1252")
    except UnicodeDecodeError:
        return str(best)
    for match in list(matches)[:5]:
        if match.chaos > best.chaos + 0.1:
            continue
        if match.encoding in _CP1252_LIKE or str(match) == windows:
            return windows
    return str(best)


_BULLET = re.compile(r"^\s*(?:[-*+\u2022\u2023\u25e6\u2043\u2219]|\(?[0-9a-z]{1,3}[.)])\s+(?=\S)")
_NUMBERED_HEADING = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(?P<title>[A-Z].{0,80})$")
_OUTLINE_HEADING = re.compile(
    r"^(?:(?P<roman>[IVX]{1,5})|(?P<letter>[A-H]))\.\s+(?P<title>[A-Z].{0,80})$"
)


def heading_level(line: str) -> int | None:
    """The level of a plain-text heading line, or None when the line is not a heading."""
    line = line.strip()
    if not line or len(line) > 90 or line.endswith((".", ",", ";", ":")):
        return None
    match = _NUMBERED_HEADING.match(line)
    if match:
        title = match.group("title")
        if len(title.split()) <= 10:
            return match.group("num").count(".") + 1
        return None
    match = _OUTLINE_HEADING.match(line)
    if match and len(match.group("title").split()) <= 10:
        return 1 if match.group("roman") else 2
    letters = [c for c in line if c.isalpha()]
    if len(letters) >= 3 and all(c.isupper() for c in letters) and len(line.split()) <= 12:
        return 1
    return None


def read_text(text: str, builder: PassageBuilder) -> str | None:
    """Read plain text into ``builder``; return the title (the first heading), if any."""
    title: str | None = None
    builder.budget.check_lines(text.split("\n"))
    blocks = [
        lines
        for block in re.split(r"\n[ \t]*\n", text)
        if (lines := [line for line in block.split("\n") if line.strip()])
    ]
    flow = Flow(
        builder,
        running=running_keys(b[0] for b in blocks if len(b) == 1),
        lines=lambda: (line for b in blocks for line in b),
    )
    for lines in blocks:
        if len(lines) == 1 and flow.take_furniture(lines[0]):
            continue
        if len(lines) == 1 and (level := heading_level(lines[0])) is None:
            level = 1 if is_contents_heading(lines[0]) else None
        if len(lines) == 1 and level is not None:
            flow.heading(lines[0], level)
            title = title or clean(lines[0])
            continue
        if all(_BULLET.match(line) for line in lines) or (
            _BULLET.match(lines[0]) and len(lines) > 1 and _BULLET.match(lines[1])
        ):
            flow.before_other()
            _list_items(lines, builder)
            continue
        parts = split_tables(lines)
        if parts is None:
            flow.paragraph(_join_lines(lines), len(lines[-1].rstrip()))
        else:
            flow.before_other()
            heading = _text_and_tables(parts, builder)
            title = title or heading
        builder.budget.check_time()
    flow.flush()
    return title


def _text_and_tables(parts: list[list[str] | Table], builder: PassageBuilder) -> str | None:
    """Emit a block that holds a table: its rows, and the lines around it (a caption, a note)."""
    first_heading: str | None = None
    for part in parts:
        if isinstance(part, Table):
            builder.budget.check_table_rows(len(part.rows))
            for row in part.rows:
                builder.table_row(row, part.columns)
        elif len(part) == 1 and (level := heading_level(part[0])) is not None:
            builder.heading(part[0], level)
            first_heading = first_heading or clean(part[0])
        else:
            builder.add(PassageKind.PARAGRAPH, " ".join(part))
    return first_heading


def _join_lines(lines: list[str]) -> str:
    """A block's lines as one paragraph, in linear time, hyphenated words joined."""
    if not any(line.rstrip().endswith("-") for line in lines):
        return " ".join(lines)  # the common case, kept as cheap as it can be
    parts: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if parts and hyphenated(parts[-1], line):
            parts[-1] = parts[-1][:-1] + line
        else:
            parts.append(line)
    return " ".join(parts)


def _list_items(lines: list[str], builder: PassageBuilder) -> None:
    """Emit one list item per bullet; continuation lines join the item above."""
    items: list[str] = []
    for line in lines:
        if _BULLET.match(line) or not items:
            items.append(_BULLET.sub("", line, count=1))
        else:
            items[-1] += " " + line.strip()
    for item in items:
        builder.add(PassageKind.LIST_ITEM, item)
