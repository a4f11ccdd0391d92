"""``trustcheck extract``: text and JSON output, page ranges, errors as one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_runner import run
from fixture_scripts import make_faults

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ingest"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run as the console script does, ``sys.exit(main())``: an exit code may be returned."""
    return run(capsys, *argv)


def test_extract_text_with_page_range(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "extract", str(FIXTURES / "report_two_columns.pdf"), "--pages", "5")
    assert code == 0
    assert out.startswith("# Example Platform Transparency Report 2024 (pdf, 7 pages)\n")
    assert "[p5.4] page 5 (printed 3) · table_row · Transparency Report 2024 > 3 Enforcement" in out
    assert "columns: Metric | 2023 H2 | 2024 H1\nAccounts actioned for CSEA | 1,020 | 1,234" in out
    assert "page 4" not in out and "page 6" not in out


def test_extract_json_is_the_document_model(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "extract", str(FIXTURES / "report.html"), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["format"] == "html"
    kinds = {p["kind"] for p in data["passages"]}
    assert {"heading", "paragraph", "list_item", "table_row", "data"} <= kinds


def test_extract_errors_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "extract", str(FIXTURES / "encrypted_user_password.pdf"))
    assert code == 2 and out == ""
    assert err.startswith("error[E303]: ") and err.count("\n") == 1
    code, _, err = _run(capsys, "extract", str(FIXTURES / "report.md"), "--pages", "7-3")
    assert code == 2 and err.startswith("error[E001]: --pages '7-3'")


def test_extract_with_password(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(FIXTURES / "encrypted_user_password.pdf")
    code, out, _ = _run(capsys, "extract", path, "--password", "open-sesame", "--pages", "3")
    assert code == 0 and "1.1 Scope" in out


def test_extract_pages_outside_the_document_is_an_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = str(FIXTURES / "report.md")
    code, out, err = _run(capsys, "extract", path, "--pages", "5-7")
    assert (code, out) == (2, "")
    assert (
        err == f"error[E001]: --pages 5-7: {path} has 1 page (choose pages within the document)\n"
    )
    code, out, _ = _run(
        capsys, "extract", str(FIXTURES / "report_two_columns.pdf"), "--pages", "7-9"
    )
    assert code == 0 and "[p7.2] page 7 (printed 5) · heading 2" in out


def test_extract_output_file_is_what_stdout_shows(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = str(FIXTURES / "report.html")
    missing = tmp_path / "no such folder" / "extract.txt"
    code, _, err = _run(capsys, "extract", path, "-o", str(missing))
    assert code == 2 and err.startswith(f"error[E001]: cannot write {missing}: ")
    for fmt in ("text", "json"):
        target = tmp_path / f"{fmt} ü.out"
        target.write_text("an older file", encoding="utf-8")
        code, out, _ = _run(capsys, "extract", path, "--format", fmt, "-o", str(target))
        assert (code, out) == (0, "")
        _, shown, _ = _run(capsys, "extract", path, "--format", fmt)
        assert target.read_text(encoding="utf-8") == shown
        assert shown.endswith("\n") and "Reports to ncmec total: 8300" in shown


def test_extract_limits_hold_by_force(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Read in a worker process: a page stuck in one call is stopped at the hard time limit."""
    slow = tmp_path / "slow.pdf"
    slow.write_bytes(make_faults.slow_pdf())  # one call of about 20 s: stopped by force
    code, out, err = _run(capsys, "extract", str(slow), "--max-seconds", "0.1")
    assert (code, out) == (2, "")
    assert err == (
        f"error[E305]: {slow} took over 1.125 s to read and was stopped "
        "(raise the limit with --max-* options if the file is trusted)\n"
    )
    path = str(FIXTURES / "report.md")
    code, out, err = _run(capsys, "extract", path, "--max-memory", "20")
    assert (code, out) == (2, "")
    assert err.startswith(f"error[E305]: {path}: the memory bound of 20 MB is below the ")
