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
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import accumulate
from typing import Any

_MIN_LENGTH = 2
"""Runs shorter than this filter out almost nothing and are not worth the test."""
_SEPARATOR = "\x00"


def required_literals(regex: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-cased strings one of which occurs in every match, or None when none can be named."""
    return _literals_of(regex.pattern, regex.flags)


@lru_cache(maxsize=1024)
def _literals_of(pattern: str, flags: int) -> frozenset[str] | None:
    """Remembered per pattern: an audit assesses many documents with the same framework."""
    try:
        from re import _constants, _parser  # type: ignore[attr-defined]

        tree = _parser.parse(pattern, flags)
        found = _required(list(tree), _constants)
    except Exception:  # a parser this code does not know: never filter
        return None
    if not found or any(_SEPARATOR in s for s in found):
        return None
    return frozenset(found)


def may_match(literals: frozenset[str] | None, text: str) -> bool:
    """False only when the regex the literals came from certainly does not match ``text``."""
    if literals is None or not text.isascii():
        return True
    lowered = text.lower()
    return any(literal in lowered for literal in literals)


class LiteralIndex:
    """Which of a document's texts each signal may match, worked out for all texts at once.

    Testing every signal's literals against every text one by one costs about as much as a
    third of the regex scans it saves; instead each literal is searched for once in all the
    texts joined together, and each text collects the signals whose literals it contains.
    Texts the index was not built with fall back to :func:`may_match`.
    """

    def __init__(self, literals: dict[str, frozenset[str] | None], texts: Iterable[str]) -> None:
        self._literals = literals
        known = [t for t in dict.fromkeys(texts) if t.isascii()]
        self._index = {text: i for i, text in enumerate(known)}
        self._possible: list[set[str]] = [set() for _ in known]
        self._texts: dict[str, set[str]] = defaultdict(set)
        by_literal: dict[str, set[str]] = defaultdict(set)
        for signal_id, strings in literals.items():
            for string in strings or ():
                by_literal[string].add(signal_id)
        joined = _SEPARATOR.join(t.lower() for t in known)
        starts = list(accumulate((len(t) + 1 for t in known[:-1]), initial=0))
        for string, signal_ids in by_literal.items():
            at = joined.find(string)
            while at != -1:
                which = bisect_right(starts, at) - 1
                self._possible[which] |= signal_ids
                if which + 1 >= len(starts):
                    break
                at = joined.find(string, starts[which + 1])
        for text, signal_ids in zip(known, self._possible, strict=True):
            for signal_id in signal_ids:
                self._texts[signal_id].add(text)

    def may_match(self, signal_id: str, text: str) -> bool:
        """False only when the signal's regex certainly does not match ``text``."""
        literals = self._literals.get(signal_id)
        if literals is None:
            return True
        which = self._index.get(text)
        if which is None:
            return may_match(literals, text)
        return signal_id in self._possible[which]

    def which_may_match(self, signal_id: str, texts: Sequence[str]) -> list[int]:
        """Indices of the texts :meth:`may_match` lets through, found with one set look-up
        per text: the signal's regex certainly does not match the others."""
        literals = self._literals.get(signal_id)
        if literals is None:
            return list(range(len(texts)))
        possible = self._texts.get(signal_id, set())
        index = self._index
        return [
            i
            for i, text in enumerate(texts)
            if text in possible or (text not in index and may_match(literals, text))
        ]


def _required(items: list[Any], c: Any) -> set[str] | None:
    """One set of strings per sequence of parse items, one of which every match contains."""
    candidates: list[set[str]] = []
    run = ""

    def close() -> None:
        nonlocal run
        if len(run) >= _MIN_LENGTH:
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
