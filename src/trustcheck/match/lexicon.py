"""A lexicon's words, compiled into the patterns the matchers run.

The words are data (``frameworks/lexicons/<id>.yaml``, see
:class:`~trustcheck.framework.models.Lexicon`); this module only knows how they combine: a month
stem takes any letters and a full stop, a number is a figure unless a duration word follows it
or a reference word comes before it, a period is a year, a month or one of the period phrases.
Compiled once per lexicon.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from trustcheck.framework.models import Language, Lexicon

DEFAULT_LEXICON = "en"


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in words)


def _bounded(words: Iterable[str]) -> str:
    """Each word, with a word boundary after it where it ends in a letter or digit."""
    return "|".join(re.escape(w) + (r"\b" if w[-1:].isalnum() else "") for w in words)


@dataclass(frozen=True)
class CompiledLexicon:
    """The patterns of one lexicon (see the module docstring for how they are built)."""

    month: str
    number: re.Pattern[str]
    not_figure_after: re.Pattern[str]
    not_figure_before: re.Pattern[str]
    rating_before: re.Pattern[str] | None
    ratio: re.Pattern[str] | None
    citation_after: re.Pattern[str]
    spelled: re.Pattern[str]
    redacted: re.Pattern[str]
    month_before: re.Pattern[str]
    month_after: re.Pattern[str]
    period: re.Pattern[str]
    abbreviations: frozenset[str]
    contents: re.Pattern[str]
    summary: re.Pattern[str]
    affirmed: re.Pattern[str]
    not_a_denial: re.Pattern[str]
    after_denial: re.Pattern[str]


def _reference_list(lexicon: Lexicon) -> str:
    """The references of a list before the last one: "article 34(1), 35 and " (then "36")."""
    joiners = rf"|,?\s(?:{_alternatives(lexicon.list_joiners)})\s" if lexicon.list_joiners else ""
    return rf"(?:\d+[a-z]?(?:\([0-9a-z]{{1,4}}\))*(?:,\s?|\s?[-–]\s?{joiners}))*"


def compile_lexicon(lexicon: Lexicon) -> CompiledLexicon:
    """Build every pattern of ``lexicon``."""
    month = lexicon.month_pattern()
    citations = "|".join(
        re.escape(w).replace(r"\.", r"\.\s?") + (r"\b" if w[-1:].isalnum() else "")
        for w in lexicon.citations
    )
    after = sorted(lexicon.not_figure_after, key=len, reverse=True)
    return CompiledLexicon(
        month=month,
        number=re.compile(
            r"(?<![\w.,/$#-])(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
            rf"(?P<scale>\s?(?:{_alternatives(lexicon.scale_words)})\b)?"
            rf"(?P<pct>\s?(?:{_bounded(lexicon.percent_words)}))?"
            r"(?![\w/]|\.\d|,\d)"
        ),
        not_figure_after=re.compile(rf"^\s?(?:-\s?)?(?:{_alternatives(after)})\b"),
        not_figure_before=re.compile(
            rf"(?:\b(?:{_alternatives(lexicon.not_figure_before)})\s?{_reference_list(lexicon)}$)"
            r"|(?:[a-z]-$)"
        ),
        ratio=re.compile(
            rf"(?<![\w.,/$#-])\d{{1,3}} (?:{_alternatives(lexicon.ratio_words)}) "
            r"(?!(?:19|20)\d\d\b)\d{1,3}(?:,\d{3})*(?![\w.,/]|,\d)"
        )
        if lexicon.ratio_words
        else None,
        rating_before=re.compile(rf"\b(?:{_alternatives(lexicon.rating_words)})\s?[:(=]?\s?$")
        if lexicon.rating_words
        else None,
        citation_after=re.compile(rf"\s?(?:{citations})"),
        spelled=re.compile(
            rf"\b(?:{_alternatives(lexicon.number_words)})\s"
            rf"(?:(?:{_alternatives(lexicon.hundred_words)})\s)?"
            rf"(?:{_alternatives(lexicon.large_number_words)})\b"
        ),
        redacted=re.compile(
            rf"\[?(?:{_alternatives(lexicon.redaction_words)})\]?|█+|x{{1,3}}(?:,x{{3}})+",
            re.IGNORECASE,
        ),
        month_before=re.compile(rf"{month}\s?$"),
        month_after=re.compile(rf"\s?{month}"),
        period=re.compile(
            r"\b(?:19|20)\d\d\b"
            rf"|\b(?:{_alternatives(lexicon.period_marks)})\b"
            rf"|\b{month}(?=[\s,;]|$)"
            rf"|\b(?:{_alternatives(lexicon.period_ordinals)}) "
            rf"(?:{_alternatives(lexicon.period_parts)})\b"
            rf"|\b(?:{_alternatives(lexicon.period_determiners)}) "
            rf"(?:{_alternatives(lexicon.period_spans)})\b"
            rf"|\b(?:{_alternatives(lexicon.fiscal_year_prefixes)}) ?'?\d{{2}}(?:\d{{2}})?\b"
            rf"|\b(?:{_alternatives(lexicon.period_words)})\b"
        ),
        abbreviations=frozenset(lexicon.abbreviations),
        contents=re.compile(rf"(?:{_alternatives(lexicon.contents_headings)})", re.IGNORECASE),
        summary=re.compile(
            rf"\b(?:{_alternatives(lexicon.summary_headings)})\b"
            if lexicon.summary_headings
            else r"(?!)",
            re.IGNORECASE,
        ),
        affirmed=re.compile(rf"(?:{_alternatives(lexicon.affirmatives)})\b"),
        not_a_denial=re.compile(rf"\b(?:{_alternatives(lexicon.not_denials)})\b"),
        after_denial=re.compile(
            r"^[\s,]*(?:[0-9a-z'-]+\s+){0,2}"
            rf"(?:{_alternatives(lexicon.denial_verbs)})\s+"
            rf"(?:{_alternatives(lexicon.denial_words)})\b"
            rf"(?!\s+(?:{_alternatives(lexicon.denial_exceptions)}))"
        ),
    )


@cache
def lexicon(lexicon_id: str = DEFAULT_LEXICON) -> CompiledLexicon:
    """The compiled bundled lexicon with this id (English by default)."""
    from trustcheck.framework.loader import load_lexicon

    return compile_lexicon(load_lexicon(lexicon_id))


def lexicon_for(language: Language | None) -> CompiledLexicon:
    """The compiled lexicon a language block names (English when there is no language)."""
    return lexicon(language.lexicon if language is not None else DEFAULT_LEXICON)
