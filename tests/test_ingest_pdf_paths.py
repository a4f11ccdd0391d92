"""Counting a page's paths with raw PDFium calls gives what pypdfium2's object walk gives."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from trustcheck.ingest.pdf import _MAX_PATHS_COUNTED, _path_count

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "corpus" / "real"
FILES = sorted((ROOT / "fixtures").rglob("*.pdf")) + sorted(REAL.glob("*.pdf"))


def _walked(page: pdfium.PdfPage) -> int:
    """The count as pypdfium2's ``get_objects`` yields the paths, forms one level deep."""
    count = 0
    for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=2):
        count += 1
        if count >= _MAX_PATHS_COUNTED:
            break
    return count


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_page_counts_as_the_object_walk_does(path: Path) -> None:
    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError:
        pytest.skip("not a PDF PDFium opens (a fixture of a broken file)")
    counts = []
    for index in range(len(pdf)):
        page = pdf[index]
        counts.append(_path_count(page))
        assert counts[-1] == _walked(page), f"page {index + 1}"
    assert all(0 <= c <= _MAX_PATHS_COUNTED for c in counts)


def test_paths_inside_forms_count() -> None:
    ncmec = REAL / "ncmec_2023_cybertipline_reports_by_esp.pdf"
    if not ncmec.exists():
        pytest.skip("the real documents are kept beside the repository")
    page = pdfium.PdfDocument(ncmec)[0]
    on_page = sum(1 for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=1))
    assert _path_count(page) > on_page
