"""Speed and memory of ``read_document`` against raw PDFium text extraction (run by hand).

    python benchmarks/bench_extract.py [REPORT.pdf] [--pages 150] [--runs 3]

Without a file it generates a report (reportlab, the ``test`` extra) of ``--pages`` pages with
headings, two-column chapters, running headers and footers, hyphenated lines and a ruled table
every ``--table-every`` pages (10 by default; tables are read by pdfplumber, the slow part).
Each measurement runs in a fresh process so peak memory (max RSS) is its own.
The floor is PDFium's ``get_text_bounded()`` on every page: the ratio says what layout, headings,
tables and the Document model cost on top of it.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SENTENCE = (
    "we detect review and report child sexual exploitation material using hash matching "
    "classifiers and trained specialists who escalate confirmed cases to the authorities"
)
WORDS = SENTENCE.split(" ")


def make_report(pages: int, table_every: int = 10) -> bytes:
    from reportlab import rl_config
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Table, TableStyle

    rl_config.invariant = 1
    width, height = A4
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, invariant=1)
    for number in range(1, pages + 1):
        c.setFont("Helvetica", 8)
        c.drawString(56, height - 36, "Example Platform - Transparency Report 2024")
        c.drawRightString(width - 56, 30, f"Page {number}")
        c.setFont("Helvetica-Bold", 16)
        c.drawString(56, height - 80, f"{number} Chapter on enforcement")
        columns = [(56.0, 230.0), (310.0, 230.0)] if number % 2 else [(56.0, 480.0)]
        for x, span in columns:
            y = height - 110
            c.setFont("Helvetica", 9.5)
            i = number
            while y > 80:
                line: list[str] = []
                while len(" ".join(line)) < span / 4.9:
                    line.append(WORDS[i % len(WORDS)])
                    i += 7
                text = " ".join(line)
                if i % 5 == 0:
                    text += " trans-"
                c.drawString(x, y, text)
                y -= 12
                if i % 11 == 0:
                    y -= 10
        if table_every and number % table_every == 0:
            table = Table(
                [["Metric", "2023", "2024"]]
                + [[f"Metric {r}", str(r * 100), str(r * 120)] for r in range(1, 8)]
            )
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
            table.wrapOn(c, width, height)
            table.drawOn(c, 300, 100)
        c.showPage()
    c.save()
    return buf.getvalue()


def _raw(path: str) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    chars = 0
    for index in range(len(pdf)):
        page = pdf[index]
        textpage = page.get_textpage()
        chars += len(textpage.get_text_bounded())
        textpage.close()
        page.close()
    pages = len(pdf)
    pdf.close()
    return pages


def _ours(path: str) -> int:
    from trustcheck.ingest import read_document

    return read_document(path).page_count


def _child(mode: str, path: str) -> None:
    started = time.perf_counter()
    pages = (_raw if mode == "raw" else _ours)(path)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"pages": pages, "seconds": seconds, "peak_mb": peak_mb}))


def _measure(mode: str, path: str, runs: int) -> dict[str, float]:
    results = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, __file__, "--child", mode, path],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
    seconds = statistics.median(r["seconds"] for r in results)
    return {
        "pages": results[0]["pages"],
        "pages_per_s": results[0]["pages"] / seconds,
        "seconds": seconds,
        "peak_mb": max(r["peak_mb"] for r in results),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", nargs="?", help="a PDF to measure (default: generate one)")
    parser.add_argument("--pages", type=int, default=150)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--table-every", type=int, default=10, help="0 for no tables")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = args.pdf
        if path is None:
            path = str(Path(tmp) / "report.pdf")
            Path(path).write_bytes(make_report(args.pages, args.table_every))
        raw = _measure("raw", path, args.runs)
        ours = _measure("ours", path, args.runs)
    described = args.pdf or f"generated, {raw['pages']:.0f} pages"
    print(f"file: {described}")
    print(
        f"pypdfium2 get_text_bounded: {raw['pages_per_s']:7.1f} pages/s  "
        f"({raw['seconds']:.2f} s, peak {raw['peak_mb']:.0f} MB)"
    )
    print(
        f"read_document:              {ours['pages_per_s']:7.1f} pages/s  "
        f"({ours['seconds']:.2f} s, peak {ours['peak_mb']:.0f} MB)"
    )
    print(f"ratio (raw / read_document): {raw['pages_per_s'] / ours['pages_per_s']:.1f}x")


if __name__ == "__main__":
    main()
