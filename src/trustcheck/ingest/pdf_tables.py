"""Tables on PDF pages, read as rows of cells so a figure keeps its metric and column.

pdfplumber finds ruled tables well but is 60-75x slower than PDFium (dependencies.md), so tables
are looked for only on pages that look tabular from the runs PDFium already gave us: several
lines split into three or more cells, or a few split lines on a page with ruling paths. There its
table finder runs on the ruling lines PDFium has parsed (``pdf_ruled``); pdfplumber reads the
page itself only when that cannot be done faithfully. When pdfplumber finds no ruled table there,
the aligned lines themselves are taken as the table (unruled tables are common in reports;
``pdf_aligned``). Each table is returned with its area so the page's other text can be read
around it.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from typing import Any

from trustcheck.ingest.pdf_aligned import aligned_tables, is_row
from trustcheck.ingest.pdf_layout import FULL, Line, TableBlock, build_lines
from trustcheck.ingest.pdf_text import Span

_MIN_PATHS = 6


def looks_tabular(lines: list[Line], path_count: int) -> bool:
    """Cheap test on single-column lines: is it worth asking pdfplumber about this page?"""
    rows = sum(1 for line in lines if is_row(line))
    split = sum(1 for line in lines if len(line.cells) >= 2)
    return rows >= 2 or (path_count >= _MIN_PATHS and split >= 3)


class PlumberTables:
    """pdfplumber opened once per document, lazily, only if some page needs it."""

    def __init__(self, data: bytes, password: str | None) -> None:
        self._data = data
        self._password = password
        self._pdf: Any = None
        self.failed_pages: list[int] = []

    def page_tables(self, index: int) -> list[TableBlock]:
        """Ruled tables on one page; a page pdfminer cannot parse falls back to aligned lines."""
        try:
            return self._page_tables(index)
        except MemoryError:  # a memory bound is a limit, not an odd file: never drop tables
            raise
        except Exception:  # pdfminer raises many unrelated types on odd files
            self.failed_pages.append(index + 1)
            return []

    def _page_tables(self, index: int) -> list[TableBlock]:
        if self._pdf is None:
            import pdfplumber

            self._pdf = pdfplumber.open(io.BytesIO(self._data), password=self._password or "")
        page = self._pdf.pages[index]
        try:
            blocks = []
            for table in page.find_tables():
                rows = zip(table.rows, table.extract(), strict=False)
                block = TableBlock.of_rows(
                    table.bbox,
                    (([cell or "" for cell in cells], tuple(row.bbox)) for row, cells in rows),
                )
                if block is not None:
                    blocks.append(block)
            return blocks
        finally:
            page.close()

    def close(self) -> None:
        pdf, self._pdf = self._pdf, None
        if pdf is not None:
            # pdfplumber's close() walks the whole page tree, which may be what pdfminer could
            # not parse: the tables read are kept and a broken tree does not fail the document.
            with contextlib.suppress(Exception):
                pdf.close()


def outside_tables(spans: list[Span], tables: list[TableBlock]) -> list[Span]:
    """The runs whose centre lies in no table (the rest are read as table cells)."""

    def inside(span: Span, table: TableBlock) -> bool:
        cx, cy = (span.x0 + span.x1) / 2, (span.top + span.bottom) / 2
        return table.x0 - 1 <= cx <= table.x1 + 1 and table.top - 1 <= cy <= table.bottom + 1

    return [s for s in spans if not any(inside(s, t) for t in tables)]


def find_tables(
    spans: list[Span],
    path_count: int,
    page_index: int,
    plumber: PlumberTables,
    ruled: Callable[[], list[TableBlock] | None] | None = None,
    *,
    lines: list[Line] | None = None,
) -> list[TableBlock]:
    """Tables on one page, or an empty list for pages that do not look tabular.

    ``ruled`` reads the page's ruled tables cheaply (``pdf_ruled``) or answers None, and then
    pdfplumber reads the page. ``lines`` are ``build_lines(spans, None)`` if already made.
    """
    lines = build_lines(spans, None) if lines is None else lines
    if not looks_tabular(lines, path_count):
        return []
    tables: list[TableBlock] | None = None
    if ruled is not None:
        try:
            tables = ruled()
        except Exception:  # odd path data: pdfplumber reads the page, with its own fallback
            tables = None
    if tables is None:
        tables = plumber.page_tables(page_index)
    if not tables:
        tables = aligned_tables([ln for ln in lines if ln.region == FULL])
    return tables
