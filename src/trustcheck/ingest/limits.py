"""Limits on what one document may cost, checked while reading rather than after.

A published report is untrusted input: a 3 GB file, a PDF claiming a million pages, or a page that
takes minutes to lay out must end in a clear :class:`~trustcheck.errors.LimitExceeded`, never in a
hang or an out-of-memory kill. Readers call :meth:`Budget.check_time` between pages (and inside
long loops) and :meth:`Budget.count_passage` for every passage they emit.

Those checks are cooperative: a parser stuck inside native code on one page never reaches them.
Where documents are read in worker processes (audits and the command line, see
:mod:`trustcheck.workers`) two limits also hold by force: ``max_memory_mb`` bounds the worker's
address space, and the worker is stopped at :attr:`Limits.hard_seconds`.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

from trustcheck.errors import LimitExceeded

_MB = 1024 * 1024
_SENTENCE_END = re.compile(r"[.!?][\"')\]\u201d\u2019]*\s")
"""A full stop, question or exclamation mark (closing quotes and brackets after it) before
white space: where a sentence may end. An upper bound of the sentences the assessment cuts."""


class Limits(BaseModel):
    """Upper bounds for one document; the defaults fit the largest real reports with room."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_bytes: int = Field(default=200 * _MB, gt=0, description="Largest input file, in bytes.")
    max_pages: int = Field(default=2_000, gt=0, description="Most pages in a PDF.")
    max_passages: int = Field(default=200_000, gt=0, description="Most passages in a document.")
    max_seconds: float = Field(default=120.0, gt=0, description="Wall time for one document.")
    max_text_bytes: int = Field(
        default=32 * _MB,
        gt=0,
        description="Largest HTML, Markdown or text file: parsing markup takes 10-30 times the "
        "file's size in memory, a PDF far less.",
    )
    max_inflated_bytes: int = Field(
        default=256 * _MB,
        gt=0,
        description="Most bytes a PDF's compressed streams (page content, fonts, forms; not "
        "images) or an XLSX workbook's parts may inflate to: a decompression bomb is refused "
        "before it is parsed.",
    )
    max_cells: int = Field(
        default=500_000,
        gt=0,
        description="Most cells in a CSV file or XLSX workbook (all sheets): counted before a "
        "workbook is parsed and again as rows are read.",
    )
    max_line_chars: int = Field(
        default=1_000_000,
        gt=0,
        description="Longest line of a text or Markdown file, in characters: a report's "
        "paragraphs run to thousands, a line of millions is data or damage.",
    )
    max_sentences: int = Field(
        default=200_000,
        gt=0,
        description="Most sentences in a document (sentence ends counted as passages are "
        "made): the assessment weighs every sentence against every signal, so this bound "
        "keeps a document's assessment within minutes.",
    )
    max_memory_mb: int = Field(
        default=4096,
        gt=0,
        description="Address space of a worker process reading one document, in MB (Linux).",
    )

    @property
    def hard_seconds(self) -> float:
        """When a worker process reading one document is stopped by force.

        Later than ``max_seconds`` so the cooperative check, which says on which page it
        stopped, fires first whenever the reader reaches it; the margin also covers assessing.
        """
        return round(self.max_seconds * 1.25 + 1.0, 3)


def sizes(found: int, limit: int) -> tuple[str, str]:
    """A size and the limit it crossed, in units that show the difference.

    Both in MB when they differ at one decimal, as they do for real files; otherwise (a limit
    under a megabyte, or a file just over it) in bytes, so the message never reads "0.0 MB,
    over the limit of 0.0 MB".
    """
    found_mb, limit_mb = f"{found / _MB:.1f} MB", f"{limit / _MB:.1f} MB"
    if found_mb != limit_mb and limit >= _MB:
        return found_mb, limit_mb
    return f"{found:,} bytes", f"{limit:,} bytes"


class Budget:
    """The running account of one document against its :class:`Limits`."""

    def __init__(self, limits: Limits, source: str) -> None:
        self.limits = limits
        self.source = source
        self.started = time.monotonic()
        self.passages = 0
        self.sentences = 0

    def check_bytes(self, size: int) -> None:
        if size > self.limits.max_bytes:
            found, limit = sizes(size, self.limits.max_bytes)
            raise LimitExceeded(f"{self.source} is {found}, over the limit of {limit}")

    def check_text_bytes(self, size: int) -> None:
        if size > self.limits.max_text_bytes:
            found, limit = sizes(size, self.limits.max_text_bytes)
            raise LimitExceeded(
                f"{self.source} is {found} of text or markup, over the limit of {limit} "
                "for formats other than PDF"
            )

    def check_pages(self, pages: int) -> None:
        if pages > self.limits.max_pages:
            raise LimitExceeded(
                f"{self.source} has {pages} pages, over the limit of {self.limits.max_pages}"
            )

    def check_time(self, where: str = "") -> None:
        elapsed = time.monotonic() - self.started
        if elapsed > self.limits.max_seconds:
            at = f" (stopped at {where})" if where else ""
            raise LimitExceeded(
                f"reading {self.source} took over {self.limits.max_seconds:g} s{at}"
            )

    def check_lines(self, lines: Sequence[str], what: str = "text") -> None:
        """Refuse a text or Markdown file with a line over ``max_line_chars``, before any
        line is parsed: every later pass (furniture, tables, sentences) works line by line."""
        limit = self.limits.max_line_chars
        if max(map(len, lines), default=0) <= limit:
            return
        number, line = next((n, s) for n, s in enumerate(lines, 1) if len(s) > limit)
        raise LimitExceeded(
            f"{self.source} has a line of {len(line):,} characters (line {number} of its "
            f"{what}), over the limit of {limit:,} characters a line",
            hint="break the text into lines and paragraphs, or raise Limits.max_line_chars "
            "if the file is trusted",
        )

    def check_table_rows(self, rows: int) -> None:
        """Refuse a table whose rows alone would cross ``max_passages``, before any is made."""
        if self.passages + rows > self.limits.max_passages:
            raise LimitExceeded(
                f"{self.source} has a table of {rows:,} rows, more than the "
                f"{self.limits.max_passages:,} passages a document may have",
                hint="raise Limits.max_passages if the file is trusted",
            )

    def count_sentences(self, text: str) -> None:
        """Count a passage's sentences (its sentence ends, and one for the passage)."""
        self.sentences += 1 + len(_SENTENCE_END.findall(text))
        if self.sentences > self.limits.max_sentences:
            raise LimitExceeded(
                f"{self.source} has more than {self.limits.max_sentences:,} sentences",
                hint="split the document, or raise Limits.max_sentences if the file is "
                "trusted and time allows",
            )

    def count_passage(self) -> None:
        self.passages += 1
        if self.passages > self.limits.max_passages:
            raise LimitExceeded(f"{self.source} has more than {self.limits.max_passages} passages")
        if self.passages % 512 == 0:
            self.check_time(f"passage {self.passages}")
