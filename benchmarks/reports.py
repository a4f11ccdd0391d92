"""Long, realistic PDF reports for the speed benchmarks, made from the labelled corpus's prose.

A generated report has a title page, a contents page and chapters taken from the corpus's 24
reports (the PDFs' sources in ``fixtures/corpus/src``, the HTML and Markdown reports as trustcheck
reads them) under the report's own company name, with everyday wording and figures varied per
chapter so that no two chapters read the same. Chapters alternate between one and two columns;
they keep the corpus's tables, bullet lists and three heading levels, with a running header and
footer and printed page numbers, rendered by the corpus's builder (``fixtures/corpus/build.py``).

Files are written to a cache folder (``$XDG_CACHE_HOME/trustcheck-bench`` or ``~/.cache/...``) and
reused while this module and the corpus sources are unchanged: generation takes longer than what
is measured. reportlab (the ``test`` extra) renders them, byte for byte the same on every run.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS_SRC = ROOT / "fixtures" / "corpus" / "src"
CORPUS_REPORTS = ROOT / "fixtures" / "corpus" / "reports"
COMPANIES = (
    "Alderbank", "Brightwater", "Cobalt", "Driftwood", "Elmstead", "Foxglove", "Granite",
    "Harbourline", "Ironbark", "Juniper", "Kingfisher", "Larkspur", "Moorland", "Nettlefield",
    "Oakhurst", "Pennant", "Quayside", "Redwing", "Silverbirch", "Thistle", "Umberfield",
    "Vireo", "Willowmere", "Yarrow", "Zephyr",
)  # fmt: skip
_FIGURE = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?![\w])")
# Everyday wording that reports vary; each chapter takes its own subset, so the same corpus
# sentence reads differently from chapter to chapter, as distinct sentences do in a real report.
_WORDING = (
    ("people", "users"), ("platform", "service"), ("quickly", "promptly"), ("help", "support"),
    ("also", "additionally"), ("teams", "staff"), ("make", "ensure"), ("use", "rely on"),
    ("more than", "over"), ("every", "each"), ("through", "via"), ("about", "regarding"),
)  # fmt: skip


def cache_dir() -> Path:
    """Where generated reports are kept, keyed by this module's and the corpus's content."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "trustcheck-bench"
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path in sorted([*CORPUS_SRC.glob("*.md"), *CORPUS_REPORTS.glob("*")]):
        digest.update(path.read_bytes())
    digest.update((ROOT / "fixtures" / "corpus" / "build.py").read_bytes())
    folder = base / digest.hexdigest()[:12]
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "corpus_build", ROOT / "fixtures" / "corpus" / "build.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _chapters() -> list[tuple[str, str, list[str]]]:
    """(company short name, chapter title, body lines) for every corpus report, in name order.

    The PDF reports' own sources are used as they are; the HTML and Markdown reports are read
    with trustcheck and written back in the builder's source format.
    """
    build = _builder()
    chapters = []
    for path in sorted(CORPUS_SRC.glob("*.md")):
        meta, lines = build.parse(path)
        short = meta.get("author", "").split()[0]
        body = [ln for ln in lines if ln.strip() not in ("@@pagebreak", "@@body")]
        chapters.append((short, *_titled(body, path.stem)))
    for path in sorted(CORPUS_REPORTS.glob("*")):
        if path.suffix in (".md", ".html"):
            short = path.stem.split("-")[0].capitalize()
            chapters.append((short, *_titled(_source_lines(path), path.stem)))
    return chapters


def _titled(body: list[str], fallback: str) -> tuple[str, list[str]]:
    title = next((ln.lstrip("#").strip() for ln in body if ln.startswith("# ")), fallback)
    return title, [ln for ln in body if not ln.startswith("# ")]


def _source_lines(path: Path) -> list[str]:
    """A report read by trustcheck, as builder source: headings, paragraphs, lists, tables."""
    from trustcheck import PassageKind, read_document

    lines: list[str] = []
    columns: tuple[str, ...] | None = None
    for passage in read_document(path).passages:
        kind = passage.kind
        if kind is not PassageKind.TABLE_ROW and columns is not None:
            lines.append("")
            columns = None
        if kind is PassageKind.HEADING:
            lines += ["#" * min(passage.level or 1, 3) + " " + passage.text, ""]
        elif kind is PassageKind.LIST_ITEM:
            lines.append(f"- {passage.text}")
        elif kind in (PassageKind.PARAGRAPH, PassageKind.DATA):
            lines += [passage.text, ""]
        elif kind is PassageKind.TABLE_ROW:
            cells = passage.cells or (passage.text,)
            if passage.columns != columns:
                columns = passage.columns
                if columns:
                    lines += ["", _row(columns), "|---|"]
            lines.append(_row(cells))
    return lines


def _row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(c.replace("|", "/") for c in cells) + " |"


def _vary(line: str, company: str, short: str, factor: float, variant: int) -> str:
    """The line under another company's name, with its large figures scaled and its wording
    varied by ``variant`` (a bit mask over the wording pairs)."""

    def scale(match: re.Match[str]) -> str:
        value = round(int(match.group().replace(",", "")) * factor)
        return f"{value:,}"

    line = _FIGURE.sub(scale, line.replace(short, company))
    for bit, (word, other) in enumerate(_WORDING):
        if variant >> bit & 1:
            line = re.sub(rf"\b{word}\b", other, line)
    return line


def report_source(company: str, chapters: int, offset: int = 0) -> list[tuple[int, list[str]]]:
    """The chapters of one report as (columns, source lines), ready for :func:`render`."""
    pool = _chapters()
    out: list[tuple[int, list[str]]] = []
    contents = ["## Contents", ""]
    for n in range(chapters):
        short, title, body = pool[(n + offset) % len(pool)]
        heading = f"{n + 1}. {title}"
        contents.append(f"- {heading}")
        factor = 1 + ((n * 37 + offset * 11) % 29) / 20
        variant = (n * 1103 + offset * 2711 + 1) % (1 << len(_WORDING))
        lines = [f"# {heading}", ""] + [_vary(ln, company, short, factor, variant) for ln in body]
        out.append((2 if (n + offset) % 3 == 1 else 1, lines))
    front = [
        f"# {company} Child Safety Transparency Report 2024",
        "",
        f"{company} Group plc",
        "",
        "This report covers the period from 1 January 2024 to 31 December 2024.",
        "",
        "@@pagebreak",
        "",
        *contents,
    ]
    return [(1, front), *out]


def render(source: list[tuple[int, list[str]]], path: Path, company: str) -> Path:
    """Render chapters to a PDF with the corpus builder's styles, headers and footers."""
    build = _builder()
    from reportlab.lib import colors
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        NextPageTemplate,
        PageBreak,
        PageTemplate,
    )

    margin, gap, page_w, page_h = build.MARGIN, build.GAP, build.PAGE_W, build.PAGE_H
    full_w = page_w - 2 * margin
    frame_h = page_h - 2 * margin - 10 * build.mm
    y0 = margin + 4 * build.mm
    col_w = (full_w - gap) / 2
    single = [Frame(margin, y0, full_w, frame_h, leftPadding=0, rightPadding=0)]
    double = [
        Frame(margin, y0, col_w, frame_h, leftPadding=0, rightPadding=0),
        Frame(margin + col_w + gap, y0, col_w, frame_h, leftPadding=0, rightPadding=0),
    ]
    header = f"{company} | Child Safety Transparency Report 2024"

    def decorate(canvas: Any, doc: Any) -> None:
        page = canvas.getPageNumber()
        canvas.saveState()
        canvas.setStrokeColor(colors.HexColor("#9aa7b8"))
        canvas.setLineWidth(0.5)
        canvas.setFont("Helvetica", 7.5)
        if page > 1:
            canvas.drawString(margin, page_h - margin + 2 * build.mm, header)
        canvas.drawString(margin, margin - 6 * build.mm, f"{company} Group plc | Public")
        canvas.drawRightString(page_w - margin, margin - 6 * build.mm, f"Page {page}")
        canvas.restoreState()

    templates = [
        PageTemplate("one", frames=single, onPage=decorate),
        PageTemplate("two", frames=double, onPage=decorate),
    ]
    doc = BaseDocTemplate(
        str(path), pagesize=(page_w, page_h), title=f"{company} Child Safety Report 2024",
        author=f"{company} Group plc", creator="", producer="ReportLab", pageTemplates=templates,
    )  # fmt: skip
    story: list[object] = []
    for index, (columns, lines) in enumerate(source):
        width = col_w if columns == 2 else full_w
        if index:
            story += [NextPageTemplate("two" if columns == 2 else "one"), PageBreak()]
        story += build.flowables(lines, width, width, False)
    doc.build(story)
    return path


def page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def long_report(min_pages: int = 120) -> Path:
    """A report of at least ``min_pages`` pages (cached)."""
    path = cache_dir() / f"long-{min_pages}.pdf"
    if path.exists():
        return path
    chapters = max(8, min_pages // 3)
    while True:
        tmp = path.with_suffix(".tmp")
        render(report_source("Alderbank", chapters), tmp, "Alderbank")
        if page_count(tmp) >= min_pages:
            tmp.replace(path)
            return path
        chapters += max(2, chapters // 5)


def audit_reports(count: int = 45) -> Path:
    """A folder of ``count`` distinct reports of 6 to 45 pages (about 25 on average; cached)."""
    folder = cache_dir() / f"audit-{count}"
    done = folder / ".complete"
    if done.exists():
        return folder
    folder.mkdir(exist_ok=True)
    for i in range(count):
        company = f"{COMPANIES[i % len(COMPANIES)]}{'' if i < len(COMPANIES) else ' Labs'}"
        chapters = 3 + (i * 7) % 15
        target = folder / f"{company}.pdf"
        if not target.exists():
            render(report_source(company, chapters, offset=i), target, company)
    done.write_text("")
    return folder


def real_sized_reports(count: int = 45, low: int = 40, high: int = 150) -> Path:
    """A folder of ``count`` distinct reports of ``low`` to ``high`` pages, as long as published
    transparency and risk reports run (cached).

    The page targets are spread evenly over the range; a report is rendered again with more or
    fewer chapters only when it falls outside it.
    """
    folder = cache_dir() / f"audit-real-{count}"
    done = folder / ".complete"
    if done.exists():
        return folder
    folder.mkdir(exist_ok=True)
    for i in range(count):
        company = f"{COMPANIES[i % len(COMPANIES)]}{'' if i < len(COMPANIES) else ' Media'}"
        target_pages = low + (i * 47) % (high - low + 1)
        chapters = max(3, round(target_pages / _PAGES_PER_CHAPTER))
        target = folder / f"{company}.pdf"
        while not target.exists():
            tmp = target.with_suffix(".tmp")
            render(report_source(company, chapters, offset=i), tmp, company)
            pages = page_count(tmp)
            if pages < low:
                chapters += max(1, round((low - pages) / _PAGES_PER_CHAPTER))
            elif pages > high:
                chapters -= max(1, round((pages - high) / _PAGES_PER_CHAPTER))
            else:
                tmp.replace(target)
    done.write_text("")
    return folder


_PAGES_PER_CHAPTER = 1.85
"""Pages a chapter of the corpus's prose takes on average, to choose a report's chapters."""


if __name__ == "__main__":
    long = long_report()
    print(f"{long}: {page_count(long)} pages")
    folder = audit_reports()
    pages = [page_count(p) for p in sorted(folder.glob("*.pdf"))]
    print(f"{folder}: {len(pages)} reports, {sum(pages)} pages, {min(pages)}-{max(pages)} each")
    real = real_sized_reports()
    pages = [page_count(p) for p in sorted(real.glob("*.pdf"))]
    print(f"{real}: {len(pages)} reports, {sum(pages)} pages, {min(pages)}-{max(pages)} each")
