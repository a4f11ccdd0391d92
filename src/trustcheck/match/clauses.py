"""How a sentence says something: as a practice, a plan, a denial, or an exception.

These decisions are made at the level of the clause, because that is where real reports put
them: "we do not use classifiers, and instead rely on hashes" denies classifiers but not
hashes; "if we find CSAM, we will report it" describes a practice, not a plan; "In 2025 we plan
to:" turns the whole list after it into plans. The cue words come from the framework file's
``language`` block, and the phrases that look like a denial but are none from its lexicon; this
module only knows how clauses work.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache

from trustcheck.framework.models import Language
from trustcheck.match.lexicon import CompiledLexicon, lexicon
from trustcheck.match.prefilter import may_match, pattern_literals, required_literals
from trustcheck.match.signals import Hit
from trustcheck.match.text import normalise

NEGATION_REACH = 8
"""How many words after a negation cue it still governs."""

_WORD = re.compile(r"[0-9a-z']+")


def phrases(cues: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern matching any of the cue phrases, as whole words, in normalised text."""
    parts = _phrase_parts(cues)
    return re.compile("|".join(parts)) if parts else None


def _phrase_parts(cues: Iterable[str]) -> tuple[str, ...]:
    """The branches of :func:`phrases`, longest phrase first."""
    words = sorted({normalise(c) for c in cues if c.strip()}, key=len, reverse=True)
    parts = []
    for w in words:
        body = re.escape(w).replace(r"\ ", r"\s+")
        left = r"(?<![0-9a-z])" if w[0].isalnum() else ""
        right = r"(?![0-9a-z])" if w[-1].isalnum() else ""
        parts.append(f"{left}{body}{right}")
    return tuple(parts)


class Cues:
    """Cue phrases as :func:`phrases` matches them, scanned with only the phrases a stretch of
    text can hold.

    The cues' pattern is an alternation of up to a hundred phrases, each behind a look-behind,
    so ``re`` tries every phrase at every position. A phrase whose literal word ("launch" in
    "we will launch") does not occur in the stretch cannot match there, and an alternation
    tries its branches in order at each position, so a branch that matches nowhere never decides
    a match: the alternation of the phrases that remain finds exactly the same matches. Each
    such alternation is compiled once per process.
    """

    def __init__(self, parts: tuple[str, ...]) -> None:
        self.parts = parts
        self.regex = _alternation(parts)
        self.literals = tuple(pattern_literals(p, 0) for p in parts)
        self.words = required_literals(self.regex)
        """Words one of which any cue holds: a stretch without any has no cue."""

    @classmethod
    def of(cls, cues: Iterable[str]) -> Cues | None:
        parts = _phrase_parts(cues)
        return cls(parts) if parts else None

    def finditer(self, norm: str, start: int, end: int) -> Iterator[re.Match[str]]:
        """``regex.finditer(norm, start, end)``, scanning only the phrases that can match."""
        window = norm[start:end]
        if not window.isascii():
            return self.regex.finditer(norm, start, end)
        lowered = window.lower()
        keep = tuple(
            part
            for part, needed in zip(self.parts, self.literals, strict=True)
            if needed is None or any(literal in lowered for literal in needed)
        )
        if not keep:
            return iter(())
        return _alternation(keep).finditer(norm, start, end)

    def search(self, norm: str, start: int, end: int) -> re.Match[str] | None:
        """``regex.search(norm, start, end)``, scanning only the phrases that can match."""
        return next(self.finditer(norm, start, end), None)


@lru_cache(maxsize=1024)
def _alternation(parts: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(parts))


def _cues(cues: Cues | None, norm: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """The cues' matches in ``norm[start:end]``, as ``finditer(norm, start, end)`` finds them."""
    if cues is None or not may_match(cues.words, norm[start:end]):
        return iter(())
    return cues.finditer(norm, start, end)


def _reach(cues: Iterable[str]) -> int:
    """How far past its start a cue regex looks: its longest phrase, and the character after
    it (a scan bounded before that point cannot tell)."""
    return max((len(normalise(c)) for c in cues), default=0) + 2


def _within_words(norm: str, start: int, end: int, most: int) -> bool:
    """``len(_WORD.findall(norm[start:end])) <= most``, reading no more than ``most + 1``
    words."""
    words = _WORD.finditer(norm, start, end)
    return all(count <= most for count, _ in enumerate(words, 1))


class ClauseReader:
    """Reads intentions, denials and exceptions in normalised sentences, per a ``Language``."""

    def __init__(self, language: Language, words: CompiledLexicon | None = None) -> None:
        self._words = words or lexicon(language.lexicon)
        self._intention = Cues.of(language.intention_cues)
        self._conditional = Cues.of(language.conditional_cues)
        self._practice = phrases(language.practice_cues)
        self._negation = Cues.of(language.negation_cues)
        self._exception = Cues.of(language.exception_cues)
        self._breaks = Cues.of(language.clause_breaks)
        self._breaks_not_coordination = Cues.of(
            b for b in language.clause_breaks if b.strip(" ,") not in ("and", "")
        )
        self._breaks_between_label_and_value = Cues.of(
            b for b in language.clause_breaks if b.strip() != ":"
        )
        self._backref = phrases(language.back_references)
        self._reach = {
            id(cues): _reach(phrases_of)
            for cues, phrases_of in (
                (self._negation, language.negation_cues),
                (self._exception, language.exception_cues),
            )
            if cues is not None
        }
        self._scans: dict[tuple[int, str, int], tuple[list[re.Match[str]], list[int]]] = {}
        self._intentions: dict[tuple[str, int, int], bool] = {}
        self._denials: dict[tuple[str, int, int], bool] = {}
        self._positions: dict[tuple[str, bool], tuple[list[int], list[int]]] = {}

    # ------------------------------------------------------------------ clauses
    def clause(
        self, norm: str, start: int, end: int, *, coordination: bool = True
    ) -> tuple[int, int]:
        """The bounds of the clause around ``norm[start:end]``.

        With ``coordination=False``, bare coordination (", and", ",") does not end a clause.
        """
        ends, starts = self._break_positions(norm, coordination)
        before = bisect_right(ends, start)
        after = bisect_left(starts, end)
        left = ends[before - 1] if before else 0
        right = starts[after] if after < len(starts) else len(norm)
        return left, right

    def _break_positions(self, norm: str, coordination: bool) -> tuple[list[int], list[int]]:
        """Where the clause breaks in ``norm`` end and start, in order; found once per text,
        since each signal found in a sentence asks for the clause around it."""
        key = (norm, coordination)
        known = self._positions.get(key)
        if known is None:
            breaks = self._breaks if coordination else self._breaks_not_coordination
            found = list(breaks.finditer(norm, 0, len(norm))) if breaks is not None else []
            known = self._positions[key] = ([m.end() for m in found], [m.start() for m in found])
        return known

    def same_clause(self, norm: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
        """True when no clause break lies between two spans of a sentence.

        A colon does not part them here: it binds a label to its value ("accounts removed:
        1,204").
        """
        breaks = self._breaks_between_label_and_value
        if breaks is None:
            return True
        first, second = sorted((a, b))
        return breaks.search(norm, first[1], max(first[1], second[0])) is None

    # ------------------------------------------------------------------ denials
    def denied(self, norm: str, hit: Hit) -> bool:
        """True when a negation in the hit's clause governs the hit.

        Remembered per span: several signals often match the same words ("CSAM").
        """
        key = (norm, hit.start, hit.end)
        known = self._denials.get(key)
        if known is None:
            known = self._denials[key] = self._find_denial(norm, hit)
        return known

    def _find_denial(self, norm: str, hit: Hit) -> bool:
        if self._negation is None:
            return False
        left, right = self.clause(norm, hit.start, hit.end)
        cues = self._cues_before(self._negation, norm, left, hit.start)
        # Nearest first: once NEGATION_REACH words lie between a cue and the hit, they lie
        # between every cue before it, so a long clause costs a few cues a hit, not all.
        for cue in reversed(cues):
            if not _within_words(norm, cue.end(), hit.start, NEGATION_REACH):
                break
            if not self._words.not_a_denial.match(norm, cue.start()):
                return True
        return bool(self._words.after_denial.match(norm[hit.end : right]))

    def _cues_before(self, cues: Cues, norm: str, left: int, end: int) -> list[re.Match[str]]:
        """``list(_cues(cues, norm, left, end))``, in time that does not grow with the
        distance from ``left`` to ``end``.

        Every hit of a clause asks for the cues from the clause's start to the hit, so scanning
        that stretch for each would cost the square of a long clause (a text of thousands of
        words without a full stop or a comma). The clause is scanned once, to its sentence's
        end; a scan bounded at ``end`` finds the same matches wherever it cannot see ``end``
        (more than the longest cue before it), so those are taken from the one scan, and only
        the last stretch is scanned again, bounded at ``end``. ``norm`` is normalised text,
        whose spaces are single, so a cue is never longer than its normalised phrase.
        """
        reach = self._reach[id(cues)]
        cut = end - reach
        if cut <= left:
            return list(_cues(cues, norm, left, end))
        key = (id(cues), norm, left)
        scan = self._scans.get(key)
        if scan is None:
            found = list(_cues(cues, norm, left, len(norm)))
            scan = self._scans[key] = (found, [m.start() for m in found])
        found, starts = scan
        head = found[: bisect_left(starts, cut)]
        resume = max(head[-1].end() if head else left, cut)
        return head + list(cues.finditer(norm, resume, end))

    # ------------------------------------------------------------------ intentions
    def _states_intention(self, norm: str, left: int, right: int) -> bool:
        """Remembered per clause: every signal found in a clause asks the same question."""
        key = (norm, left, right)
        known = self._intentions.get(key)
        if known is None:
            known = self._intentions[key] = self._find_intention(norm, left, right)
        return known

    def _find_intention(self, norm: str, left: int, right: int) -> bool:
        for cue in _cues(self._intention, norm, left, right):
            if self._conditional is not None and self._conditional.search(norm, 0, cue.start()):
                continue
            after = norm[cue.end() : cue.end() + 40]
            if self._practice is not None and self._practice.match(after.lstrip()):
                continue
            return True
        return False

    def intention(self, norm: str, hit: Hit, lead_in: str = "") -> bool:
        """True when the hit is stated as a plan, or sits in a list introduced by a plan.

        A plan reaches across coordination without a new subject ("we plan to terminate
        accounts, and to block new ones") but not across a clause that has its own.
        """
        left, right = self.clause(norm, hit.start, hit.end, coordination=False)
        if self._states_intention(norm, left, right):
            return True
        lead = lead_in.rstrip()
        return lead.endswith(":") and self._states_intention(lead, 0, len(lead))

    # ------------------------------------------------------------------ exceptions
    def excepted(self, norm: str, hit: Hit) -> bool:
        """True when the hit sits inside an exception ('appeals are open except for CSAM')."""
        if self._exception is None:
            return False
        left, _ = self.clause(norm, hit.start, hit.end)
        cues = self._cues_before(self._exception, norm, left, hit.start + 1)
        for cue in reversed(cues):  # nearest first, as for denials
            if cue.end() > hit.start:
                continue
            if not _within_words(norm, cue.end(), hit.start, 4):
                break
            return True
        return False

    # ------------------------------------------------------------------ back-references
    def refers_back(self, norm: str) -> bool:
        """True when the sentence points at the one before ('These reports...', 'such content')."""
        if self._backref is None:
            return False
        return bool(self._backref.search(norm))
