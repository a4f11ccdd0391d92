"""Hard limits: a report that overruns its time or memory, or kills its worker, costs itself only.

The documents are real and made here: a PDF whose one page takes pdfplumber many seconds, a PDF
whose content stream inflates to hundreds of MB (PDFium aborts when it cannot allocate), and a
60 MB text file that Python cannot hold under a small memory bound.
"""

from __future__ import annotations

import sys
import time
import zlib
from pathlib import Path

import pytest

from cli_runner import run
from fixture_scripts import make_bad
from trustcheck import Limits, load_audit, run_audit

CORPUS = Path(__file__).parent.parent / "fixtures" / "corpus" / "reports"
INKWELL = CORPUS / "inkwell-2024-cybertipline-summary.md"

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the memory bound is RLIMIT_AS"
)


def _pdf(content: bytes) -> bytes:
    """A one-page PDF whose page content is ``content``, already Flate-compressed."""
    return make_bad.one_page(
        make_bad.pdf_stream(b"/Filter /FlateDecode", content),
        resources=b"<< /Font << /F1 5 0 R >> >>",
        extra=[b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"],
    )


def _slow_pdf(path: Path) -> Path:
    """One cropped page of 10,000 tiny words in rows of cells, and as many strokes: a page that
    looks tabular and that PDFium cannot read as pdfminer would (its crop box differs), so
    pdfplumber has pdfminer interpret it, seconds in one call."""
    ops = [
        f"BT /F1 6 Tf {36 + (i % 18) * 30} {36 + (i // 18) % 70 * 10} Td (a{i % 10}) Tj ET "
        f"0 0 m {36 + (i % 18) * 30} {36 + (i // 18) % 70 * 10} l S"
        for i in range(10_000)
    ]
    content = make_bad.pdf_stream(b"/Filter /FlateDecode", zlib.compress("\n".join(ops).encode()))
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /CropBox [0 0 600 780] "
        b"/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
    )
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    pages = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
    path.write_bytes(make_bad.pdf_file([catalog, pages, page, content, font]))
    return path


def _bomb_pdf(path: Path, megabytes: int) -> Path:
    """A page whose content stream is a few hundred KB that inflate to ``megabytes`` MB."""
    packer = zlib.compressobj(6)
    chunks = [packer.compress(b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET\n")]
    chunks += [packer.compress(b" " * (1 << 20)) for _ in range(megabytes)]
    chunks.append(packer.flush())
    path.write_bytes(_pdf(b"".join(chunks)))
    return path


def _big_text(path: Path) -> Path:
    """30 MB of text: under the size limit for text, but reading it needs far more than 200 MB."""
    path.write_text(("word " * 20 + "\n") * 300_000, encoding="utf-8")
    return path


@pytest.fixture
def members(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "Inkwell.md").write_bytes(INKWELL.read_bytes())
    return folder


@linux_only
def test_a_memory_bomb_costs_one_report_and_a_dead_worker_is_replaced(
    members: Path, tmp_path: Path
) -> None:
    _bomb_pdf(members / "Bomb.pdf", 240)
    _big_text(members / "Big.txt")
    audit = tmp_path / "audit"
    report = run_audit(members, audit, jobs=1, limits=Limits(max_memory_mb=200))

    assert (report.assessed, report.failed) == (1, 2)
    assert report.errors["Bomb"].startswith("error[E100]: the process reading ")
    assert "died (killed by SIGABRT)" in report.errors["Bomb"]
    assert "200 MB memory bound" in report.errors["Bomb"]
    assert report.errors["Big"].startswith("error[E305]: ")
    assert "needed more than the memory bound of 200 MB" in report.errors["Big"]
    loaded = load_audit(audit)
    assert [m.member for m in loaded.assessed] == ["Inkwell"]
    assert sorted(p.name for p in (audit / "results").iterdir()) == ["inkwell.json"]


def test_a_report_stuck_in_one_page_is_stopped_and_the_audit_resumes(
    members: Path, tmp_path: Path
) -> None:
    _slow_pdf(members / "Slow.pdf")
    audit = tmp_path / "audit"
    limits = Limits(max_seconds=0.2)
    started = time.monotonic()
    report = run_audit(members, audit, jobs=1, limits=limits)
    assert time.monotonic() - started < 15  # reading Slow.pdf to the end takes far longer

    assert (report.assessed, report.failed) == (1, 1)
    assert report.errors["Slow"] == (
        f"error[E305]: {members / 'Slow.pdf'} took over 1.25 s to read and assess and was "
        "stopped (raise the limit with --max-* options if the file is trusted)"
    )
    (members / "Slow.pdf").unlink()
    (members / "Slow.md").write_text("# Slow\n\nA corrected report.\n", encoding="utf-8")
    again = run_audit(members, audit, jobs=1, limits=limits)
    assert (again.from_cache, again.assessed, again.failed) == (1, 1, 0)
    assert [m.member for m in load_audit(audit).assessed] == ["Inkwell", "Slow"]


@linux_only
def test_the_command_line_stops_a_slow_file_and_a_greedy_one_and_prints_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    slow, big = _slow_pdf(tmp_path / "slow.pdf"), _big_text(tmp_path / "big.txt")
    code, out, err = run(
        capsys,
        *(str(slow), str(INKWELL), str(big)),
        *("--max-seconds", "0.2", "--max-memory", "200", "--format", "json"),
    )
    assert code == 2
    hint = "(raise the limit with --max-* options if the file is trusted)"
    assert err.splitlines() == [
        f"error[E305]: {slow} took over 1.25 s to read and assess and was stopped {hint}",
        f"error[E305]: {big} needed more than the memory bound of 200 MB {hint}",
    ]
    assert '"path": "' + str(INKWELL) + '"' in out


@linux_only
def test_a_memory_bound_too_small_to_start_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, str(INKWELL), "--max-memory", "20")
    assert code == 2
    assert err.startswith(f"error[E305]: {INKWELL}: the memory bound of 20 MB is below the ")
    assert err.endswith("MB a worker process needs to read anything (raise --max-memory)\n")


def test_limits_are_validated_and_the_hard_stop_comes_after_the_cooperative_one() -> None:
    assert Limits().max_memory_mb == 4096
    assert Limits(max_seconds=120).hard_seconds == 151.0
    with pytest.raises(ValueError, match="max_memory_mb"):
        Limits(max_memory_mb=0)
