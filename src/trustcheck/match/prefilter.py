"""Skipping texts a signal's regex cannot match, by the literal words every match must contain.

A signal's regex is one alternation of many terms and patterns, most of them starting with a
look-behind, so Python's ``re`` cannot skip ahead to a likely start and tries every branch at
every position: on a long report that scan was most of the assessment. But nearly every branch
has a run of plain letters that any match of it contains ("photo", "hash", "child"): when none of
the branches' runs occurs in a text, the regex cannot match it and the scan is skipped. When the
runs do occur, the regex runs as before, so results are unchanged.

The literal runs are read from the regex's parse tree (``re._parser``, the parser ``re`` itself
uses); if that is unavailable or a branch has no run, the regex is always run. Runs are of ASCII
characters and the test is only made on ASCII text: there, a literal matches (with or without
IGNORECASE) only where the text, lower-cased, contains it lower-cased; beyond ASCII, case folding
has exceptions (ſ matches s, the Kelvin sign matches k).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Hashable, Iterable, Mapping
from functools import lru_cache
from typing import Any, Generic, TypeVar

import ahocorasick

MIN_LITERAL_LENGTH = 2
"""Runs shorter than this filter out almost nothing and are not worth the test."""
K = TypeVar("K", bound=Hashable)


def required_literals(regex: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-cased strings one of which occurs in every match, or None when none can be named."""
    return pattern_literals(regex.pattern, regex.flags)


@lru_cache(maxsize=4096)
def pattern_literals(pattern: str, flags: int) -> frozenset[str] | None:
    """:func:`required_literals` of a pattern not yet compiled (parsing is half the cost of
    compiling). Remembered per pattern: an audit assesses many documents with one framework."""
    tree = parse_tree(pattern, flags)
    if tree is None:
        return None
    try:
        from re import _constants  # type: ignore[attr-defined]

        found = _required(list(tree), _constants)
    except Exception:  # a parse tree this code does not know: never filter
        return None
    if not found:
        return None
    return frozenset(found)


@lru_cache(maxsize=4096)
def parse_tree(pattern: str, flags: int) -> Any | None:
    """The parse tree ``re`` itself builds for the pattern (``re._parser``), parsed once per
    process; ``None`` when that parser is unavailable or refuses the pattern."""
    try:
        from re import _parser  # type: ignore[attr-defined]

        return _parser.parse(pattern, flags)
    except Exception:
        return None


def may_match(literals: frozenset[str] | None, text: str) -> bool:
    """False only when the regex the literals came from certainly does not match ``text``."""
    if literals is None or not text.isascii():
        return True
    lowered = text.lower()
    return any(literal in lowered for literal in literals)


class LiteralIndex(Generic[K]):
    """Which of a document's texts each key (a regex, or a branch of one) may match, worked out
    for all texts at once.

    Testing every key's literals against every text one by one costs about as much as a third
    of the regex scans it saves; instead one Aho-Corasick automaton of all the literals (some
    800 for a framework) reads each text once, and each text collects the keys whose literals
    it contains. Texts the index was not built with fall back to :func:`may_match`.
    """

    def __init__(self, literals: Mapping[K, frozenset[str] | None], texts: Iterable[str]) -> None:
        self._literals = literals
        known = [t for t in dict.fromkeys(texts) if t.isascii()]
        self._index = {text: i for i, text in enumerate(known)}
        self._possible: list[set[K]] = [set() for _ in known]
        self._texts: dict[K, set[str]] = defaultdict(set)
        by_literal: dict[str, set[K]] = defaultdict(set)
        for key, strings in literals.items():
            for string in strings or ():
                by_literal[string].add(key)
        if by_literal:
            automaton = ahocorasick.Automaton()
            for string in by_literal:
                automaton.add_word(string, string)
            automaton.make_automaton()
            for text, possible in zip(known, self._possible, strict=True):
                for string in {string for _, string in automaton.iter(text.lower())}:
                    possible |= by_literal[string]
        for text, found in zip(known, self._possible, strict=True):
            for key in found:
                self._texts[key].add(text)

    def may_match(self, key: K, text: str) -> bool:
        """False only when the key's regex certainly does not match ``text``."""
        literals = self._literals.get(key)
        if literals is None:
            return True
        which = self._index.get(text)
        if which is None:
            return may_match(literals, text)
        return key in self._possible[which]

    def indexed(self, text: str) -> bool:
        """The index was built with the text (and it is ASCII): :meth:`possible` knows it."""
        return text in self._index

    def indexed_texts(self) -> Collection[str]:
        """Every text the index knows."""
        return self._index.keys()

    def possible(self, text: str) -> set[K]:
        """The keys with literals whose literals occur in an indexed text (keys without
        literals are not listed: they may match anything)."""
        return self._possible[self._index[text]]

    def texts_of(self, key: K) -> set[str]:
        """The indexed texts in which the key's literals occur."""
        return self._texts.get(key, set())


def _required(items: list[Any], c: Any) -> set[str] | None:
    """One set of strings per sequence of parse items, one of which every match contains."""
    candidates: list[set[str]] = []
    run = ""

    def close() -> None:
        nonlocal run
        if len(run) >= MIN_LITERAL_LENGTH:
            candidates.append({run.lower()})
        run = ""

    for op, value in items:
        if op is c.LITERAL and value < 128:  # a long s in a pattern matches "s" under IGNORECASE
            run += chr(value)
            continue
        close()
        inner: set[str] | None = None
        if op is c.SUBPATTERN:
            inner = _required(list(value[-1]), c)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and value[0] >= 1:
            inner = _required(list(value[2]), c)
        elif op is c.ATOMIC_GROUP:
            inner = _required(list(value), c)
        elif op is c.BRANCH:
            inner = set()
            for branch in value[1]:
                alternative = _required(list(branch), c)
                if alternative is None:
                    inner = None
                    break
                inner |= alternative
        if inner:
            candidates.append(inner)
    close()
    if not candidates:
        return None
    return max(candidates, key=lambda strings: min(len(s) for s in strings))
