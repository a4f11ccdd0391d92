"""The same reports as HTML and as a browser prints them to PDF (run by hand, not by pytest).

    python benchmarks/bench_printed.py [--keep DIR]

Many reports reach readers as PDFs printed from a web page, and Chromium writes their text
unlike a layout tool: glyph by glyph, kerned pairs in overlapping runs, tables without rules,
labels wrapped around centred figures. This prints every HTML report of the held-out set with
headless Chromium (Debian's ``chromium``), with a plain stylesheet of the kind such pages use,
and prints the accuracy of both versions against the same labels, and each element whose verdict
differs between the two. A reader that loses nothing to the PDF scores the same on both.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from trustcheck import assess
from trustcheck.benchmark import run_benchmark

HOLDOUT = Path(__file__).resolve().parent.parent / "fixtures" / "holdout"
STYLE = """<style>
body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:11pt;line-height:1.45;max-width:780px}
h1{font-size:24pt}h2{font-size:16pt}h3{font-size:13pt}
table{border-collapse:collapse;width:100%;margin:1em 0;font-size:10pt}
th,td{padding:6px 10px;border-bottom:1px solid #ccc;text-align:left;vertical-align:top}
th{background:#f2f2f2} td:not(:first-child){text-align:right}
</style>"""


def _print(browser: str, html: Path, pdf: Path, profile: str) -> None:
    styled = pdf.with_suffix(".html")
    styled.write_text(html.read_text("utf-8").replace("</head>", STYLE + "</head>", 1), "utf-8")
    subprocess.run(
        [
            browser, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
            "--no-pdf-header-footer", f"--print-to-pdf={pdf}", styled.as_uri(),
        ],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="write the PDFs and labels here")
    args = parser.parse_args(argv)
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("chromium is not installed: apt-get install chromium", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        root = args.keep or Path(scratch) / "printed"
        html_root = Path(scratch) / "html"
        for folder in (root / "reports", root / "labels", html_root / "labels"):
            folder.mkdir(parents=True, exist_ok=True)
        (html_root / "reports").symlink_to(HOLDOUT / "reports")
        pairs = []
        for label in sorted((HOLDOUT / "labels").glob("*.yaml")):
            text = label.read_text("utf-8")
            html = HOLDOUT / "reports" / f"{label.stem}.html"
            if not html.exists():
                continue
            pdf = root / "reports" / f"{label.stem}.pdf"
            _print(browser, html, pdf, scratch)
            (root / "labels" / label.name).write_text(
                text.replace(f"reports/{html.name}", f"reports/{pdf.name}"), "utf-8"
            )
            (html_root / "labels" / label.name).write_text(text, "utf-8")
            pairs.append((html, pdf))
        as_html, as_pdf = run_benchmark(html_root / "labels"), run_benchmark(root / "labels")
        print(f"{len(pairs)} reports: accuracy as HTML {as_html.accuracy:.3f}, "
              f"printed to PDF {as_pdf.accuracy:.3f}")  # fmt: skip
        for html, pdf in pairs:
            levels = {e.id: e.level for s in assess(html).sections for e in s.elements}
            for section in assess(pdf).sections:
                for element in section.elements:
                    if element.level != levels[element.id]:
                        print(f"  {html.stem} {element.id}: HTML {levels[element.id]}, "
                              f"PDF {element.level}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
