"""Figures and periods in normalised text.

A figure is a count ("11,589", "1.2 million", "3.4k"), a percentage ("98.7%", "12 percent") or a
vague quantity ("thousands of accounts"). Numbers that are not figures are left out: years,
dates, ages ("under 13", "aged 14 to 17"), section numbers ("5.1 scope"), durations ("within 24
hours"), ordinals, legal citations ("18 U.S.C. 2258A") and redactions. A period is a year, a
half or quarter, a month, or a date range beside the figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

FigureKind = Literal["count", "vague", "percentage"]

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_NUMBER = re.compile(
    r"(?<![\w.,/$#-])(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?P<scale>\s?(?:million|billion|thousand|bn|mn|m|k)\b)?"
    r"(?P<pct>\s?(?:%|percent\b|per cent\b|percentage points?\b|pp\b))?"
    r"(?![\w/]|\.\d|,\d)"
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_DURATION = re.compile(
    r"^\s?(?:-\s?)?(?:hours?|hrs?|minutes?|mins?|seconds?|days?|weeks?|months?|years?|yrs?|"
    r"business days?|working days?|am|pm|gb|mb|tb|kb|characters?|languages?|countries|"
    r"markets|st|nd|rd|th)\b"
)
_BEFORE_NOT_FIGURE = re.compile(
    r"(?:\b(?:under|over|aged?|ages|below|above|younger than|older than|at least|section|"
    r"sections|article|articles|chapter|page|pages|p\.|pp\.|figure|table|step|level|tier|"
    r"version|v|no\.|number|u\.s\.c\.|usc|§|h|q|fy|top|phase|principle|principles|"
    r"recommendation|annex|appendix|question|questions|item|paragraph|para|part|rule|clause|"
    r"criterion|objective|goal|footnote|exhibit|box)\s?$)|(?:[a-z]-$)"
)
_CITATION_AFTER = re.compile(r"\s?(?:u\.\s?s\.\s?c\b|usc\b|c\.\s?f\.\s?r\b|cfr\b)")
_SPELLED = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|a|half a)\s(?:hundred\s)?"
    r"(?:thousand|million|billion)\b"
)
_SECTION_NUMBER = re.compile(r"^\s*(?:\d+(?:\.\d+)*[.)]\s|\d+(?:\.\d+)+\s+[a-z])")
"""A heading's or list's own numbering: "5.1 scope of the risk", "6. notice and appeals"."""
_REDACTED = re.compile(r"\[?redacted\]?|█+|x{1,3}(?:,x{3})+", re.IGNORECASE)

_MONTH_BEFORE = re.compile(rf"{_MONTH}\s?$")
_MONTH_AFTER = re.compile(rf"\s?{_MONTH}")
_RANGE_AFTER = re.compile(r"\s?(?:-|to)\s?\d{1,2}(?![\d,.])")
_RANGE_BEFORE = re.compile(r"(?<![\d,.])\d{1,2}\s?(?:-|to)\s?$")

_PERIOD = re.compile(
    r"\b(?:19|20)\d\d\b"
    r"|\b(?:h[12]|q[1-4])\b"
    rf"|\b{_MONTH}(?=[\s,]|$)"
    r"|\b(?:first|second|third|fourth) (?:half|quarter)\b"
    r"|\b(?:this|the|last|past|previous|prior|same|current|reporting) "
    r"(?:year|quarter|half|period|reporting period|12 months|twelve months|six months|month)\b"
    r"|\bfy ?'?\d{2}(?:\d{2})?\b|\bannual(?:ly)?\b|\bper (?:year|quarter|month)\b"
    r"|\b(?:monthly|quarterly|yearly|year to date|ytd)\b"
)


@dataclass(frozen=True, slots=True)
class Figure:
    kind: FigureKind
    text: str
    start: int
    end: int


def find_figures(norm: str, vague_words: list[str] | tuple[str, ...] = ()) -> list[Figure]:
    """Every figure in a normalised sentence or table row, in order."""
    if _REDACTED.search(norm):
        norm = _REDACTED.sub(" ", norm)
    figures: list[Figure] = []
    for m in _NUMBER.finditer(norm):
        num, scale, pct = m.group("num"), m.group("scale"), m.group("pct")
        if pct:
            figures.append(Figure("percentage", m.group().strip(), m.start(), m.end()))
            continue
        if not scale and _YEAR.match(num):
            continue
        if not scale and _DURATION.match(norm[m.end() : m.end() + 20]):
            continue
        if not scale and _CITATION_AFTER.match(norm[m.end() : m.end() + 12]):
            continue  # "18 u.s.c. 2258a": a title of a code, not a count
        before = norm[max(0, m.start() - 16) : m.start()]
        if _BEFORE_NOT_FIGURE.search(before):
            continue
        if not scale and _MONTH_BEFORE.search(before):
            continue  # a day of a month: "1 Jan", "January 1"
        if not scale and _MONTH_AFTER.match(norm[m.end() : m.end() + 12]):
            continue
        if not scale and _RANGE_AFTER.match(norm[m.end() : m.end() + 8]):
            continue  # an age or number range: "13-17"
        if not scale and _RANGE_BEFORE.search(before):
            continue  # the end of such a range: "aged 14 to 17"
        if not scale and m.start() == 0 and _SECTION_NUMBER.match(norm):
            continue
        figures.append(Figure("count", m.group().strip(), m.start(), m.end()))
    for m in _SPELLED.finditer(norm):
        figures.append(Figure("count", m.group(), m.start(), m.end()))
    for word in vague_words:
        if word not in norm:  # every match holds the word as it is
            continue
        for m in _whole_word(word).finditer(norm):
            figures.append(Figure("vague", m.group(), m.start(), m.end()))
    figures.sort(key=lambda f: (f.start, f.end))
    return figures


@lru_cache(maxsize=1024)
def _whole_word(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![0-9a-z]){re.escape(word)}(?![0-9a-z])")


def find_period(text: str) -> str | None:
    """The first period expression in a normalised text (year, half, quarter, month...)."""
    m = _PERIOD.search(text)
    return m.group() if m else None
