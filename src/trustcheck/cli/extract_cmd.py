"""``trustcheck extract``: show what trustcheck reads from a report, passage by passage.

The first thing to run when a verdict looks wrong: it shows whether the text, the reading order,
the headings, the table rows and the page labels came out of the file as the reader expects.

The file is read in a worker process (:mod:`trustcheck.workers`), as ``trustcheck FILE`` reads
it, so the time and memory limits hold even when a parser is stuck in native code.
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import click

from trustcheck.cli.limit_options import limit_options, limits_from
from trustcheck.cli.output import write_output
from trustcheck.errors import EXIT_ERROR, UsageError
from trustcheck.neutral import neutralise

if TYPE_CHECKING:
    from trustcheck.document import Document


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
@click.option(
    "--output", "-o", type=click.Path(path_type=Path), help="Write to this file (atomically)."
)
@click.option("--password", help="Password of a PDF encrypted with a user password.")
@click.option("--ocr/--no-ocr", default=None, help="Require or forbid OCR of image-only pages.")
@limit_options
@click.pass_context
def extract(
    ctx: click.Context,
    file: Path,
    fmt: str,
    pages_spec: str | None,
    output: Path | None,
    password: str | None,
    ocr: bool | None,
    max_pages: int | None,
    max_mb: float | None,
    max_seconds: float | None,
    max_memory: int | None,
) -> None:
    """Show the passages trustcheck reads from FILE (PDF, HTML, Markdown, text, CSV or XLSX)."""
    from trustcheck.document import Document
    from trustcheck.workers import AssessmentPool

    wanted = parse_pages(pages_spec) if pages_spec else None
    limits = limits_from(max_pages, max_mb, max_seconds, max_memory)
    with AssessmentPool(limits, password=password) as pool:
        outcome = pool.read(str(file), ocr=ocr)
    if not outcome.ok:
        if (ctx.obj or {}).get("debug") and outcome.traceback:
            click.echo(outcome.traceback.rstrip(), err=True)
        line = outcome.payload
        if str(file) not in line:  # a worker that could not start does not know the file
            line = line.replace(": ", f": {file}: ", 1)
        click.echo(neutralise(line), err=True)
        ctx.exit(EXIT_ERROR)
    doc = Document.model_validate_json(outcome.payload)
    if wanted is not None:
        _keep_pages(doc, wanted, pages_spec or "")
    text = doc.model_dump_json(indent=2) + "\n" if fmt == ExtractFormat.JSON else _as_text(doc)
    try:
        write_output(text, output)
    except OSError as err:
        raise UsageError(f"cannot write {output}: {err.strerror or err}") from err


def _keep_pages(doc: Document, wanted: set[int], spec: str) -> None:
    """Keep the passages on (or running across) the wanted pages; none there is an error."""
    if not any(1 <= page <= doc.page_count for page in wanted):
        pages = "1 page" if doc.page_count == 1 else f"pages 1-{doc.page_count}"
        raise UsageError(
            f"--pages {spec}: {doc.source} has {pages}", hint="choose pages within the document"
        )
    doc.passages = [
        p for p in doc.passages if not wanted.isdisjoint(range(p.page, (p.end_page or p.page) + 1))
    ]
    doc.pages = [p for p in doc.pages if p.number in wanted]


def _as_text(doc: Document) -> str:
    """One block per passage: where it is, what it is, under which headings, then its text."""
    lines = [f"# {doc.title or doc.source} ({doc.format}, {doc.page_count} pages)"]
    lines += [f"# warning: {warning}" for warning in doc.warnings]
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
        lines += ["", head]
        if passage.columns:
            lines.append("columns: " + " | ".join(passage.columns))
        if passage.label:
            lines.append(f"label: {passage.label}")
        if passage.cited_by:
            lines.append(f"cited by: {passage.cited_by}")
        lines.append(passage.text)
    return "\n".join(neutralise(line) for line in lines) + "\n"
