"""A signal's terms and patterns as one regex, scanned with only the branches a text can match.

A signal's regex is an alternation of one branch per term and pattern, a dozen on average, most
starting with a look-behind, so Python's ``re`` tries every branch at every position of a text.
But a text that holds none of a branch's required literals (see :mod:`trustcheck.match.prefilter`)
cannot match that branch anywhere, and an alternation tries its branches in order at each
position: a branch that matches nowhere never wins, so dropping it leaves every match, start and
end, as it was. A text is therefore scanned with only the branches whose literals it holds,
usually one or two. The exception is a pattern that refers to a group by number or name (its
meaning depends on the branches before it): such a signal is always scanned whole.

Everything here depends only on the signal's terms and patterns, so it is worked out once per
process: an audit worker assesses many reports with the same framework.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from trustcheck.framework.models import Signal
from trustcheck.match.prefilter import MIN_LITERAL_LENGTH, parse_tree, pattern_literals
from trustcheck.match.text import normalise

_FLAGS = re.IGNORECASE
_GROUP_REFERENCE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")
"""A back-reference or a conditional group (conservatively: an escaped backslash before a digit
also counts, which only costs speed)."""


def term_regex(term: str) -> str:
    """A term as a whole-word regex: spaces and hyphens interchangeable, plural allowed."""
    words = [re.escape(w) for w in _term_words(term)]
    body = r"[\s-]*".join(words)
    if words and words[-1][-1:].isalpha():
        body += r"(?:s|es|'s)?"
    return rf"(?<![0-9a-z]){body}(?![0-9a-z])"


def _term_words(term: str) -> list[str]:
    return [w for w in re.split(r"[\s-]+", normalise(term)) if w]


def _term_literals(term: str) -> frozenset[str] | None:
    """Every match of a term's regex holds each of its words as written (in any case): the
    longest ASCII one is its literal. Read from the words, so the regex need not be parsed."""
    words = [
        w
        for w in _term_words(term)
        if w.isascii() and w.isprintable() and len(w) >= MIN_LITERAL_LENGTH
    ]
    if not words:
        return None
    return frozenset({max(words, key=len).lower()})


@dataclass(frozen=True)
class SignalRegex:
    """The branches of a signal's regex, each with the literals one of which any match holds
    (``None``: cannot say, always scan it)."""

    branches: tuple[str, ...]
    literals: tuple[frozenset[str] | None, ...]
    separable: bool
    """Branches can be scanned on their own: none refers to a group, none matches empty."""

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """All the branches: the regex that defines what the signal matches."""
        return _compiled("|".join(self.branches))

    def spans(self, text: str, keep: tuple[int, ...]) -> list[tuple[int, int]]:
        """Where :attr:`regex` matches in ``text`` (as ``finditer`` finds it), scanning only
        the branches ``keep``: exact when none of the other branches matches in ``text``.

        Each kept branch is searched for on its own and the leftmost match wins, the earliest
        branch on a tie, as in the alternation; the next search starts where it ended. Small
        regexes are compiled once per branch, not once per combination of branches.
        """
        if not self.separable or len(keep) == len(self.branches) == 1:
            return [m.span() for m in self.regex.finditer(text)]
        regexes = [_compiled(self.branches[k]) for k in keep]
        if len(regexes) == 1:
            return [m.span() for m in regexes[0].finditer(text)]
        found: list[tuple[int, int]] = []
        ahead = [r.search(text) for r in regexes]
        at = 0
        while True:
            best: re.Match[str] | None = None
            for i, match in enumerate(ahead):
                if match is not None and match.start() < at:
                    match = ahead[i] = regexes[i].search(text, at)
                if match is not None and (best is None or match.start() < best.start()):
                    best = match
            if best is None:
                return found
            found.append(best.span())
            at = best.end()


def signal_regex(signal: Signal) -> SignalRegex | None:
    """The signal's terms and patterns as branches; ``None`` when it has neither."""
    return _signal_regex(tuple(signal.terms), tuple(signal.patterns))


@lru_cache(maxsize=4096)
def _signal_regex(terms: tuple[str, ...], patterns: tuple[str, ...]) -> SignalRegex | None:
    if not terms and not patterns:
        return None
    branches = tuple(term_regex(t) for t in terms) + tuple(f"(?:{p})" for p in patterns)
    literals = tuple(_term_literals(t) for t in terms) + tuple(
        pattern_literals(p, _FLAGS) for p in patterns
    )
    separable = all(_never_empty(p) and not _GROUP_REFERENCE.search(p) for p in patterns)
    return SignalRegex(branches, literals, separable)


def _never_empty(pattern: str) -> bool:
    """Every match of the pattern holds a character (a term's always does)."""
    tree = parse_tree(pattern, _FLAGS)
    try:
        return tree is not None and bool(tree.getwidth()[0] > 0)
    except Exception:  # a parse tree this code does not know: assume it may
        return False


@lru_cache(maxsize=8192)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _FLAGS)
