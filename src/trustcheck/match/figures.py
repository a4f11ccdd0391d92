"""Figures and periods in normalised text.

A figure is a count ("11,589", "1.2 million", "3.4k"), a percentage ("98.7%", "12 percent") or a
vague quantity ("thousands of accounts"). Numbers that are not figures are left out: years,
dates, ages ("under 13", "aged 14 to 17"), section numbers ("5.1 scope"), durations ("within 24
hours"), ordinals, legal citations ("18 U.S.C. 2258A", "article 34(1)", "articles 34 and 35"),
footnote markers ("(2020)12"), ratings and scores ("severity 4", "3 x 4 = 12", "a score from 0
to 1000") and redactions. A period is a year, a half or quarter, a month, or a date range beside
the figure. The words of each (months, scales, units, period phrases) come from the lexicon
(:mod:`trustcheck.match.lexicon`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from trustcheck.match.lexicon import CompiledLexicon, lexicon

FigureKind = Literal["count", "vague", "percentage"]

_YEAR = re.compile(r"^(?:19|20)\d\d$")
_SECTION_NUMBER = re.compile(r"^\s*(?:\d+(?:\.\d+)*[.)]\s|\d+(?:\.\d+)+\s+[a-z])")
"""A heading's or list's own numbering: "5.1 scope of the risk", "6. notice and appeals"."""
_CODE_BEFORE = re.compile(r"(?<![A-Za-z])[A-Z]{1,3}[ _]$")
"""An identifier's letters before its number, in the text as written: a risk register's "CS 7",
a cross-reference "(see AB_2)". Read in the original case, since "CS 7" and "cs 7" differ only
there."""
_CODE_NUMBER = re.compile(r"^\d{1,3}$")
_RANGE_AFTER = re.compile(r"\s?(?:-|to)\s?\d{1,2}(?![\d,.])")
_RANGE_BEFORE = re.compile(r"(?<![\d,.])\d{1,2}\s?(?:-|to)\s?$")
_SUBCLAUSE = re.compile(r"(?:[0-9a-z]|^|\s)\($")
"""A clause of a numbered provision ("article 34(1)", "section 5(2)(b)") or an item of an
enumeration ("(1) hosting traders, (2) ..."): a number alone in brackets numbers, it counts
nothing."""
_MARKER_BEFORE = re.compile(r"[)\]\"'\u201d\u2019]$")
"""A footnote marker set right after a bracket or a quotation mark: "(2020)12", "'scale'4"."""
_SCALE_FROM = re.compile(r"\s?(?:-|–|to)\s?\d")
_SCALE_TO = re.compile(r"(?<![\d,.])[01]\s?(?:-|–|to)\s?$")
"""A scale runs from 0 or 1: "a score (0 to 1000)", "rated 1-5". Counts are not stated so."""
_ARITHMETIC_AFTER = re.compile(r"\s?[x×*=]\s?\d")
_ARITHMETIC_BEFORE = re.compile(r"[x×*=]\s?$")
"""A number in a calculation ("3 x 4 = 12") is a risk matrix's score, not a count."""


@dataclass(frozen=True, slots=True)
class Figure:
    kind: FigureKind
    text: str
    start: int
    end: int


def find_figures(
    norm: str,
    vague_words: list[str] | tuple[str, ...] = (),
    words: CompiledLexicon | None = None,
    text: str | None = None,
) -> list[Figure]:
    """Every figure in a normalised sentence or table row, in order.

    ``words`` is the document language's lexicon (English by default). ``text`` is the unit as
    written, when it has the normalised text's length: with it, identifiers such as "CS 7" are
    told from counts.
    """
    cased = text if text is not None and len(text) == len(norm) else None
    words = words or lexicon()
    if words.redacted.search(norm):  # blanked to the same length: offsets stay the text's
        norm = words.redacted.sub(lambda m: " " * len(m.group()), norm)
    figures: list[Figure] = []
    ratios = [(r.start(), r.end()) for r in words.ratio.finditer(norm)] if words.ratio else []
    for start, end in ratios:  # "1 in 5": a share of a whole, as a percentage is
        figures.append(Figure("percentage", norm[start:end], start, end))
    for m in words.number.finditer(norm):
        if any(start <= m.start() < end for start, end in ratios):
            continue
        num, scale, pct = m.group("num"), m.group("scale"), m.group("pct")
        if pct:
            figures.append(Figure("percentage", m.group().strip(), m.start(), m.end()))
            continue
        if not scale and _YEAR.match(num):
            continue
        if not scale and words.not_figure_after.match(norm[m.end() : m.end() + 20]):
            continue
        if not scale and words.citation_after.match(norm[m.end() : m.end() + 12]):
            continue  # "18 u.s.c. 2258a": a title of a code, not a count
        before = norm[max(0, m.start() - 40) : m.start()]
        after = norm[m.end() : m.end() + 12]
        if not scale and not pct and _not_a_count(num, before, after, words):
            continue
        if (
            cased is not None
            and not scale
            and _CODE_NUMBER.match(num)
            and _CODE_BEFORE.search(cased, max(0, m.start() - 4), m.start())
        ):
            continue  # "risk id: CS 7", "(see also AB_2)": an identifier, not a count
        if words.not_figure_before.search(before):
            continue
        if not scale and words.month_before.search(before):
            continue  # a day of a month: "1 Jan", "January 1"
        if not scale and words.month_after.match(norm[m.end() : m.end() + 12]):
            continue
        if not scale and _RANGE_AFTER.match(norm[m.end() : m.end() + 8]):
            continue  # an age or number range: "13-17"
        if not scale and _RANGE_BEFORE.search(before):
            continue  # the end of such a range: "aged 14 to 17"
        if not scale and m.start() == 0 and _SECTION_NUMBER.match(norm):
            continue
        figures.append(Figure("count", m.group().strip(), m.start(), m.end()))
    for m in words.spelled.finditer(norm):
        figures.append(Figure("count", m.group(), m.start(), m.end()))
    for word in vague_words:
        if word not in norm:  # every match holds the word as it is
            continue
        for m in _whole_word(word).finditer(norm):
            figures.append(Figure("vague", m.group(), m.start(), m.end()))
    figures.sort(key=lambda f: (f.start, f.end))
    return figures


def _not_a_count(num: str, before: str, after: str, words: CompiledLexicon) -> bool:
    """A number that refers, rates or marks rather than counts: a provision's clause, a
    footnote marker, a rating or a score's calculation, the bounds of a scale."""
    if len(num) <= 2 and _SUBCLAUSE.search(before) and after.startswith(")"):
        return True
    if _MARKER_BEFORE.search(before):
        return True
    if words.rating_before is not None and words.rating_before.search(before):
        return True
    if _ARITHMETIC_AFTER.match(after) or _ARITHMETIC_BEFORE.search(before):
        return True
    return (num in ("0", "1") and _SCALE_FROM.match(after) is not None) or bool(
        _SCALE_TO.search(before)
    )


def find_redactions(norm: str, words: CompiledLexicon | None = None) -> list[tuple[int, int]]:
    """Where a figure has been withheld ("[redacted]", "█████", "[confidential]"): a figure
    that is not given, which no other number in the sentence stands in for."""
    return [(m.start(), m.end()) for m in (words or lexicon()).redacted.finditer(norm)]


@lru_cache(maxsize=1024)
def _whole_word(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![0-9a-z]){re.escape(word)}(?![0-9a-z])")


def find_period(text: str, words: CompiledLexicon | None = None) -> str | None:
    """The first period expression in a normalised text (year, half, quarter, month...)."""
    m = (words or lexicon()).period.search(text)
    return m.group() if m else None
