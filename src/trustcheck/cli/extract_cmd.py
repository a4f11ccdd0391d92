"""``trustcheck extract``: show what trustcheck reads from a report, passage by passage.

The first thing to run when a verdict looks wrong: it shows whether the text, the reading order,
the headings, the table rows and the page labels came out of the file as the reader expects.
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path

import click

from trustcheck.errors import UsageError


class ExtractFormat(StrEnum):
    """Output formats of ``extract``."""

    TEXT = "text"
    JSON = "json"


_RANGE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")


def parse_pages(spec: str) -> set[int]:
    """Parse ``3-7``, ``4`` or ``1-2,9`` into page numbers (1-based, inclusive)."""
    pages: set[int] = set()
    for part in spec.split(","):
        match = _RANGE.match(part)
        if not match:
            raise UsageError(f"--pages {spec!r} is not a page range; write it like 3-7 or 1,4-6")
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if first < 1 or last < first:
            raise UsageError(f"--pages {spec!r} is not a page range; pages start at 1")
        pages.update(range(first, last + 1))
    return pages


@click.command("extract")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice([f.value for f in ExtractFormat]),
    default=ExtractFormat.TEXT.value,
    show_default=True,
    help="text: one block per passage; json: the Document model.",
)
@click.option("--pages", "pages_spec", metavar="RANGE", help="Only these pages, e.g. 3-7 or 1,4-6.")
@click.option("--password", help="Password of a PDF encrypted with a user password.")
@click.option("--ocr/--no-ocr", default=None, help="Require or forbid OCR of image-only pages.")
@click.option("--max-pages", type=click.IntRange(min=1), help="Page limit (default 2000).")
@click.option("--max-seconds", type=click.FloatRange(min=0.1), help="Time limit (default 120).")
@click.option("--max-mb", type=click.FloatRange(min=0.001), help="File size limit (default 200).")
def extract(
    file: Path,
    fmt: str,
    pages_spec: str | None,
    password: str | None,
    ocr: bool | None,
    max_pages: int | None,
    max_seconds: float | None,
    max_mb: float | None,
) -> None:
    """Show the passages trustcheck reads from FILE (PDF, HTML, Markdown or text)."""
    from trustcheck.ingest import Limits, read_document

    wanted = parse_pages(pages_spec) if pages_spec else None
    overrides: dict[str, float | int] = {}
    if max_pages is not None:
        overrides["max_pages"] = max_pages
    if max_seconds is not None:
        overrides["max_seconds"] = max_seconds
    if max_mb is not None:
        overrides["max_bytes"] = int(max_mb * 1024 * 1024)
    doc = read_document(file, password=password, ocr=ocr, limits=Limits(**overrides))
    if wanted is not None:
        doc.passages = [
            p
            for p in doc.passages
            if not wanted.isdisjoint(range(p.page, (p.end_page or p.page) + 1))
        ]
        doc.pages = [p for p in doc.pages if p.number in wanted]
    if fmt == ExtractFormat.JSON:
        click.echo(doc.model_dump_json(indent=2))
        return
    click.echo(f"# {doc.title or doc.source} ({doc.format}, {doc.page_count} pages)")
    for warning in doc.warnings:
        click.echo(f"# warning: {warning}")
    for passage in doc.passages:
        where = f"page {passage.page}"
        if passage.end_page:
            where = f"pages {passage.page}-{passage.end_page}"
        if passage.page_label and passage.page_label != str(passage.page):
            where += f" (printed {passage.page_label})"
        head = f"[{passage.id}] {where} · {passage.kind}"
        if passage.level is not None:
            head += f" {passage.level}"
        if passage.heading_path:
            head += " · " + " > ".join(passage.heading_path)
        click.echo("")
        click.echo(head)
        if passage.columns:
            click.echo("columns: " + " | ".join(passage.columns))
        if passage.label:
            click.echo(f"label: {passage.label}")
        click.echo(passage.text)
