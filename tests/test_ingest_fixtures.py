"""The committed ingest fixtures are exactly what make_fixtures.py generates."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ingest"


def test_generated_fixtures_match_committed_files() -> None:
    pytest.importorskip("reportlab")
    pytest.importorskip("PIL")
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    report = module.make_report()
    assert report == (FIXTURES / "report_two_columns.pdf").read_bytes()
    assert (FIXTURES / "truncated.pdf").read_bytes() == report[: len(report) // 3]
    assert module.make_scanned(True) == (FIXTURES / "image_only_page.pdf").read_bytes()
    assert (FIXTURES / "report.html").read_text(encoding="utf-8") == module.HTML
