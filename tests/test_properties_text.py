"""Property tests of the text layer every matcher stands on: clean-up, sentences and figures.

Reports carry any Unicode a PDF or web page can hold: ligatures, full-width digits, control
characters, combining marks, right-to-left text. These properties hold for all of it: clean-up
is idempotent and leaves no control characters or runs of spaces, sentences are pieces of the
cleaned text in order, and every figure found lies inside the text it was found in, with figures
in the usual formats found again whatever text surrounds them.
"""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from trustcheck.ingest.normalize import clean as ingest_clean
from trustcheck.match.figures import find_figures, find_period
from trustcheck.match.text import clean, normalise, split_sentences, squash

PROPERTY = settings(max_examples=150, deadline=None, derandomize=True, database=None)

# Every code point but surrogates, which no decoded text can hold.
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)))
# Report-like text: words, digits, punctuation and the separators figures are written with.
PROSE = st.text(
    st.sampled_from(list("abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ 0123456789 .,;:%!?()-'\"\n\t$"))
    | st.sampled_from(
        ["\u00a0", "\u2019", "\u2013", "\ufb01", "\u00ad", "\u200b", "\uff11", "\x0c"]
    ),
    max_size=120,
)
_CONTROL = re.compile(
    r"[\x00-\x1f\x7f-\x84\x86-\x9f\u00ad\u200b\u200c\u200d\u2060\ufeff]|\(cid:\d+\)"
)


@PROPERTY
@given(text=ANY_TEXT | PROSE)
@example(text="\u0130")  # "İ" lower-cases to "i" plus a combining dot
@example(text="(cid:(cid:12)3)")  # removing one glyph code must not make another
@example(text="\ufb01\u00ad\u200b x")
def test_clean_and_normalise_are_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert clean(clean(text)) == clean(text)
    assert ingest_clean(ingest_clean(text)) == ingest_clean(text)


@PROPERTY
@given(text=ANY_TEXT | PROSE)
def test_cleaned_text_has_single_spaces_and_no_invisible_characters(text: str) -> None:
    for cleaned in (ingest_clean(text), clean(text), normalise(text)):
        assert cleaned == cleaned.strip()
        assert not re.search(r"\s\s", cleaned)
        assert not re.search(r"[^\S ]", cleaned), "every whitespace becomes a plain space"
        assert not _CONTROL.search(cleaned)
    assert re.fullmatch(r"[0-9a-z]*", squash(text))


@PROPERTY
@given(text=ANY_TEXT | PROSE)
@example(text="We removed 1.2 million items. Dr. Smith said so! U.S. law applies.")
def test_sentences_are_the_cleaned_text_in_order(text: str) -> None:
    cleaned = clean(text)
    sentences = split_sentences(text)
    assert all(s and s == s.strip() for s in sentences)
    position = 0
    for sentence in sentences:
        found = cleaned.find(sentence, position)
        assert found >= 0, (sentence, cleaned)
        assert not cleaned[position:found].strip(), "nothing is dropped between sentences"
        position = found + len(sentence)
    assert not cleaned[position:].strip()
    assert " ".join(sentences) == cleaned


def test_sentence_splitting_keeps_abbreviations_and_decimals() -> None:
    text = "We removed 1.2 million items, e.g. images. Dr. Smith reviewed them! Next came U.S. law."
    assert split_sentences(text) == [
        "We removed 1.2 million items, e.g. images.",
        "Dr. Smith reviewed them!",
        "Next came U.S. law.",
    ]


VAGUE = ("thousands of", "many")


@PROPERTY
@given(text=ANY_TEXT | PROSE)
def test_figures_lie_inside_the_text(text: str) -> None:
    norm = normalise(text)
    figures = find_figures(norm, VAGUE)
    assert figures == sorted(figures, key=lambda f: (f.start, f.end))
    for figure in figures:
        assert 0 <= figure.start < figure.end <= len(norm)
        assert figure.text and figure.text in norm[figure.start : figure.end]
        if figure.kind != "vague":
            number = re.search(r"\d[\d,]*(?:\.\d+)?", figure.text)
            if number is not None:
                assert float(number.group().replace(",", "")) >= 0
    period = find_period(norm)
    assert period is None or period in norm


# Figures as reports write them, and what find_figures must report for each.
KNOWN = {
    "1,234": ("count", "1,234"),
    "11,589": ("count", "11,589"),
    "1.2 million": ("count", "1.2 million"),
    "3.4k": ("count", "3.4k"),
    "12%": ("percentage", "12%"),
    "98.7 percent": ("percentage", "98.7 percent"),
    "250,000": ("count", "250,000"),
}
WORDS = st.lists(
    st.sampled_from(
        ["we", "removed", "accounts", "reports", "and", "the", "of", "items", "were", "in", "total"]
    ),
    max_size=6,
).map(" ".join)
PUNCTUATION = st.sampled_from(["", ".", ",", ";", ":", ")"])


@PROPERTY
@given(before=WORDS, figure=st.sampled_from(sorted(KNOWN)), after=WORDS, end=PUNCTUATION)
@example(before="", figure="1,234", after="", end="")
def test_known_figure_formats_round_trip_in_any_words(
    before: str, figure: str, after: str, end: str
) -> None:
    text = f"{before} {figure}{end} {after}".strip()
    norm = normalise(text)
    kind, shown = KNOWN[figure]
    found = [(f.kind, f.text) for f in find_figures(norm)]
    assert found == [(kind, shown)], (text, found)
    [only] = find_figures(norm)
    assert norm[only.start : only.end].strip() == shown


@PROPERTY
@given(year=st.integers(1990, 2039), before=WORDS, after=WORDS)
def test_a_year_is_a_period_and_not_a_figure(year: int, before: str, after: str) -> None:
    norm = normalise(f"{before} in {year} {after}")
    assert find_figures(norm) == []
    assert find_period(norm) == str(year)
