"""Evidence ranking: which passages a verdict quotes, and in what order.

A verdict is read from its first quote, so the first quote must be the passage that best meets
the level's criterion, not the first one in reading order. Every passage that satisfied a leaf
of the deciding rule is a candidate (not only the few the verdict needed); candidates are grouped
by passage, one quote per passage however many signals it meets, and ordered by, in turn:

1. a statement before a heading, a contents line, or a fragment of a few words;
2. a practice before a stated plan;
3. how many of the rule's criteria the passage meets in its own words: "hash matching with
   PhotoDNA against NCMEC's list" meets both parts of "hash matching and two details", a
   sentence that only mentions hashes one (the parts of the rule's ``all``, ``at_least`` or
   ``any``; a list item does not meet what only its introduction says);
4. on the element's topic (CSEA, or child safety for prevention): by its own words, its heading,
   its list's introduction or a back-reference. Elements whose rules count passages on any topic
   (a reporting period) skip this and 7;
5. the passage sits in the section that meets most of the rule: the element's own section ("How
   to report") rather than a sentence elsewhere that shares a word;
6. how many of the rule's signals it states in its own words;
7. for a figure: a period of its own (in the passage or its innermost heading, not the year of a
   report's title) before the report's, then a count before a percentage before a vague quantity;
8. the passage names the topic itself, rather than sitting under a topical heading;
9. every signal it meets, with what it inherits from its list's introduction or table heading;
10. its heading names one of the rule's signals;
11. the body before a summary of it (an executive summary, a foreword: the lexicon's
    ``summary_headings``), which restates in brief what the body says;
12. an exact match before a fuzzy one;
13. reading order.

Then near-duplicates are dropped: a passage whose words are all, in order, inside a passage
ranked before it, or that holds all of such a passage's words in order (the same sentence as a
table cell and as prose, a list item repeated in a summary), adds nothing a reader needs. The
rules are the same for every element and framework; nothing here knows an element, a signal or
a document by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from trustcheck.assessment.conditions import Found, Pool, evaluate
from trustcheck.assessment.facts import DocumentFacts, Stance
from trustcheck.framework.models import (
    AllCondition,
    AnyCondition,
    AtLeastCondition,
    Condition,
    Element,
    FigureCondition,
    LevelRule,
)
from trustcheck.match.figures import find_period

MIN_STATEMENT_WORDS = 5
"""A prose passage of fewer words is a fragment (a label, a caption, a heading read as text)."""

MAX_HEADING_WORDS = 8
"""A prose passage this short without a closing stop reads as a heading ("Risks to wellbeing")."""

_WORD = re.compile(r"[^\W_]+")
_CONTENTS_LINE = re.compile(r"(?:\.{3,}|…)\s*\d{1,4}$|^\d+(?:\.\d+)*\.?\s[^.!?]*\s\d{1,4}$")
"""An entry of a table of contents: a page number after dot leaders, or a numbered section
title followed by its page ("6. Notice and appeals 12")."""

_CLOSED = re.compile(r"[.;:!?)\]\"'”’…]\s*$")
"""A sentence or list item ends in a stop; a heading does not."""

_KIND_ORDER = {"count": 0, "percentage": 1, "vague": 2}


@dataclass(frozen=True, slots=True)
class Ranked:
    """One passage to quote and every leaf of the rule it met, the leaf it meets best first."""

    unit: int
    found: tuple[Found, ...]


def candidates(facts: DocumentFacts, condition: Condition, pool: Pool) -> list[Found]:
    """Every passage that satisfies a leaf of the condition within the pool (not only the
    best scored few the verdict needed)."""
    return evaluate(facts, condition, pool, per_leaf=None).found


def criteria(condition: Condition | None) -> list[frozenset[str]]:
    """The criteria a rule's condition names, each as the signals that meet it: the parts of
    an ``all``, ``at_least`` or ``any``; a lone signal or figure is one criterion."""
    if isinstance(condition, AllCondition):
        parts = condition.all
    elif isinstance(condition, AtLeastCondition):
        parts = condition.of
    elif isinstance(condition, AnyCondition):
        parts = condition.any
    else:
        parts = [condition] if condition is not None else []
    return [frozenset(_leaves(part)) for part in parts]


def _leaves(condition: Condition) -> set[str]:
    if isinstance(condition, str):
        return {condition}
    if isinstance(condition, FigureCondition):
        return {condition.figure.metric}
    if isinstance(condition, AllCondition):
        return set().union(*(_leaves(c) for c in condition.all))
    if isinstance(condition, AnyCondition):
        return set().union(*(_leaves(c) for c in condition.any))
    if isinstance(condition, AtLeastCondition):
        return set().union(*(_leaves(c) for c in condition.of))
    return {condition.signal}


@dataclass(frozen=True, slots=True)
class Focus:
    """What the deciding rule asks for: the yardstick passages are ranked by."""

    criteria: list[frozenset[str]]
    """The rule's criteria, each as the signals that meet it."""
    topic: str | None
    """The topic the element's criteria ask for (None: the element's rules count passages on
    any topic, such as a reporting period)."""

    @classmethod
    def of(cls, element: Element, rule: LevelRule, default_topic: str) -> Focus:
        topical = any(r.context == "topic" for r in element.rules)
        return cls(criteria(rule.when), element.topic or default_topic if topical else None)

    @classmethod
    def signals(cls, found: list[Found], topic: str) -> Focus:
        """Every signal found is a criterion of its own (an indicator's signals)."""
        return cls([frozenset({s}) for s in sorted({f.signal for f in found})], topic)


def rank_evidence(
    facts: DocumentFacts, found: list[Found], focus: Focus, limit: int | None = None
) -> list[Ranked]:
    """The passages of ``found``, one entry per passage, best first, near-duplicates dropped;
    the first ``limit`` of them (comparing each with those kept only, however many there are)."""
    by_unit: dict[int, list[Found]] = {}
    for item in found:
        by_unit.setdefault(item.match.unit, []).append(item)
    leaves = sorted({item.signal for item in found})
    sections: dict[str, set[str]] = {}
    for unit, items in by_unit.items():
        sections.setdefault(facts.units[unit].heading, set()).update(i.signal for i in items)
    flags = facts.topic_flags(focus.topic) if focus.topic else [True] * len(facts.units)
    context = _Context(facts, leaves, focus, flags, sections)
    scored = sorted(by_unit.items(), key=lambda pair: context.key(pair[0], pair[1]))
    ranked: list[Ranked] = []
    kept: list[list[str]] = []
    for unit, items in scored:
        words = _WORD.findall(facts.units[unit].norm)
        if any(_inside(words, other) or _inside(other, words) for other in kept):
            continue
        kept.append(words)
        ranked.append(Ranked(unit, tuple(_order_leaves(facts, unit, items))))
        if limit is not None and len(ranked) >= limit:
            break
    return ranked


ORDER = (
    "statement",
    "practice",
    "own_criteria",
    "on_topic",
    "section",
    "own_signals",
    "figure_period",
    "figure_kind",
    "names_topic",
    "signals",
    "heading",
    "summary",
    "score",
    "position",
)
"""The features a passage is ranked by, in turn (numbered in the module docstring)."""


@dataclass(frozen=True, slots=True)
class _Context:
    facts: DocumentFacts
    leaves: list[str]
    focus: Focus
    flags: list[bool]
    sections: dict[str, set[str]]

    def key(self, unit: int, items: list[Found]) -> tuple[float, ...]:
        """Smaller sorts first."""
        features = self.features(unit, items)
        return tuple(features[name] for name in ORDER)

    def features(self, unit: int, items: list[Found]) -> dict[str, float]:
        facts = self.facts
        text = facts.units[unit]
        own = {item.signal for item in items if _states(facts, item.signal, text.norm)}
        met = {item.signal for item in items}
        heading_names = (
            any(facts.holds_in(sid, text.heading) for sid in self.leaves) if text.heading else False
        )
        period, kind = _figure_key(facts, unit, items)
        topic = self.focus.topic
        return {
            "statement": 1.0 if _not_a_statement(facts, unit) else 0.0,
            "practice": 0.0 if any(i.match.stance is Stance.PRACTICE for i in items) else 1.0,
            "on_topic": 0.0 if self.flags[unit] else 1.0,
            "own_criteria": -float(sum(1 for part in self.focus.criteria if part & own)),
            "own_signals": -float(len(own)),
            "figure_period": period,
            "figure_kind": kind,
            "names_topic": 0.0 if topic and _states(facts, topic, text.norm) else 1.0,
            "signals": -float(len(met)),
            "section": -float(len(self.sections.get(text.heading, ()))),
            "heading": 0.0 if heading_names else 1.0,
            "summary": 1.0 if facts.words.summary.search(text.heading) else 0.0,
            "score": -max(item.match.hit.score for item in items),
            "position": float(unit),
        }


def _states(facts: DocumentFacts, signal_id: str, norm: str) -> bool:
    """The text states the signal in its own words (not through its list's introduction or
    its table's heading)."""
    signal = facts.signals.get(signal_id)
    return signal is not None and bool(facts.stated_hits(signal, norm))


def _figure_key(facts: DocumentFacts, unit: int, items: list[Found]) -> tuple[float, float]:
    """For a figure: its own period (in the passage or its innermost heading, not a title's
    year), then its kind."""
    figures = [item.figure for item in items if item.figure is not None]
    if not figures:
        return (0.0, 0.0)
    text = facts.units[unit]
    innermost = text.heading.rsplit(" > ", 1)[-1]
    own_period = bool(find_period(text.norm, facts.words) or find_period(innermost, facts.words))
    kind = min(_KIND_ORDER.get(figure.kind, len(_KIND_ORDER)) for figure in figures)
    return (0.0 if own_period else 1.0, float(kind))


def _not_a_statement(facts: DocumentFacts, unit: int) -> bool:
    """A heading, a contents line or a prose fragment: it names a subject, it says nothing."""
    source = facts.facts[unit].source
    if source == "heading":
        return True
    if source != "prose":
        return False
    text = facts.units[unit].text
    words = len(text.split())
    if words < MIN_STATEMENT_WORDS or _CONTENTS_LINE.search(text) is not None:
        return True
    return words <= MAX_HEADING_WORDS and not _CLOSED.search(text)


def _order_leaves(facts: DocumentFacts, unit: int, items: list[Found]) -> list[Found]:
    """The passage's leaves, one per signal: a figure first, then those met in its own words,
    then practices."""
    norm = facts.units[unit].norm
    seen: set[str] = set()
    ordered = []
    for item in sorted(
        items,
        key=lambda f: (
            f.figure is None,
            not _states(facts, f.signal, norm),
            f.match.stance is not Stance.PRACTICE,
            -f.match.hit.score,
            f.signal,
        ),
    ):
        if item.signal not in seen:
            seen.add(item.signal)
            ordered.append(item)
    return ordered


def _inside(words: list[str], other: list[str]) -> bool:
    """Are ``words`` a contiguous run of ``other`` (the same passage said again)?"""
    if not words or len(words) > len(other):
        return False
    n = len(words)
    first = words[0]
    return any(other[i] == first and other[i : i + n] == words for i in range(len(other) - n + 1))
