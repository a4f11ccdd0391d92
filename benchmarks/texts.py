"""Large plain-text and Markdown reports for the text benchmark, made from the corpus's prose.

The labelled corpus's Markdown reports (and its HTML reports, read by trustcheck and written
back as Markdown) are concatenated, each copy under another company's name and with its large
figures scaled and everyday wording varied (as ``reports.py`` does for PDFs), until the text
reaches the size asked for. The plain-text form sets headings as numbered lines, lists as
bullets, paragraphs hard-wrapped at 78 characters and tables as columns lined up with spaces,
as a text export of a report has them. The same arguments give the same bytes.
"""

from __future__ import annotations

import textwrap
from functools import cache
from pathlib import Path

from reports import COMPANIES, CORPUS_REPORTS, _source_lines, _vary

_MB = 1024 * 1024


@cache
def _sources() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(company short name, Markdown lines) of every Markdown and HTML report of the corpus."""
    out = []
    for path in sorted(CORPUS_REPORTS.glob("*")):
        if path.suffix in (".md", ".html"):
            short = path.stem.split("-")[0].capitalize()
            out.append((short, tuple(_source_lines(path))))
    return tuple(out)


def _plain(lines: list[str]) -> list[str]:
    """Markdown source lines as a text export sets them."""
    out: list[str] = []
    table: list[list[str]] = []

    def flush_table() -> None:
        if not table:
            return
        widths = [
            max(len(row[i]) if i < len(row) else 0 for row in table)
            for i in range(max(len(row) for row in table))
        ]
        for row in table:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            out.append("   ".join(cells).rstrip())
        out.append("")
        table.clear()

    for line in lines:
        if line.startswith("|"):
            if not line.startswith("|---"):
                table.append([cell.strip() for cell in line.strip("|").split("|")])
            continue
        flush_table()
        if line.startswith("#"):
            out.append(line.lstrip("#").strip().upper())
        elif line.startswith("- "):
            out.append(line)
        elif line:
            out += textwrap.wrap(line, 78)
        else:
            out.append("")
    flush_table()
    return out


def _pipe_tables(lines: list[str]) -> list[str]:
    """Lines with each table's delimiter row as wide as its header, as Markdown needs."""
    out: list[str] = []
    for line in lines:
        if line.startswith("|---") and out and out[-1].startswith("|"):
            line = "|" + "---|" * (out[-1].count("|") - 1)
        out.append(line)
    return out


def generated_text(size: int, *, markdown: bool = False) -> bytes:
    """About ``size`` bytes of report text (at least ``size``), plain or Markdown."""
    sources = _sources()
    parts: list[str] = []
    total = 0
    copy = 0
    while total < size:
        short, lines = sources[copy % len(sources)]
        company = COMPANIES[copy % len(COMPANIES)] + (
            f" {copy // len(COMPANIES)}" if copy >= len(COMPANIES) else ""
        )
        factor = 1 + (copy * 37 % 29) / 20
        varied = [_vary(line, company, short, factor, copy * 1103 + 1) for line in lines]
        body = _pipe_tables(varied) if markdown else _plain(varied)
        chunk = "\n".join(body) + "\n\n"
        parts.append(chunk)
        total += len(chunk.encode("utf-8"))
        copy += 1
    return "".join(parts).encode("utf-8")


def real_markdown(size: int, folder: Path) -> bytes | None:
    """About ``size`` bytes of the published Markdown reports in ``folder`` repeated, or None
    when there are none (they are kept outside the repository)."""
    texts = [p.read_bytes() for p in sorted(folder.glob("*.md")) if p.name != "SOURCES.md"]
    if not texts:
        return None
    parts: list[bytes] = []
    total = 0
    while total < size:
        text = texts[len(parts) % len(texts)]
        parts.append(text + b"\n\n")
        total += len(text) + 2
    return b"".join(parts)
