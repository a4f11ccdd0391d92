"""Finding a framework's signals in units of text.

The :class:`Matcher` protocol is the seam where another way of finding signals (a semantic
matcher over embeddings, say) can be plugged in: the engine only asks "where does this signal
match, and how well?". :class:`LexicalMatcher` answers with whole-word terms and regular
expressions over normalised text, plus fuzzy matching (rapidfuzz) for terms whose spelling
varies in real reports ("Photo DNA", "Photo-DNA", "PhotoDNAs").
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right, insort
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Protocol, runtime_checkable

from rapidfuzz import fuzz, process

from trustcheck.framework.models import Signal
from trustcheck.match.prefilter import LiteralIndex, may_match
from trustcheck.match.signal_regex import signal_regex
from trustcheck.match.text import squash
from trustcheck.match.units import Unit

FUZZY_CUTOFF = 90.0
"""Minimum rapidfuzz ratio for a spelling variant of a fuzzy term to count."""
_FUZZY_MIN_LENGTH = 6
_WORD = re.compile(r"[0-9a-z]+")


@dataclass(frozen=True, slots=True)
class Hit:
    """Where a signal matched in a unit's normalised text, and how well (100 = exact)."""

    start: int
    end: int
    score: float


class Matcher(Protocol):
    """Finds where signals match; the engine needs nothing else from a matcher."""

    def hits(self, signal: Signal, norm: str) -> list[Hit]:
        """Raw hits of the signal's own terms and patterns in normalised text (no requires)."""
        ...


@runtime_checkable
class Prefiltering(Protocol):
    """A matcher that can rule out, in bulk, the texts where a signal certainly has no hit.

    Optional: the engine asks :meth:`Matcher.hits` of every text when a matcher cannot say.
    """

    def candidates(self, signal: Signal, texts: Sequence[str]) -> list[int]:
        """Indices, in order, of the texts where ``hits`` may find the signal: every other
        text certainly gives no hit."""
        ...


def compile_signal(signal: Signal) -> re.Pattern[str] | None:
    """One regex for all of a signal's terms and patterns; ``None`` when it has neither."""
    compiled = signal_regex(signal)
    return compiled.regex if compiled is not None else None


class LexicalMatcher:
    """Terms, patterns and fuzzy spelling variants, prepared once per framework and document."""

    def __init__(self, signals: Sequence[Signal], units: Sequence[Unit]) -> None:
        self._regex = {s.id: r for s in signals if (r := signal_regex(s)) is not None}
        self._literals: LiteralIndex[tuple[str, int]] = LiteralIndex(
            {
                (sid, k): literals
                for sid, regex in self._regex.items()
                for k, literals in enumerate(regex.literals)
            },
            (text for unit in units for text in (unit.norm, unit.lead_in, unit.heading)),
        )
        self._variants = self._fuzzy_variants([s for s in signals if s.fuzzy], units)
        self._variant_grams = frozenset(g for found in self._variants.values() for g in found)
        self._grams: dict[str, list[tuple[str, int, int]]] = {}
        self._candidate_texts: dict[str, set[str] | None] = {}
        self._always = {
            sid: always
            for sid, regex in self._regex.items()
            if (always := tuple(k for k, needed in enumerate(regex.literals) if needed is None))
        }
        """Per signal, the branches without literals: scanned in every text."""
        self._plans: dict[str, dict[str, tuple[int, ...]]] = {}

    @staticmethod
    def _fuzzy_variants(
        signals: Sequence[Signal], units: Sequence[Unit]
    ) -> dict[str, dict[str, float]]:
        """Spellings in this document (squashed word n-grams) close to a fuzzy term.

        Comparing each term with the document's distinct n-grams once, rather than with every
        unit, keeps fuzzy matching to a fraction of a second even on long reports.
        """
        if not signals:
            return {}
        vocabulary: dict[int, set[str]] = defaultdict(set)
        for unit in units:
            for grams in _word_grams(_WORD.findall(unit.norm)):
                for gram in grams:
                    if len(gram) >= _FUZZY_MIN_LENGTH:
                        vocabulary[len(gram)].add(gram)
        by_length = {length: sorted(grams) for length, grams in vocabulary.items()}
        # Per squashed term, the n-grams close to it: signals share terms (a quarter of them).
        close: dict[str, list[tuple[str, float]]] = {}
        windows: dict[tuple[int, int], list[str]] = {}
        variants: dict[str, dict[str, float]] = {}
        for signal in signals:
            found: dict[str, float] = {}
            for term in signal.terms:
                target = squash(term)
                if len(target) < _FUZZY_MIN_LENGTH:
                    continue
                if target not in close:
                    close[target] = _close_grams(target, by_length, windows)
                for gram, score in close[target]:
                    found[gram] = max(found.get(gram, 0.0), score)
            if found:
                variants[signal.id] = found
        return variants

    def hits(self, signal: Signal, norm: str) -> list[Hit]:
        found: list[Hit] = []
        compiled = self._regex.get(signal.id)
        if compiled is not None:
            keep = self._branches_to_scan(signal.id, compiled.literals, norm)
            if keep:
                found = [Hit(start, end, 100.0) for start, end in compiled.spans(norm, keep)]
        variants = self._variants.get(signal.id)
        if variants:
            found += _variant_hits(self._variant_spans(norm), variants, found)
        if len(found) > 1:
            found.sort(key=lambda h: (h.start, h.end))
        return found

    def _branches_to_scan(
        self, signal_id: str, literals: tuple[frozenset[str] | None, ...], norm: str
    ) -> tuple[int, ...]:
        """The branches of the signal's regex whose literals the text holds (or that have
        none): the others cannot match it."""
        if not self._literals.indexed(norm):
            return tuple(k for k, needed in enumerate(literals) if may_match(needed, norm))
        plan = self._plans.get(norm)
        if plan is None:
            plan = self._plans[norm] = self._plan(norm)
        return plan.get(signal_id, self._always.get(signal_id, ()))

    def _plan(self, norm: str) -> dict[str, tuple[int, ...]]:
        """Per signal, the branches to scan in an indexed text: worked out once per text
        from the index, for every signal whose literals it holds."""
        branches: dict[str, set[int]] = defaultdict(set)
        for signal_id, k in self._literals.possible(norm):
            branches[signal_id].add(k)
        return {
            signal_id: tuple(sorted(found.union(self._always.get(signal_id, ()))))
            for signal_id, found in branches.items()
        }

    def candidates(self, signal: Signal, texts: Sequence[str]) -> list[int]:
        """Texts the literal index lets through for some branch of the signal's regex, and
        texts holding one of its fuzzy spelling variants: only these can give :meth:`hits`
        anything."""
        if signal.id not in self._candidate_texts:
            self._candidate_texts[signal.id] = self._texts_for(signal.id)
        possible = self._candidate_texts[signal.id]
        if possible is None:
            return list(range(len(texts)))
        known = self._literals.indexed_texts()
        return [i for i, text in enumerate(texts) if text in possible or text not in known]

    def _texts_for(self, signal_id: str) -> set[str] | None:
        """The indexed texts where the signal may hit; ``None`` when any text may."""
        texts: set[str] = set()
        compiled = self._regex.get(signal_id)
        if compiled is not None:
            for k, needed in enumerate(compiled.literals):
                if needed is None:
                    return None
                texts |= self._literals.texts_of((signal_id, k))
        variants = self._variants.get(signal_id)
        if variants:
            texts |= {
                text
                for text in self._literals.indexed_texts()
                if any(gram in variants for gram, _, _ in self._variant_spans(text))
            }
        return texts

    def _variant_spans(self, norm: str) -> list[tuple[str, int, int]]:
        """The text's word n-grams that are some fuzzy signal's variant, in the order they are
        tried (by length, then position); worked out once per text for every fuzzy signal."""
        spans = self._grams.get(norm)
        if spans is None:
            spans = self._grams[norm] = _gram_spans(norm, self._variant_grams)
        return spans


def _close_grams(
    target: str, by_length: dict[int, list[str]], windows: dict[tuple[int, int], list[str]]
) -> list[tuple[str, float]]:
    """The n-grams of about the target's length whose spelling is within the fuzzy cutoff.

    ``windows`` keeps the n-grams of each range of lengths: terms of one length share it.
    """
    slack = max(1, len(target) // 8)
    window = (len(target) - slack, len(target) + slack)
    choices = windows.get(window)
    if choices is None:
        choices = windows[window] = [
            g for length in range(window[0], window[1] + 1) for g in by_length.get(length, ())
        ]
    return [
        (gram, float(score))
        for gram, score, _ in process.extract(
            target, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None
        )
    ]


def _word_grams(words: list[str]) -> tuple[list[str], list[str], list[str]]:
    """The text's words, pairs and triples of neighbouring words, each run together."""
    pairs = [a + b for a, b in pairwise(words)]
    triples = [a + b for a, b in zip(pairs, words[2:], strict=False)]
    return words, pairs, triples


def _gram_spans(norm: str, wanted: frozenset[str]) -> list[tuple[str, int, int]]:
    spans: list[tuple[str, int, int]] = []
    if not wanted:
        return spans
    found = list(_WORD.finditer(norm))
    for n, grams in enumerate(_word_grams([m.group() for m in found])):
        for i, gram in enumerate(grams):
            if gram in wanted:
                spans.append((gram, found[i].start(), found[i + n].end()))
    return spans


def _variant_hits(
    spans: list[tuple[str, int, int]], variants: dict[str, float], exact: Iterable[Hit]
) -> list[Hit]:
    """Hits of fuzzy spelling variants that the exact terms did not already cover.

    The covered spans are kept sorted by start: a span that covers ``start``-``end`` starts at
    or before ``start`` and no earlier than ``end`` less the longest span, so a sentence of
    thousands of words looks at a few spans per variant, not at all of them.
    """
    covered = sorted((h.start, h.end) for h in exact)
    longest = max((e - s for s, e in covered), default=0)
    hits: list[Hit] = []
    for gram, start, end in spans:
        score = variants.get(gram)
        if score is None:
            continue
        low = bisect_left(covered, (end - longest, -1))
        high = bisect_right(covered, (start, math.inf))
        if any(end <= e for _, e in covered[low:high]):
            continue
        hits.append(Hit(start, end, score))
        insort(covered, (start, end))
        longest = max(longest, end - start)
    return hits
