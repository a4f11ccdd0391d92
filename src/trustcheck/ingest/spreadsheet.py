"""Reading data releases, CSV files and XLSX workbooks, as records that keep their headers.

Members publish their figures as spreadsheets as well as reports: a CSV of enforcement counts, a
workbook whose sheet holds a titled table per harm with notes under it. A figure read from such a
file must keep its row label and column header ("Child Safety", "Accounts Disabled", "116,219")
exactly as table rows in PDF and HTML do, so each row becomes a ``table_row`` passage with the
header row as its ``columns``. A row with one text cell is a title (a heading, which starts a new
table) or, when it reads as a sentence, a note (a paragraph). Header rows stacked above a table
are merged column by column, a group header spanning the empty cells to its right as a merged cell
or a colspan does. A record with no row label of its own takes the text above its label column
(a period such as "July - December 2021" in the table's corner).

A workbook is a zip of XML and treated as hostile: the sizes its parts inflate to and the number
of cells are bounded (:class:`~trustcheck.ingest.limits.Limits`) before and while it is read, XML
that declares a DTD or entities is refused, and openpyxl reads it in read-only mode with the values
the file stores (formulas are never evaluated). Each worksheet is a page named after the sheet.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from trustcheck.document import PageInfo, PassageKind
from trustcheck.errors import DocumentError, LimitExceeded, UnreadableDocument
from trustcheck.ingest.limits import Budget, sizes
from trustcheck.ingest.normalize import clean
from trustcheck.ingest.passages import PassageBuilder

_NUMBER = re.compile(r"[-+]?(?:\d[\d,.\s]*)%?|[-+]?\.\d+%?|--?|n/?a|—|–", re.I)
"""A figure, or the dash or n/a a release writes where there is none."""
_YEAR = re.compile(r"(?:19|20)\d\d")
_DEFAULT_SHEET_NAME = re.compile(r"(?:sheet|tabelle|feuil|hoja|foglio|planilha|blad)\s*\d*", re.I)
_NOTE_START = re.compile(r"(?:notes?|source|sources|\*|†|footnote|definitions?)\b", re.I)
_MAX_TITLE_CHARS = 90
_XML_PROLOG_BYTES = 4096
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s>/]")
_SNIFF_LINES = 64
_DELIMITERS = (",", "\t", ";")
_QUOTED = re.compile(r'"[^"]*"')


def is_xlsx(data: bytes) -> bool:
    """A zip archive holding a workbook part (``xl/workbook.xml``)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return any(name.lower() == "xl/workbook.xml" for name in archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def is_zip(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04")


def csv_dialect(text: str) -> str | None:
    """The delimiter when ``text`` is a CSV (or TSV) file, else None.

    A CSV is a grid: nearly every one of its first lines splits into the same number (two or
    more) of short fields, never lined up with runs of spaces. Prose fails at once: its lines
    hold a comma or two, never the same number, and its fields are long.
    """
    lines = [line for line in text[:65536].split("\n")[: _SNIFF_LINES + 1] if line.strip()]
    if len(text) > 65536 and len(lines) > _SNIFF_LINES:
        lines = lines[:_SNIFF_LINES]  # the last line may be cut
    if len(lines) < 2:
        return None
    bare = [_QUOTED.sub('""', line) for line in lines]
    if any("  " in line.strip() for line in bare):
        return None  # columns lined up with spaces: a text table (``text_tables``)
    for delimiter in _DELIMITERS:
        try:
            rows = list(csv.reader(lines, delimiter=delimiter))
        except csv.Error:
            continue
        widths = [len(row) for row in rows]
        width = max(set(widths), key=widths.count)
        if width < 2 or widths.count(width) < 0.9 * len(rows):
            continue
        fields = [f.strip() for row in rows for f in row if f.strip()]
        short = sum(1 for f in fields if len(f) <= 60)
        if fields and short >= 0.8 * len(fields):
            return delimiter
    return None


@dataclass
class Sheet:
    """One grid of cell texts: a worksheet, or the whole of a CSV file."""

    name: str | None
    rows: list[list[str]] = field(default_factory=list)


def read_csv(text: str, builder: PassageBuilder) -> str | None:
    """Read a CSV file into ``builder``; return its title (its first title row), if any."""
    budget = builder.budget
    delimiter = csv_dialect(text) or ","
    sheet = Sheet(name=None)
    cells = 0
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        for row in reader:
            cells += max(1, len(row))
            _check_cells(cells, budget)
            sheet.rows.append([clean(c) for c in row])
            if len(sheet.rows) % 4096 == 0:
                budget.check_time(f"row {len(sheet.rows)}")
    except csv.Error as err:
        raise UnreadableDocument(
            f"{budget.source} is not a readable CSV file (line {reader.line_num}: {err})",
            hint="export the data again, or save it as XLSX",
        ) from err
    return emit_sheet(sheet, builder, page=1, level=1)


def _check_cells(cells: int, budget: Budget) -> None:
    limit = budget.limits.max_cells
    if cells > limit:
        raise LimitExceeded(f"{budget.source} has more than {limit:,} cells")


def read_xlsx(data: bytes, builder: PassageBuilder) -> tuple[str | None, list[PageInfo], list[str]]:
    """Read an XLSX workbook into ``builder``; return its title, pages (sheets) and warnings.

    What openpyxl warns about (a damaged part it skipped) becomes a warning of the document,
    never a line on the terminal.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        title, pages, found = _read_xlsx(data, builder)
    for warning in caught:
        text = f"the workbook: {clean(str(warning.message))}"
        if text not in found:
            found.append(text)
    return title, pages, found


def _read_xlsx(
    data: bytes, builder: PassageBuilder
) -> tuple[str | None, list[PageInfo], list[str]]:
    budget = builder.budget
    _check_archive(data, budget)
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
    except Exception as err:
        if not isinstance(err, InvalidFileException) and not _file_error(err):
            raise
        raise UnreadableDocument(
            f"{budget.source} is not a readable XLSX workbook ({_reason(err)})",
            hint="open it in a spreadsheet program and save it again as XLSX or CSV",
        ) from err
    title: str | None = None
    pages: list[PageInfo] = []
    notes: list[str] = []
    cells = 0
    try:
        for number, worksheet in enumerate(workbook.worksheets, start=1):
            budget.check_time(f"sheet {number}")
            sheet = Sheet(name=clean(worksheet.title) or f"Sheet {number}")
            if hasattr(worksheet, "reset_dimensions"):
                worksheet.reset_dimensions()  # a stated size can lie: read the rows there are
            try:
                for row in worksheet.iter_rows():
                    cells += max(1, len(row))
                    _check_cells(cells, budget)
                    sheet.rows.append([_cell_text(cell) for cell in row])
                    if len(sheet.rows) % 4096 == 0:
                        budget.check_time(f"row {len(sheet.rows)} of sheet {sheet.name}")
            except Exception as err:
                if isinstance(err, DocumentError) or not _file_error(err):
                    raise
                raise UnreadableDocument(
                    f"sheet {sheet.name!r} of {budget.source} cannot be read ({_reason(err)})",
                    hint="open it in a spreadsheet program and save it again as XLSX or CSV",
                ) from err
            heading = sheet.name if not _DEFAULT_SHEET_NAME.fullmatch(sheet.name or "") else None
            before = len(builder.passages)
            sheet_title = emit_sheet(
                sheet, builder, page=number, level=2, heading=heading, page_label=sheet.name
            )
            title = title or sheet_title
            has_text = len(builder.passages) > before
            pages.append(PageInfo(number=number, label=sheet.name, has_text=has_text))
    finally:
        workbook.close()
    if not pages:
        raise UnreadableDocument(f"{budget.source} is a workbook with no worksheets")
    properties_title = clean(getattr(workbook.properties, "title", None) or "")
    return properties_title or title, pages, notes


def _file_error(err: Exception) -> bool:
    """An error that says the file is broken or hostile, not that trustcheck has a bug: the XML
    parsers' own errors (a refused entity too) and what openpyxl raises on malformed parts."""
    if type(err).__module__.split(".")[0] in ("xml", "defusedxml", "lxml"):
        return True
    return isinstance(
        err,
        ValueError
        | KeyError
        | TypeError
        | IndexError
        | AttributeError
        | EOFError
        | OSError
        | zipfile.BadZipFile,
    )


def _reason(err: BaseException) -> str:
    text = clean(str(err)) or type(err).__name__
    return text[:160]


def _check_archive(data: bytes, budget: Budget) -> None:
    """Refuse a workbook whose parts inflate past the limit, or that declares XML entities.

    zipfile stops reading a part at the size its directory states (and a part that holds more
    fails its checksum), so the stated sizes bound what the workbook can inflate to.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as err:
        raise UnreadableDocument(
            f"{budget.source} is not a readable XLSX workbook ({_reason(err)})",
            hint="download or export it again",
        ) from err
    with archive:
        members = archive.infolist()
        inflated = sum(info.file_size for info in members)
        if inflated > budget.limits.max_inflated_bytes:
            found, limit = sizes(inflated, budget.limits.max_inflated_bytes)
            raise LimitExceeded(
                f"{budget.source} inflates to {found}, over the limit of {limit} "
                "(a decompression bomb, or a workbook too large to read)"
            )
        cells = 0
        for info in members:
            if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
                continue
            try:
                with archive.open(info) as part:
                    head = part.read(_XML_PROLOG_BYTES)
                    if _declares_entities(head):
                        raise UnreadableDocument(
                            f"{budget.source} has XML with a DTD or entities "
                            f"({info.filename}), which a workbook never needs",
                            hint="open it in a spreadsheet program and save it again",
                        )
                    if info.filename.lower().startswith("xl/worksheets/"):
                        cells += _count_cells(head, part, budget)
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as err:
                raise UnreadableDocument(
                    f"{budget.source} is not a readable XLSX workbook "
                    f"({info.filename}: {_reason(err)})",
                    hint="download or export it again",
                ) from err


def _declares_entities(head: bytes) -> bool:
    """A DTD in the prolog: the way to external and expanding (billion laughs) entities."""
    head = head.lstrip(b"\xef\xbb\xbf").replace(b"\x00", b"")  # UTF-8 BOM, UTF-16 text
    return b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper()


def _count_cells(head: bytes, part: Any, budget: Budget) -> int:
    """Count the cell elements of one sheet, stopping as soon as there are too many."""
    count = 0
    tail = b""
    chunk = head
    while chunk:
        window = tail + chunk
        count += len(_CELL_TAG.findall(window)) - len(_CELL_TAG.findall(tail))
        _check_cells(count, budget)
        tail = window[-32:]
        chunk = part.read(1 << 20)
        budget.check_time("counting cells")
    return count


def _cell_text(cell: Any) -> str:
    """A cell's stored value as the sheet shows it: grouped figures, percentages, dates."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    number_format = str(getattr(cell, "number_format", "") or "General")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return format_number(value, number_format)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return clean(str(value))


def format_number(value: float, number_format: str = "General") -> str:
    """A stored number as a reader of the sheet sees it.

    Percent formats show ``0.994`` as ``99.4%``; whole numbers of five digits or more are
    grouped (``36,918``), smaller ones and years are not; other decimals keep their digits.
    """
    if "%" in number_format:
        digits = _decimals(number_format)
        shown = f"{value * 100:.{digits}f}" if digits is not None else f"{value * 100:.6g}"
        return f"{shown}%"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    digits = _decimals(number_format)
    if digits is not None:
        return f"{value:,.{digits}f}" if "," in number_format else f"{value:.{digits}f}"
    return f"{value:.10g}"


def _decimals(number_format: str) -> int | None:
    match = re.search(r"0\.(0+)", number_format)
    if match:
        return len(match.group(1))
    if re.search(r"(?:^|[^.\d])0(?:%|$|[^.\d])", number_format):
        return 0
    return None


def _is_figure(text: str) -> bool:
    return bool(text) and _NUMBER.fullmatch(text) is not None and not _YEAR.fullmatch(text)


def _trim(rows: list[list[str]]) -> list[list[str]]:
    """Rows without trailing empty cells, and without columns that are empty in every row."""
    rows = [_rstrip(row) for row in rows]
    lead = min((next(i for i, c in enumerate(r) if c) for r in rows if r), default=0)
    return [row[lead:] for row in rows]


def _rstrip(row: list[str]) -> list[str]:
    end = len(row)
    while end and not row[end - 1]:
        end -= 1
    return row[:end]


def _is_title(row: list[str]) -> str | None:
    filled = [c for c in row if c]
    if len(filled) == 1 and not _is_figure(filled[0]):
        return filled[0]
    return None


def _is_note(text: str) -> bool:
    return (
        len(text) > _MAX_TITLE_CHARS
        or text.rstrip().endswith((".", ";"))
        or _NOTE_START.match(text) is not None
    )


def _opens_table(rows: list[list[str]], start: int) -> bool:
    """Is the next row with text, from ``start``, the header row of a table? Then the row
    before it is that table's title, even right under the last table's records."""
    following = next((row for row in rows[start:] if any(row)), None)
    return following is not None and _header_like(following)


def _header_like(row: list[str]) -> bool:
    filled = [c for c in row if c]
    return len(filled) >= 2 and not any(_is_figure(c) for c in filled)


def merge_headers(rows: Sequence[Sequence[str]]) -> list[str]:
    """Stacked header rows as one header, column by column.

    A cell of an upper row spans the empty cells to its right (a merged cell, or a group header
    such as "CSEAI - Hosted Consumer Services" over four columns), up to the width of the lowest
    header row; the texts above each column are joined top to bottom.
    """
    width = max((len(r) for r in rows), default=0)
    limit = len(_rstrip(list(rows[-1]))) if rows else 0
    merged = [""] * width
    for depth, row in enumerate(rows):
        cells = list(row) + [""] * (width - len(row))
        if depth < len(rows) - 1:
            carry = ""
            for i in range(width):
                if cells[i]:
                    carry = cells[i]
                elif carry and i < limit and i > 0:
                    cells[i] = carry
        for i, cell in enumerate(cells):
            if cell and cell != merged[i]:
                merged[i] = f"{merged[i]} {cell}".strip()
    return merged


def emit_sheet(
    sheet: Sheet,
    builder: PassageBuilder,
    *,
    page: int,
    level: int,
    heading: str | None = None,
    page_label: str | None = None,
) -> str | None:
    """Emit one sheet's titles, notes and records; return its first title."""
    builder.reset_headings()
    if heading:
        builder.heading(heading, 1, page=page, page_label=page_label)
    title: str | None = None
    columns: list[str] | None = None
    pending: list[list[str]] = []
    state = "start"  # "start" of a block, inside its "header" rows, in its "body", or a "gap"

    def flush_pending() -> None:
        nonlocal pending
        for row in pending:  # header rows with no records under them: keep their text
            builder.table_row(row, None, page=page, page_label=page_label)
        pending = []

    rows = _trim(sheet.rows)
    for index, row in enumerate(rows):
        if not any(row):
            if state == "header":
                columns, pending = merge_headers(pending), []
            state = "gap" if state in ("body", "header") else state
            continue
        text = _is_title(row)
        if (
            text is not None
            and state == "body"
            and row[0]
            and not _is_note(text)
            and not _opens_table(rows, index + 1)
        ):
            text = None  # a label right under the records ("Total" whose formulas hold no value)
        if text is not None:
            flush_pending()
            columns, state = None, "start"
            if _is_note(text):
                builder.add(PassageKind.PARAGRAPH, text, page=page, page_label=page_label)
            elif text.casefold() != (heading or "").casefold():  # not the sheet's name again
                builder.heading(text, level, page=page, page_label=page_label)
                title = title or text
            else:
                title = title or text
            continue
        if state in ("start", "header") and _header_like(row):
            pending.append(row)
            state = "header"
            continue
        if state == "gap" and _header_like(row):
            pending, state = [row], "header"
            continue
        if state == "header":
            columns, pending = merge_headers(pending), []
        state = "body"
        cells = list(row)
        if columns and not cells[0] and columns[0]:
            cells[0] = columns[0]  # no row label: the period or name above the label column
        builder.table_row(cells, columns, page=page, page_label=page_label)
    flush_pending()
    builder.reset_headings()
    return title
