"""Every DocumentError, each raised by a real broken file, plus limits, OCR and warnings."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from trustcheck import (
    DocumentError,
    EncryptedDocument,
    LimitExceeded,
    Limits,
    NoTextLayer,
    UnreadableDocument,
    UnsupportedFormat,
    read_document,
)
from trustcheck.ingest import ocr as ocr_module

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ingest"


def _one_line(err: DocumentError) -> str:
    line = err.one_line()
    assert "\n" not in line and str(err).strip()
    return line


def test_truncated_pdf_is_unreadable() -> None:
    with pytest.raises(UnreadableDocument) as info:
        read_document(FIXTURES / "truncated.pdf")
    assert info.value.__cause__ is not None
    assert "truncated or corrupt" in _one_line(info.value)
    assert info.value.code == "E302"


def test_empty_file_is_unreadable() -> None:
    with pytest.raises(UnreadableDocument, match=r"empty\.txt is empty"):
        read_document(FIXTURES / "empty.txt")


def test_missing_file_and_directory() -> None:
    with pytest.raises(UnreadableDocument, match="does not exist"):
        read_document(FIXTURES / "no-such-report.pdf")
    with pytest.raises(UnreadableDocument, match="is a directory"):
        read_document(FIXTURES / "")


def test_binary_junk_is_unsupported() -> None:
    with pytest.raises(UnsupportedFormat) as info:
        read_document(FIXTURES / "junk.bin")
    assert "binary data" in str(info.value)
    assert info.value.code == "E301"
    assert "trustcheck reads PDF, HTML, Markdown, plain text, CSV and XLSX" in _one_line(info.value)


def test_user_password_is_required() -> None:
    with pytest.raises(EncryptedDocument, match="encrypted with a user password") as info:
        read_document(FIXTURES / "encrypted_user_password.pdf")
    assert "--password" in _one_line(info.value)
    with pytest.raises(EncryptedDocument, match="password given does not open it"):
        read_document(FIXTURES / "encrypted_user_password.pdf", password="wrong")


def test_no_text_layer_without_ocr() -> None:
    with pytest.raises(NoTextLayer, match="OCR was turned off") as info:
        read_document(FIXTURES / "scanned_only.pdf", ocr=False)
    assert info.value.code == "E304"


def test_ocr_required_but_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr_module.shutil, "which", lambda name: None)
    with pytest.raises(NoTextLayer, match="OCR was requested"):
        read_document(FIXTURES / "image_only_page.pdf", ocr=True)
    with pytest.raises(NoTextLayer, match="OCR is not available"):
        read_document(FIXTURES / "scanned_only.pdf")


def test_image_only_page_is_listed_when_not_read() -> None:
    doc = read_document(FIXTURES / "image_only_page.pdf", ocr=False)
    assert doc.page_count == 2
    assert [(p.number, p.has_text, p.ocr) for p in doc.pages] == [
        (1, True, False),
        (2, False, False),
    ]
    assert doc.pages_without_text == [2]
    assert len(doc.warnings) == 1 and "not read (no OCR): 2" in doc.warnings[0]
    assert {p.page for p in doc.passages} == {1}


@pytest.mark.skipif(
    not ocr_module.ocr_available(), reason="needs pytesseract and Debian's tesseract-ocr"
)
def test_image_only_page_is_read_with_ocr() -> None:
    assert shutil.which("tesseract")
    doc = read_document(FIXTURES / "image_only_page.pdf", ocr=True)
    assert doc.pages[1].ocr and not doc.pages[1].has_text
    assert doc.pages_without_text == []
    scanned = [p for p in doc.passages if p.page == 2]
    assert scanned and "Reports to NCMEC" in scanned[0].text and "4200" in scanned[0].text
    assert scanned[0].bbox is not None and scanned[0].bbox.top > 40
    assert "read with OCR: 2" in doc.warnings[0]


def test_page_limit() -> None:
    with pytest.raises(LimitExceeded, match="7 pages, over the limit of 5"):
        read_document(FIXTURES / "report_two_columns.pdf", limits=Limits(max_pages=5))


def test_size_limit_checked_before_reading() -> None:
    with pytest.raises(LimitExceeded, match="over the limit"):
        read_document(FIXTURES / "report_two_columns.pdf", limits=Limits(max_bytes=1000))
    with pytest.raises(LimitExceeded):
        read_document(b"x" * 2000, limits=Limits(max_bytes=1000))


def test_size_limit_names_sizes_that_differ() -> None:
    size = (FIXTURES / "report_two_columns.pdf").stat().st_size
    with pytest.raises(LimitExceeded) as small:
        read_document(FIXTURES / "report_two_columns.pdf", limits=Limits(max_bytes=1048))
    assert f"is {size:,} bytes, over the limit of 1,048 bytes" in str(small.value)
    mb = 1024 * 1024
    with pytest.raises(LimitExceeded, match=r"is 3\.0 MB, over the limit of 2\.0 MB"):
        read_document(b"x" * (3 * mb), limits=Limits(max_bytes=2 * mb))
    with pytest.raises(LimitExceeded, match="is 2,097,153 bytes, over the limit of 2,097,152"):
        read_document(b"x" * (2 * mb + 1), limits=Limits(max_bytes=2 * mb))


def test_passage_limit() -> None:
    with pytest.raises(LimitExceeded, match="more than 3 passages"):
        read_document(FIXTURES / "report.md", limits=Limits(max_passages=3))


def test_time_limit_is_checked_between_pages() -> None:
    with pytest.raises(LimitExceeded, match=r"took over 1e-06 s \(stopped at page 1 of 7\)"):
        read_document(FIXTURES / "report_two_columns.pdf", limits=Limits(max_seconds=0.000001))


def test_time_limit_holds_for_a_document_read_without_a_check_on_the_way() -> None:
    """Markdown is parsed in one call, as the last page of a PDF is laid out in one."""
    with pytest.raises(LimitExceeded, match=r"took over 1e-06 s \(stopped at the end\)"):
        read_document(FIXTURES / "report.md", limits=Limits(max_seconds=0.000001))


def test_limits_are_validated() -> None:
    with pytest.raises(ValueError):
        Limits(max_pages=0)
    assert Limits().max_pages == 2000
