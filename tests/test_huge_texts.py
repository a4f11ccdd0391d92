"""Huge text inputs: each is read, or refused by its own limit with its own message.

The inputs are those of ``fixtures/bad/make_slow.py`` (a million short lines in one block, one
line of tens of megabytes, a text table of 600,000 rows), built smaller here with the limit set
low to match, so every case runs in a fraction of a second. No test measures time: where a pass
must scale, the work it does is counted.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_runner import run
from fixture_scripts import _load
from trustcheck import LimitExceeded, Limits, PassageKind, read_document
from trustcheck.ingest import text_tables

ROOT = Path(__file__).resolve().parent.parent
make_slow = _load(ROOT / "fixtures" / "bad" / "make_slow.py")


def test_a_block_of_many_short_lines_is_one_paragraph_under_the_sentence_limit() -> None:
    lines = read_document(make_slow.million_lines(20_000), name="lines.txt")
    assert [p.kind for p in lines.passages] == [PassageKind.PARAGRAPH]
    assert lines.passages[0].text.count("of the report.") == 20_000


def test_a_block_of_too_many_sentences_is_refused_by_the_sentence_limit() -> None:
    data = make_slow.million_lines(20_000)
    with pytest.raises(LimitExceeded, match=r"^lines\.txt has more than 5,000 sentences$"):
        read_document(data, name="lines.txt", limits=Limits(max_sentences=5_000))


def test_sentences_are_counted_in_every_format_as_passages_are_made() -> None:
    page = b"<html><body><main>" + b"<p>One. Two. Three.</p>" * 40 + b"</main></body></html>"
    with pytest.raises(LimitExceeded, match=r"page\.html has more than 100 sentences"):
        read_document(page, name="page.html", limits=Limits(max_sentences=100))
    assert len(read_document(page, name="page.html", limits=Limits(max_sentences=120)).passages)


def test_one_long_line_is_refused_before_it_is_parsed() -> None:
    data = make_slow.one_long_line(1024 * 1024)
    with pytest.raises(LimitExceeded) as caught:
        read_document(data, name="line.txt")
    assert str(caught.value) == (
        f"line.txt has a line of {len(data):,} characters (line 1 of its text), over "
        "the limit of 1,000,000 characters a line"
    )
    assert "raise Limits.max_line_chars" in caught.value.one_line()


def test_a_line_under_the_limit_is_read_whole() -> None:
    line = read_document(make_slow.one_long_line(200_000), name="line.txt")
    assert [p.kind for p in line.passages] == [PassageKind.PARAGRAPH]
    assert line.passages[0].text.startswith("We report every confirmed case")


def test_the_line_limit_names_the_line_in_markdown_too() -> None:
    data = b"# Report\n\nShort paragraph.\n\n" + b"word " * 30_000 + b"\n"
    with pytest.raises(LimitExceeded, match=r"has a line of 150,000 characters \(line 5 of"):
        read_document(data, name="r.md", limits=Limits(max_line_chars=100_000))


def test_a_text_table_over_the_passage_limit_is_refused_before_its_rows_are_made() -> None:
    table = make_slow.long_text_table(3_000)
    with pytest.raises(
        LimitExceeded,
        match=r"^table\.txt has a table of 3,000 rows, more than the 1,000 passages a document "
        r"may have$",
    ):
        read_document(table, name="table.txt", limits=Limits(max_passages=1000))


def test_a_text_table_under_the_limits_is_read_as_rows() -> None:
    rows = read_document(make_slow.long_text_table(50), name="table.txt").passages
    assert [p.kind for p in rows] == [PassageKind.TABLE_ROW] * 50
    assert rows[7].cells == ("Reports row 7", "21", "35")
    assert rows[7].columns == ("Category", "2023", "2024")


def test_prose_lines_are_never_cut_into_cells(monkeypatch: pytest.MonkeyPatch) -> None:
    """A block of prose, however long, costs one scan of its lines, not a cut into cells of
    each; a line with a wide gap is still cut, so tables are found as before."""
    cut: list[str] = []
    real_cells = text_tables._cells

    def counting(line: str) -> list[tuple[int, int, str]]:
        cut.append(line)
        return real_cells(line)

    monkeypatch.setattr(text_tables, "_cells", counting)
    read_document(make_slow.million_lines(5_000), name="lines.txt")
    assert cut == []
    lined_up = [f"Line {n} of\tthe report." for n in range(3)]
    parts = text_tables.split_tables(lined_up)
    assert parts is not None and isinstance(parts[0], text_tables.Table)
    assert cut == lined_up


def test_the_command_line_refuses_a_long_line_with_its_own_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "line.txt"
    path.write_bytes(make_slow.one_long_line(1024 * 1024))
    code, out, err = run(capsys, str(path), "--format", "json")
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert err.startswith("error[E305]: ") and "has a line of 1,048,5" in err
