"""Where a piece of evidence sits in its report: a PDF page image with boxes, or its section.

A PDF page is rendered by pypdfium2 to a PNG, once per (report, page) and kept in a bounded
in-memory cache, so a reviewer going back and forth does not wait for a render twice. The quote
is found on the page from pdfium's own text (character by character, comparing letters and
digits only, so line breaks, hyphenation and ligatures do not matter) and highlighted from the
characters' boxes, drawn over the image as SVG rectangles in PDF points. A paragraph that runs
on to the next page is highlighted on both pages, each shown.

For HTML, Markdown and text the report is read again (bounded cache too) and the passage is
shown among the passages under the same heading.

Only the file the audit assessed is ever opened: the member's stored download inside the audit
folder, or the path the manifest gave, and only when its hash is still the one recorded.
"""

from __future__ import annotations

import hashlib
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from trustcheck.audit.manifest import is_url
from trustcheck.audit.store import AuditStore, MemberRecord
from trustcheck.document import Document, Passage
from trustcheck.errors import AuditError, TrustcheckError

RENDER_SCALE = 1.5
"""Pixels per PDF point: sharp enough to read 8-point footnotes on a laptop screen."""
PAGE_CACHE = 48
"""Rendered pages kept in memory (a page PNG is 100-400 kB)."""
DOCUMENT_CACHE = 4
"""HTML and text reports kept read in memory."""
VIEW_CACHE = 1024
"""Quotes located on their pages (a few boxes each)."""
MATCH_HEAD = 60
"""Letters compared when a whole quote is not found: its start, then its end."""

K = TypeVar("K")
V = TypeVar("V")


class BoundedCache(Generic[K, V]):
    """A small thread-safe LRU cache."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


@dataclass(frozen=True, slots=True)
class Box:
    """A highlight rectangle in PDF points from the page's top-left corner."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class PageView:
    """A PDF page's size in points and the boxes of one quote on it (empty: not found)."""

    page: int
    width: float
    height: float
    boxes: tuple[Box, ...]


class Sources:
    """Opens members' reports for the verdict page; nothing outside what the audit assessed."""

    def __init__(self, store: AuditStore) -> None:
        self.store = store
        self.pages: BoundedCache[tuple[str, int], bytes] = BoundedCache(PAGE_CACHE)
        self.documents: BoundedCache[str, Document] = BoundedCache(DOCUMENT_CACHE)
        self.views: BoundedCache[tuple[str, int, str], tuple[PageView, ...]] = BoundedCache(
            VIEW_CACHE
        )
        self._render_lock = threading.Lock()  # pdfium is not thread-safe

    def report_path(self, record: MemberRecord) -> Path:
        """The bytes the audit assessed for this member, checked against the recorded hash."""
        if record.stored:
            path = self.store.inside(self.store.root / record.stored)
        elif is_url(record.source):
            raise AuditError(f"{record.member}: the downloaded report is not in the audit folder")
        else:
            path = Path(record.source)
        try:
            data = path.read_bytes()
        except OSError as err:
            raise AuditError(f"{record.member}: the report {path.name} cannot be opened") from err
        if record.sha256 and hashlib.sha256(data).hexdigest() != record.sha256:
            raise AuditError(
                f"{record.member}: {path.name} changed since it was assessed",
                hint="re-run trustcheck audit to assess the new version",
            )
        return path

    # ------------------------------------------------------------------ PDF

    def page_png(self, record: MemberRecord, page: int) -> bytes:
        """The page rendered to PNG (cached)."""
        key = (record.sha256 or record.source, page)
        cached = self.pages.get(key)
        if cached is not None:
            return cached
        path = self.report_path(record)
        with self._render_lock:
            png = _render(path, page)
        self.pages.put(key, png)
        return png

    def page_views(self, record: MemberRecord, page: int, quote: str) -> tuple[PageView, ...]:
        """The page's size and where ``quote`` is on it, then the next page's when the quote
        runs on to it (cached)."""
        key = (record.sha256 or record.source, page, quote)
        cached = self.views.get(key)
        if cached is not None:
            return cached
        path = self.report_path(record)
        with self._render_lock:
            view = _locate(path, page, quote)
        self.views.put(key, view)
        return view

    # ------------------------------------------------------------------ HTML, text

    def section(self, record: MemberRecord, passage_id: str) -> list[tuple[Passage, bool]]:
        """The passages under the same heading as ``passage_id``, the passage itself marked."""
        document = self._document(record)
        passages = document.passages
        target = next((p for p in passages if p.id == passage_id), None)
        if target is None:
            return []
        same = [p for p in passages if p.heading_path == target.heading_path]
        return [(p, p.id == passage_id) for p in same]

    def _document(self, record: MemberRecord) -> Document:
        key = record.sha256 or record.source
        cached = self.documents.get(key)
        if cached is not None:
            return cached
        from trustcheck.ingest import read_document

        path = self.report_path(record)
        try:
            document = read_document(path)
        except TrustcheckError as err:
            raise AuditError(f"{record.member}: {err}") from err
        self.documents.put(key, document)
        return document


def _open(path: Path) -> object:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as err:
        raise AuditError(f"{path.name} cannot be opened as a PDF ({err})") from err


def _page(pdf: object, page: int) -> object:
    count = len(pdf)  # type: ignore[arg-type]
    if not 1 <= page <= count:
        raise AuditError(f"page {page} is not in the report (1 to {count})")
    return pdf[page - 1]  # type: ignore[index]


def _render(path: Path, page: int) -> bytes:
    import io

    pdf = _open(path)
    try:
        image = _page(pdf, page).render(scale=RENDER_SCALE).to_pil()  # type: ignore[attr-defined]
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=False)
        return buffer.getvalue()
    finally:
        pdf.close()  # type: ignore[attr-defined]


@dataclass(slots=True)
class _PageText:
    """A page's letters (see :func:`_letters`), each with the index of the character it is in."""

    number: int
    width: float
    height: float
    textpage: object
    letters: str
    chars: list[int]

    def view(self, start: int, end: int) -> PageView:
        """The page with boxes over its letters ``start`` to ``end``."""
        chars = sorted({self.chars[k] for k in range(max(start, 0), min(end, len(self.chars)))})
        rects = [self.textpage.get_charbox(i, loose=True) for i in chars]  # type: ignore[attr-defined]
        return PageView(self.number, self.width, self.height, _lines(rects, self.height))


def _page_text(pdf: object, page: int) -> _PageText:
    import pypdfium2.raw as raw

    pdf_page = _page(pdf, page)
    width, height = pdf_page.get_size()  # type: ignore[attr-defined]
    textpage = pdf_page.get_textpage()  # type: ignore[attr-defined]
    letters: list[str] = []
    index: list[int] = []
    for i in range(textpage.count_chars()):
        for letter in _letters(chr(raw.FPDFText_GetUnicode(textpage.raw, i))):
            letters.append(letter)
            index.append(i)
    return _PageText(page, width, height, textpage, "".join(letters), index)


def _locate(path: Path, page: int, quote: str) -> tuple[PageView, ...]:
    pdf = _open(path)
    try:
        here = _page_text(pdf, page)
        wanted = "".join(_letters(quote))
        if wanted and wanted not in here.letters and page < len(pdf):  # type: ignore[arg-type]
            after = _page_text(pdf, page + 1)
            at = (here.letters + after.letters).find(wanted)
            split = len(here.letters)
            if 0 <= at < split < at + len(wanted):
                return here.view(at, split), after.view(0, at + len(wanted) - split)
        span = _find(here.letters, wanted)
        if span is None:
            return (PageView(page, here.width, here.height, ()),)
        return (here.view(*span),)
    finally:
        pdf.close()  # type: ignore[attr-defined]


def _letters(text: str) -> list[str]:
    """Letters and digits only, case-folded and compatibility-decomposed (ﬁ -> f, i)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return [c for c in folded if c.isalnum()]


def _find(page: str, quote: str) -> tuple[int, int] | None:
    """Where the quote's letters are on the page; its start and end when the whole is not."""
    if not quote:
        return None
    at = page.find(quote)
    if at >= 0:
        return at, at + len(quote)
    if len(quote) <= 2 * MATCH_HEAD:
        return None
    head = page.find(quote[:MATCH_HEAD])
    tail = page.find(quote[-MATCH_HEAD:], max(head, 0))
    if head >= 0 and tail >= 0:
        return head, tail + MATCH_HEAD
    if head >= 0:
        return head, head + MATCH_HEAD
    if tail >= 0:
        return tail, tail + MATCH_HEAD
    return None


def _lines(rects: list[tuple[float, float, float, float]], height: float) -> tuple[Box, ...]:
    """Character boxes merged into one box per line, top-left origin."""
    lines: list[list[float]] = []  # left, bottom, right, top
    for left, bottom, right, top in rects:
        if right <= left or top <= bottom:
            continue
        last = lines[-1] if lines else None
        if last is not None and abs(bottom - last[1]) < 0.5 * (top - bottom) and left >= last[0]:
            last[2] = max(last[2], right)
            last[3] = max(last[3], top)
            last[1] = min(last[1], bottom)
            continue
        lines.append([left, bottom, right, top])
    return tuple(
        Box(round(lf, 1), round(height - tp, 1), round(rt - lf, 1), round(tp - bt, 1))
        for lf, bt, rt, tp in lines
    )
