"""Labels of documents kept outside the repository: named by file, cited by page or line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from trustcheck.benchmark import SourceLines, format_report, run_benchmark
from trustcheck.errors import UsageError

REPORTS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus" / "reports"
MARKDOWN = "flarecast-2024-h2-child-safety-report.md"
PDF = "northwind-2024-csea-report.pdf"


def _labels(tmp_path: Path, text: str) -> Path:
    labels = tmp_path / "labels"
    labels.mkdir()
    (labels / "doc.yaml").write_text(text, encoding="utf-8")
    return labels


def _line_of(path: Path, words: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if words in line:
            return number
    raise AssertionError(f"{words!r} not in {path}")


def test_a_quote_is_placed_on_the_line_where_its_first_words_start(tmp_path: Path) -> None:
    source = tmp_path / "wrapped.md"
    source.write_text(
        "# Child safety\n\nWe report every account that\nshares abuse material to\n\n"
        "NCMEC within a day.\n",
        encoding="utf-8",
    )
    lines = SourceLines.of(source)
    assert lines is not None
    assert lines.line_of("We report every account that shares abuse material to NCMEC") == [3]
    assert lines.line_of("NCMEC within a day.") == [6]
    assert lines.line_of("Nothing like this") == []
    assert SourceLines.of(tmp_path / "report.pdf") is None


def test_a_table_row_quoted_with_its_headers_is_placed_on_its_csv_line(tmp_path: Path) -> None:
    source = tmp_path / "release.csv"
    source.write_text(
        "Accounts Banned,,\n,,\nPolicy Area,Accounts Banned,Bans Overturned\n"
        'Spam,"310,552",12\nChild Sexual Exploitation,"48,770",41\n',
        encoding="utf-8",
    )
    lines = SourceLines.of(source)
    assert lines is not None
    quote = "Policy Area: Child Sexual Exploitation; Accounts Banned: 48,770; Bans Overturned: 41"
    assert lines.line_of(quote) == [5]
    assert lines.line_of("Policy Area: Harassment; Accounts Banned: 9,118") == []


def test_labels_by_line_and_page_check_the_engines_evidence(tmp_path: Path) -> None:
    documents = tmp_path / "documents"
    documents.mkdir()
    shutil.copy(REPORTS / MARKDOWN, documents / MARKDOWN)
    cited = _line_of(documents / MARKDOWN, "supplemental report")
    last = len((documents / MARKDOWN).read_text(encoding="utf-8").splitlines())
    labels = _labels(
        tmp_path,
        f"document: {MARKDOWN}\ntype: dedicated-report\nelements:\n"
        f"  PS5: {{level: full, lines: [{cited}], why: CyberTipline with what is reported}}\n"
        f"  PP1: {{level: full, lines: [{last + 20}], why: a line past the end of the text}}\n",
    )
    result = run_benchmark(labels, documents=documents)
    assert not result.errors
    by_element = {c.element: c for c in result.comparisons}
    assert by_element["PS5"].predicted == "full"
    assert by_element["PS5"].quote_found is True
    assert by_element["PS5"].rank is not None
    assert by_element["PP1"].quote_found is False
    assert by_element["PP1"].rank is None
    report = format_report(result)
    assert "evidence contains the labelled passage: 0.500" in report
    assert "(first quote: " in report


def test_a_label_citing_a_page_matches_evidence_on_that_page(tmp_path: Path) -> None:
    documents = tmp_path / "documents"
    documents.mkdir()
    shutil.copy(REPORTS.parent.parent / "corpus" / "reports" / PDF, documents / PDF)
    labels = _labels(
        tmp_path,
        f"document: {PDF}\nelements:\n"
        "  PS5: {level: full, pages: [1, 2, 3, 4, 5, 6, 7, 8], why: any page}\n"
        "  PS1: {level: full, pages: [999], why: a page the report does not have}\n",
    )
    result = run_benchmark(labels, documents=documents)
    by_element = {c.element: c for c in result.comparisons}
    assert by_element["PS5"].quote_found is True and by_element["PS5"].rank == 0
    assert by_element["PS1"].quote_found is False


def test_a_document_label_needs_the_documents_folder(tmp_path: Path) -> None:
    labels = _labels(tmp_path, f"document: {MARKDOWN}\nelements:\n  SC1: {{level: full}}\n")
    with pytest.raises(UsageError, match="--documents"):
        run_benchmark(labels)


def test_a_missing_document_is_reported_and_the_others_are_assessed(tmp_path: Path) -> None:
    labels = _labels(tmp_path, "document: gone.pdf\nelements:\n  SC1: {level: full}\n")
    result = run_benchmark(labels, documents=tmp_path)
    assert result.errors and "gone.pdf: no such file" in result.errors[0]
    assert result.comparisons == []


def test_a_label_naming_both_a_report_and_a_document_is_refused(tmp_path: Path) -> None:
    labels = _labels(
        tmp_path, "report: reports/x.md\ndocument: x.md\nelements:\n  SC1: {level: full}\n"
    )
    with pytest.raises(UsageError, match="exactly one of 'report' or 'document'"):
        run_benchmark(labels)
