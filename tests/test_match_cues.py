"""Cue phrases scanned with only the phrases a stretch can hold: the whole pattern's matches."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustcheck import load_framework, read_document
from trustcheck.match.clauses import Cues, phrases
from trustcheck.match.units import build_units

REPORTS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus" / "reports"
LANGUAGE = load_framework("trust").language
assert LANGUAGE is not None
CUE_LISTS = {
    "intention": LANGUAGE.intention_cues,
    "conditional": LANGUAGE.conditional_cues,
    "negation": LANGUAGE.negation_cues,
    "exception": LANGUAGE.exception_cues,
    "breaks": LANGUAGE.clause_breaks,
}


def _spans(found: object) -> list[tuple[int, int]]:
    return [m.span() for m in found]  # type: ignore[attr-defined]


def _same(cues: list[str], norm: str, start: int, end: int) -> None:
    whole, scanned = phrases(cues), Cues.of(cues)
    assert whole is not None and scanned is not None
    assert _spans(scanned.finditer(norm, start, end)) == _spans(whole.finditer(norm, start, end))
    first = whole.search(norm, start, end)
    assert (first.span() if first else None) == (
        found.span() if (found := scanned.search(norm, start, end)) else None
    )


@pytest.mark.parametrize("kind", sorted(CUE_LISTS))
def test_every_sentence_of_two_reports(kind: str) -> None:
    norms = [
        unit.norm
        for name in ("stratabox-2024-annual-csam-report.md", "kestrel-2024-csam-transparency.pdf")
        for unit in build_units(read_document(REPORTS / name))
    ]
    assert len(norms) > 50
    for norm in norms:
        for start, end in ((0, len(norm)), (len(norm) // 3, len(norm)), (0, len(norm) // 2)):
            _same(CUE_LISTS[kind], norm, start, end)


WORDS = st.sampled_from(
    [
        "we",
        "will",
        "launch",
        "do",
        "not",
        "never",
        "if",
        "when",
        "except",
        "for",
        "and",
        "but",
        "however",
        "scan",
        "images",
        ",",
        ";",
        ":",
        "we'll",
        "plan",
        "to",
        "ſ",
        "é",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from(sorted(CUE_LISTS)),
    words=st.lists(WORDS, max_size=30),
    cut=st.tuples(st.integers(0, 200), st.integers(0, 200)),
)
def test_any_text_and_window(kind: str, words: list[str], cut: tuple[int, int]) -> None:
    norm = " ".join(words)
    start, end = sorted(min(c, len(norm)) for c in cut)
    _same(CUE_LISTS[kind], norm, start, end)
