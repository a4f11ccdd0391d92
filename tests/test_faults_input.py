"""Ordinary faults in what is given to read: each has its own message, never ``E100``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from cli_runner import run
from trustcheck import UnreadableDocument, read_document, run_audit

CORPUS = Path(__file__).parent.parent / "fixtures" / "corpus" / "reports"
INKWELL = CORPUS / "inkwell-2024-cybertipline-summary.md"
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/dev and mkfifo")


@linux_only
@pytest.mark.parametrize(
    ("special", "kind"),
    [("fifo", "a FIFO (named pipe)"), ("/dev/zero", "a character device")],
)
def test_special_files_are_refused_before_they_are_opened(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], special: str, kind: str
) -> None:
    path = Path(special)
    if special == "fifo":
        path = tmp_path / "report.pdf"
        os.mkfifo(path)
    with pytest.raises(UnreadableDocument, match="not a regular file"):
        read_document(path)
    code, _, err = run(capsys, str(path), str(INKWELL))
    assert code == 2
    assert err == (
        f"error[E302]: {path} is {kind}, not a regular file (give the path of a saved report)\n"
    )


@linux_only
def test_an_audit_refuses_special_sources_and_assesses_the_rest(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    manifest = tmp_path / "members.yaml"
    manifest.write_text(
        "members:\n"
        f"  - {{member: Good, source: {INKWELL}}}\n"
        f"  - {{member: Zero, source: /dev/zero}}\n"
        f"  - {{member: Random, source: /dev/urandom}}\n"
        f"  - {{member: Pipe, source: {fifo}}}\n",
        encoding="utf-8",
    )
    report = run_audit(manifest, tmp_path / "audit", jobs=1)
    assert (report.assessed, report.failed) == (1, 3)
    # Errors name a source as a path relative to the manifest: they go into exports.
    shown = os.path.relpath("/dev/zero", tmp_path)
    assert report.errors["Zero"] == (
        f"error[E500]: {shown} is a character device, not a regular file "
        "(list saved reports in the manifest)"
    )
    assert "is a FIFO (named pipe), not a regular file" in report.errors["Pipe"]


@linux_only
def test_a_manifest_that_is_a_fifo_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "members.yaml"
    os.mkfifo(fifo)
    code, _, err = run(capsys, "audit", str(fifo), "-o", str(tmp_path / "audit"))
    assert code == 2
    assert err == f"error[E500]: {fifo} is a FIFO (named pipe), not a manifest file or a folder\n"


@pytest.mark.parametrize(
    ("data", "title"),
    [
        (
            b"<!DOCTYPE html><html><head><title>Kestrel\x00</title></head><body>"
            b"<p>We report to NCMEC.\x00</p></body></html>",
            "Kestrel",
        ),
        (b"Kestrel transparency report\n\nWe report\x00 to NCMEC.\n", None),
    ],
)
def test_a_stray_nul_byte_does_not_make_a_report_binary(data: bytes, title: str | None) -> None:
    document = read_document(data, name="stray-nul")
    assert "We report to NCMEC." in " ".join(p.text for p in document.passages)
    if title:
        assert document.title == title


def test_binary_data_full_of_nul_bytes_is_still_binary() -> None:
    with pytest.raises(Exception, match="is binary data"):
        read_document(b"We report\x00\x00\x00\x00" * 400, name="junk")
