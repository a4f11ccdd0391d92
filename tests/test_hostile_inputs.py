"""The hostile-input corpus (``fixtures/bad``): each file ends in its documented outcome.

An outcome is either one ``error[E30x]`` line on stderr with exit code 2, or a result (with
warnings where something was skipped); never a traceback, a hang or unbounded memory. The table in
``docs/reliability.md`` lists the same cases. Files that would be large on disk are built into
``tmp_path`` by ``fixtures/bad/make_bad.py``'s functions.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import resource
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from cli_runner import run
from fixture_scripts import make_bad
from trustcheck import (
    DocumentError,
    EncryptedDocument,
    LimitExceeded,
    Limits,
    NoTextLayer,
    UnreadableDocument,
    UnsupportedFormat,
    assess,
    read_document,
)
from trustcheck.ingest.ocr import ocr_available

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "fixtures" / "bad"
INGEST = ROOT / "fixtures" / "ingest"
GOOD = INGEST / "report_two_columns.pdf"
MEMORY_CAP = 1024 * 1024 * 1024


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run_capped(*args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    """The CLI in a child process limited to 1 GB of address space, timed."""
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from trustcheck.cli import main; sys.exit(main())",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_cap_memory,
        check=False,
    )
    return result, time.monotonic() - started


def assert_one_error_line(code: int, err: str, expected: str, path: Path) -> None:
    assert code == 2, err
    assert "Traceback" not in err
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert err.startswith(f"error[{expected}]: "), err
    assert str(path) in err


# file, E-code, exception class, words the message must contain
ERRORS = [
    (INGEST / "truncated.pdf", "E302", UnreadableDocument, "truncated or corrupt"),
    (BAD / "corrupt_objects.pdf", "E302", UnreadableDocument, "truncated or corrupt"),
    (BAD / "zero_pages.pdf", "E302", UnreadableDocument, "is a PDF with no pages"),
    (INGEST / "encrypted_user_password.pdf", "E303", EncryptedDocument, "user password"),
    (BAD / "binary_junk.pdf", "E301", UnsupportedFormat, "is binary data"),
    (INGEST / "empty.txt", "E302", UnreadableDocument, "is empty"),
    (BAD, "E302", UnreadableDocument, "is a directory"),
]


@pytest.mark.parametrize(
    ("path", "code", "exception", "words"), ERRORS, ids=[e[0].name for e in ERRORS]
)
def test_documented_error(
    capsys: pytest.CaptureFixture[str],
    path: Path,
    code: str,
    exception: type[DocumentError],
    words: str,
) -> None:
    exit_code, out, err = run(capsys, str(path), "--format", "json")
    assert_one_error_line(exit_code, err, code, path)
    assert words in err and out == ""
    with pytest.raises(exception, match=words) as info:
        read_document(path)
    assert type(info.value) is exception and info.value.code == code
    with pytest.raises(exception):
        assess(path)


def test_decompression_bomb_is_refused_in_bounded_memory_and_time() -> None:
    bomb = BAD / "inflation_bomb.pdf"
    assert bomb.stat().st_size < 10_000  # twice deflated: 512 MB of page content in 3 KB
    result, seconds = run_capped(str(bomb), "--format", "json")
    assert_one_error_line(result.returncode, result.stderr, "E305", bomb)
    assert "inflates to over 256 MB" in result.stderr
    assert seconds < 30
    with pytest.raises(LimitExceeded, match="decompression bomb"):
        read_document(bomb)
    with pytest.raises(LimitExceeded, match="inflates to over 256 MB"):
        read_document(BAD / "flate_bomb.pdf")  # deflated once: 300 MB of spaces in 300 KB
    # with the limit raised the same file is read, proving the limit is what refused it
    data = make_bad.inflation_bomb(8 * 1024 * 1024)
    with pytest.raises(LimitExceeded):
        read_document(data, name="bomb.pdf", limits=Limits(max_inflated_bytes=4 * 1024 * 1024))
    with pytest.raises(UnreadableDocument, match="nothing is drawn"):
        read_document(data, name="bomb.pdf")
    # a deflated stream hidden behind ASCII85 is measured too
    wrapped = base64.a85encode(zlib.compress(b" " * 2_000_000)) + b"~>"
    data = make_bad.one_page(make_bad.pdf_stream(b"/Filter [/A85 /Fl]", wrapped))
    with pytest.raises(LimitExceeded, match="inflates to over 1 MB"):
        read_document(data, name="a85.pdf", limits=Limits(max_inflated_bytes=1024 * 1024))


def test_thousands_of_blank_pages_are_refused_fast_in_bounded_memory() -> None:
    blank = BAD / "blank_3000_pages.pdf"
    result, seconds = run_capped(str(blank), "--format", "json")
    assert_one_error_line(result.returncode, result.stderr, "E305", blank)
    assert "has 3000 pages, over the limit of 2000" in result.stderr
    assert seconds < 30
    # above the page limit every page is laid out, none is sent to OCR: nothing is drawn on them
    started = time.monotonic()
    with pytest.raises(UnreadableDocument, match="3000 pages and nothing is drawn on any"):
        read_document(blank, limits=Limits(max_pages=5000))
    assert time.monotonic() - started < 10


def test_blank_pages_beside_text_are_not_sent_to_ocr() -> None:
    mixed = make_bad.with_blank_pages(GOOD.read_bytes(), 3)
    doc = read_document(mixed, name="mixed.pdf")
    assert doc.page_count == 10
    assert doc.pages_without_text == [8, 9, 10]
    assert not any(p.ocr for p in doc.pages)
    assert doc.warnings == []


def test_deeply_nested_html_is_one_line_not_a_recursion_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    deep = make_bad.write_pieces(tmp_path / "deep.html", make_bad.deep_html(100_000))
    started = time.monotonic()
    code, _, err = run(capsys, str(deep))
    assert_one_error_line(code, err, "E302", deep)
    assert "nests HTML elements 100000 deep" in err
    assert time.monotonic() - started < 5
    with pytest.raises(UnreadableDocument, match="more than the 512 levels"):
        read_document(deep)
    # lists nest two elements a level, which only the parsed tree shows
    lists = b"<html><body>" + b"<ul><li>" * 300 + b"Deep item." + b"</li></ul>" * 300
    with pytest.raises(UnreadableDocument, match="602 deep"):
        read_document(lists, name="lists.html")
    # just under the limit the page is read
    shallow = b"".join(make_bad.deep_html(500))
    assert [p.text for p in read_document(shallow, name="ok.html").passages] == [
        "We report to NCMEC."
    ]


def test_enormous_html_is_refused_before_it_is_parsed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    huge = make_bad.write_pieces(tmp_path / "huge.html", make_bad.huge_html(33 * 1024 * 1024))
    code, _, err = run(capsys, str(huge))
    assert_one_error_line(code, err, "E305", huge)
    assert "MB of text or markup, over the limit of 32.0 MB" in err
    with pytest.raises(LimitExceeded, match="for formats other than PDF"):
        read_document(huge)
    small = b"".join(make_bad.huge_html(1))
    with pytest.raises(LimitExceeded):
        read_document(small, name="small.html", limits=Limits(max_text_bytes=1024))


def test_image_only_pdf(capsys: pytest.CaptureFixture[str]) -> None:
    scanned = INGEST / "scanned_only.pdf"
    with pytest.raises(NoTextLayer, match="OCR was turned off"):
        read_document(scanned, ocr=False)
    code, out, err = run(capsys, str(scanned), "--format", "json")
    if ocr_available():
        assert code == 0 and err == ""
        assert json.loads(out)["document"]["path"] == str(scanned)
        assert "read with OCR: 1" in read_document(scanned).warnings[0]
    else:
        assert_one_error_line(code, err, "E304", scanned)


def test_owner_password_only_opens(capsys: pytest.CaptureFixture[str]) -> None:
    secured = INGEST / "encrypted_owner_only.pdf"
    code, out, err = run(capsys, str(secured), "--format", "json")
    assert code == 0 and err == ""
    assert json.loads(out)["document"]["path"] == str(secured)
    doc = read_document(secured)
    assert doc.warnings == [] and doc.page_count == 7


def test_corrupt_xref_is_rebuilt_and_read_like_the_original(
    capsys: pytest.CaptureFixture[str],
) -> None:
    broken = BAD / "corrupt_xref.pdf"
    code, out, err = run(capsys, str(broken), "--format", "json")
    assert code == 0 and err == ""
    assert json.loads(out)["document"]["path"] == str(broken)
    original = [p.text for p in read_document(GOOD).passages]
    assert [p.text for p in read_document(broken).passages] == original


def test_html_whose_meta_charset_lies_is_decoded_from_its_bytes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    page = BAD / "charset_mismatch.html"
    assert b'charset="utf-8"' in page.read_bytes()
    doc = read_document(page)
    assert doc.title == make_bad.CHARSET_TEXT[0]
    assert make_bad.CHARSET_TEXT[1] in [p.text for p in doc.passages]
    code, _, err = run(capsys, str(page), "--format", "json")
    assert code == 0 and err == ""


HOSTILE = BAD / "markup_text.pdf"


def _no_controls(text: str) -> None:
    assert not any((ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F for c in text)


def test_control_characters_never_reach_the_document() -> None:
    doc = read_document(HOSTILE)
    assert doc.title is not None and doc.title.startswith('=HYPERLINK("http://evil.invalid")')
    text = doc.passages[0].text
    assert "<script>alert(1)</script>" in text and "[bold red]rich markup[/bold red]" in text
    for passage in doc.passages:
        _no_controls(passage.text)
    _no_controls(doc.title)
    assert "Escape codes: [31mred[0m" in text  # the escape characters alone are gone


def _check(capsys: pytest.CaptureFixture[str], fmt: str) -> str:
    code, out, err = run(capsys, str(HOSTILE), "--format", fmt)
    assert code == 0 and err == ""
    _no_controls(out.replace("\r", ""))
    return out


def test_markup_in_a_report_is_text_in_every_output(capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("json", "sarif"):
        out = _check(capsys, fmt)
        assert "<script>alert(1)</script>" in json.dumps(json.loads(out), ensure_ascii=False)
    html = _check(capsys, "html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html and "<img src=x" not in html
    markdown = _check(capsys, "markdown")
    assert "&lt;script&gt;alert(1)" in markdown
    assert "<script>alert" not in markdown and "<img src=x" not in markdown
    rows = list(csv.DictReader(io.StringIO(_check(capsys, "csv"))))
    assert rows and all(row["report_title"].startswith("'=HYPERLINK") for row in rows)
    table = _check(capsys, "table")
    assert "<script>alert(1)</script>" in table and "[bold" in table


def test_a_batch_of_hostile_files_still_yields_the_good_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    deep = make_bad.write_pieces(tmp_path / "deep.html", make_bad.deep_html(5_000))
    bomb, junk = BAD / "inflation_bomb.pdf", BAD / "binary_junk.pdf"
    code, out, err = run(capsys, str(bomb), str(GOOD), str(junk), str(deep), "--format", "json")
    assert code == 2 and "Traceback" not in err
    lines = err.splitlines()
    assert [line[:11] for line in lines] == ["error[E305]", "error[E301]", "error[E302]"]
    assert all(str(path) in line for path, line in zip((bomb, junk, deep), lines, strict=True))
    assert json.loads(out)["document"]["path"] == str(GOOD)
