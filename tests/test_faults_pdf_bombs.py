"""Decompression bombs hidden from a pattern search are still measured before PDFium runs.

Each PDF hides a content stream that decodes to hundreds of MB: behind RunLength, behind a
filter given by reference or spelled with escapes, behind padding, or beside a fake image
subtype. The check decodes every stream as a reader would and refuses the file first.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fixture_scripts import make_faults
from trustcheck import LimitExceeded, Limits, UnreadableDocument, read_document

_MB = 1024 * 1024
CAP = 1024 * _MB


@pytest.mark.parametrize("kind", make_faults.PDF_BOMBS)
def test_a_hidden_bomb_is_measured_and_refused(kind: str) -> None:
    data = make_faults.pdf_bomb(kind, 16 * _MB)
    assert len(data) < 400_000
    with pytest.raises(LimitExceeded, match="inflates to over 4 MB"):
        read_document(data, name="bomb.pdf", limits=Limits(max_inflated_bytes=4 * _MB))
    # with the limit raised, PDFium reads it: the stream really holds what was measured
    with pytest.raises(UnreadableDocument, match="nothing is drawn"):
        read_document(data, name="bomb.pdf", limits=Limits(max_inflated_bytes=64 * _MB), ocr=False)


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS")
@pytest.mark.parametrize("kind", ["RunLength after Flate", "indirect Filter"])
def test_a_full_size_hidden_bomb_is_refused_in_bounded_memory(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "bomb.pdf"
    path.write_bytes(make_faults.pdf_bomb(kind, 1536 * _MB))
    started = time.monotonic()
    code = "import sys; from trustcheck.cli import main; sys.exit(main())"
    done = subprocess.run(
        [sys.executable, "-c", code, str(path), "--max-memory", "900"],
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=_cap_memory,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == (
        f"error[E305]: {path} has compressed content that inflates to over 256 MB (a "
        "decompression bomb, or an unusually heavy PDF) (raise Limits.max_inflated_bytes if "
        "the file is trusted)\n"
    )
    assert time.monotonic() - started < 240


def test_the_tokenizer_reads_dictionaries_as_a_pdf_reader_does() -> None:
    from trustcheck.ingest.pdf_objects import Name, Ref, parse_object

    data = (
        b"<< /Fl#61g true /Note (a (nested) \\) string /Subtype /Image) /Filter 12 0 R "
        b"/Arr [1 2 R 3 0 R <41> 4.5 7 /X] % a comment\n /Nested << /K /V >> >>stream"
    )
    value, end = parse_object(data, 0)
    assert isinstance(value, dict)
    assert value[b"Flag"] is not None and value[b"Filter"] == Ref(12)
    assert b"Subtype" not in value  # it was inside the string
    assert value[b"Arr"] == [Ref(1), Ref(3), b"", 4.5, 7, Name(b"X")]
    assert value[b"Nested"] == {b"K": Name(b"V")}
    assert data[end:] == b"stream"
