"""Huge text inputs: each is read, or refused by its own limit with its own message.

The inputs are those of ``fixtures/bad/make_slow.py`` (a million short lines in one block, one
line of tens of megabytes, a text table of 600,000 rows), built smaller here with the limit set
low to match, so every case runs in a fraction of a second. No test measures time: where a pass
must scale, the work it does is counted.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from cli_runner import run
from fixture_scripts import _load
from trustcheck import LimitExceeded, Limits, PassageKind, assess, read_document
from trustcheck.framework.models import Language
from trustcheck.ingest import text_tables
from trustcheck.match import clauses
from trustcheck.match.clauses import ClauseReader
from trustcheck.match.signals import Hit, _variant_hits
from trustcheck.match.text import normalise, split_sentences

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


# A sentence of thousands of words: no full stop, no clause break ------------------------------


def test_the_cues_before_a_hit_are_those_a_scan_bounded_at_the_hit_finds() -> None:
    """The clause is scanned once and only the stretch the bound can change is scanned again;
    the cues found must be those of a scan from the clause's start to the hit, wherever the
    hit is, also where cues overlap ("not" in "did not", "no" in "no longer")."""
    language = Language(
        topic="csea",
        negation_cues=["not", "did not", "no", "no longer", "there is no", "never"],
        exception_cues=["except", "other than", "apart from"],
    )
    reader = ClauseReader(language)
    text = normalise(
        "we did not scan and there is no longer any review, except csam, apart from other "
        "than the no longer used tool; we never did not report no reports not ever " * 6
    )
    for cues in (reader._negation, reader._exception):
        assert cues is not None
        for left in (0, 7, 100):
            for end in range(left, len(text) + 1):
                expected = [m.span() for m in cues.regex.finditer(text, left, end)]
                found = [m.span() for m in reader._cues_before(cues, text, left, end)]
                assert found == expected, (left, end)


def test_a_sentence_of_thousands_of_words_is_scanned_for_cues_once_per_clause(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every hit asks for the cues before it in its clause; the characters scanned from a
    clause's start grow with the text, not with the text times its hits."""
    scanned: list[int] = []
    real_cues = clauses._cues

    def counting(
        cues: clauses.Cues | None, norm: str, start: int, end: int
    ) -> Iterator[re.Match[str]]:
        scanned.append(end - start)
        return real_cues(cues, norm, start, end)

    monkeypatch.setattr(clauses, "_cues", counting)
    text = make_slow.one_long_sentence(400)
    assess(text)
    document = read_document(text, name="long.txt")
    assert [p.kind for p in document.passages] == [PassageKind.PARAGRAPH]
    length = len(document.passages[0].text)
    assert sum(scanned) < 10 * length


def test_a_chain_of_initials_is_one_sentence() -> None:
    """Full stops after initials end no sentence; the splitter reads the word before each from
    the break back, so a chain of them is cut in linear time."""
    text = make_slow.chained_initials(2_000).decode()
    assert split_sentences(text) == [text.strip()]
    assert split_sentences("We met A. B. Smith. He agreed.") == [
        "We met A. B. Smith.",
        "He agreed.",
    ]


def test_variant_hits_skip_what_a_covering_span_covers_as_the_plain_check_does() -> None:
    rnd = random.Random(7)
    for _ in range(300):
        exact = [
            Hit(start, start + rnd.randint(1, 30), 1.0)
            for start in (rnd.randint(0, 200) for _ in range(rnd.randint(0, 6)))
        ]
        spans = []
        for n in range(rnd.randint(0, 40)):
            start = rnd.randint(0, 220)
            spans.append((f"g{n % 5}", start, start + rnd.randint(1, 25)))
        variants = {"g0": 0.9, "g1": 0.8, "g2": 0.95, "g3": 0.85}
        covered = [(h.start, h.end) for h in exact]
        plain: list[Hit] = []
        for gram, start, end in spans:
            if gram not in variants or any(s <= start and end <= e for s, e in covered):
                continue
            plain.append(Hit(start, end, variants[gram]))
            covered.append((start, end))
        assert _variant_hits(spans, variants, exact) == plain
