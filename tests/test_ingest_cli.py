"""``trustcheck extract``: text and JSON output, page ranges, errors as one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trustcheck.cli import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ingest"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = 0
    try:
        main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


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
