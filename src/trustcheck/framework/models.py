"""Pydantic models of a framework file and of a cross-walk file.

A framework is data: sections of elements, each element with its criteria in words and the rules
the engine applies, written in a small vocabulary of *signals* (named groups of terms and
patterns) and *conditions* (all / any / at least N of / a figure). Nothing element-specific lives
in code, so a new framework is a new YAML file. ``docs/frameworks.md`` describes every key.

Every model forbids unknown keys: a misspelt key is an error, never silently ignored.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Id = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_.-]*$", max_length=64)]


FigureKind = Literal["count", "vague", "percentage"]
EvidenceSource = Literal["prose", "metric_definition", "heading", "table", "data"]


def _count_only() -> list[FigureKind]:
    return ["count"]


def _all_sources() -> list[EvidenceSource]:
    return ["prose", "metric_definition", "heading", "table", "data"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------- provenance


class Provenance(_Strict):
    """Where the framework text comes from, and how faithful it is."""

    reconstructed: bool = Field(
        description="True when the text is a reconstruction, not the publisher's official text."
    )
    sources: list[str] = Field(default_factory=list, description="Documents the text draws on.")
    notes: str = ""


class Level(_Strict):
    """A verdict level, best first, with the numeric score used for ranking (RDR-style)."""

    id: Id
    label: str
    score: float = Field(ge=0, le=100)


class Threshold(_Strict):
    """ "At least K children, or a share of them, at or above a level"."""

    level: Id = Field(description="The level a child must reach (or better) to be counted.")
    count: int | None = Field(default=None, ge=1, description="How many children must reach it.")
    share: float | None = Field(
        default=None, gt=0, le=1, description="What share of the children must reach it (0-1]."
    )

    @model_validator(mode="after")
    def _one_bound(self) -> Threshold:
        if (self.count is None) == (self.share is None):
            raise ValueError("give exactly one of 'count' or 'share'")
        return self


class RollupRule(_Strict):
    """``level`` applies when every condition given holds.

    ``when_all``: every child has one of these levels. ``at_least``: enough children reach a
    level or better. A rule gives one or both.
    """

    level: Id
    when_all: list[Id] | None = Field(default=None, min_length=1)
    at_least: Threshold | None = None

    @model_validator(mode="after")
    def _has_condition(self) -> RollupRule:
        if self.when_all is None and self.at_least is None:
            raise ValueError("a roll-up rule needs 'when_all', 'at_least' or both")
        return self

    def holds(self, levels: list[str], order: list[str]) -> bool:
        """Whether the rule holds for children at ``levels``; ``order`` lists levels best first."""
        if self.when_all is not None and not all(level in self.when_all for level in levels):
            return False
        bound = self.at_least
        if bound is None:
            return True
        rank = {level: index for index, level in enumerate(order)}
        limit = rank.get(bound.level, -1)
        reached = sum(1 for level in levels if rank.get(level, len(order)) <= limit)
        if bound.count is not None:
            return reached >= bound.count
        # A share of no children never holds: an empty section is not aligned.
        return bool(levels) and reached >= (bound.share or 0.0) * len(levels) - 1e-9


class RollupScope(_Strict):
    """Rules tried in order for one kind of parent; the first that holds gives its level."""

    rules: list[RollupRule] = Field(default_factory=list)
    otherwise: Id

    def level(self, levels: list[str], order: list[str]) -> str:
        for rule in self.rules:
            if rule.holds(levels, order):
                return rule.level
        return self.otherwise


class ReportRollup(RollupScope):
    """The report's rule, over its sections' levels or over all its elements' levels."""

    over: Literal["sections", "elements"] = "sections"


class Rollup(RollupScope):
    """How element levels roll up into a section level, and those into the report's.

    ``rules`` and ``otherwise`` apply to every section, and to the report unless ``report``
    gives its own; ``sections`` overrides the rule of named sections. A parent's score is the
    mean of its children's scores whatever its level rule says: the level is the published
    category, the score the ranking.
    """

    sections: dict[Id, RollupScope] = Field(default_factory=dict)
    report: ReportRollup | None = None

    def section_level(self, section_id: str, levels: list[str], order: list[str]) -> str:
        """The level of section ``section_id`` whose elements are at ``levels``."""
        return self.sections.get(section_id, self).level(levels, order)

    def report_level(
        self, section_levels: list[str], element_levels: list[str], order: list[str]
    ) -> str:
        """The report's level from its sections' levels and (for ``over: elements``) elements'."""
        scope = self.report
        if scope is None:
            return self.level(section_levels, order)
        children = element_levels if scope.over == "elements" else section_levels
        return scope.level(children, order)


def mean_score(scores: list[float]) -> float:
    """A parent's score: the mean of its children's, to one decimal (0 for no children)."""
    return round(sum(scores) / len(scores), 1) if scores else 0.0


# --------------------------------------------------------------------------- language


class Language(_Strict):
    """The cue words that decide what a passage is about and how it says it.

    ``topic`` names the signal that makes a passage specific to the framework's subject (for
    Trust: CSEA, CSAM, child safety). A passage is on topic when it, a heading above it, the
    document title, the row or column labels of its table, or (through a back-reference such as
    "these reports") the sentence before it in the same paragraph matches that signal.
    """

    topic: Id = Field(description="Signal id whose match makes a passage on-topic.")
    lexicon: Id = Field(
        default="en",
        description="Id of the bundled lexicon: the language's general words (months, number "
        "words, units, abbreviations) that the cues here build on.",
    )
    period: Id | None = Field(
        default=None,
        description="Signal id of a stated reporting period; once the document states one, "
        "every figure in it has a period.",
    )
    period_scope: Id | None = Field(
        default=None,
        description="Signal id of words saying what a period covers ('this report covers', "
        "'reporting period'). A period in a sentence that also states a figure is that figure's "
        "own, not the report's, unless this signal holds in the sentence.",
    )
    intention_cues: list[str] = Field(
        default_factory=list, description="Phrases that mark a plan rather than a practice."
    )
    conditional_cues: list[str] = Field(
        default_factory=list,
        description="Words that turn a following intention cue into a practice ('if ... we will').",
    )
    negation_cues: list[str] = Field(
        default_factory=list, description="Phrases that deny what follows in the same clause."
    )
    exception_cues: list[str] = Field(
        default_factory=list,
        description="Phrases that exclude what follows ('except for'); an excluded topic term "
        "makes the passage no evidence at all.",
    )
    practice_cues: list[str] = Field(
        default_factory=list,
        description="Words right after an intention cue that make it a standing practice "
        "('we will continue to', 'we will always').",
    )
    clause_breaks: list[str] = Field(
        default_factory=list,
        description="Phrases that end a clause, so a negation does not reach past them.",
    )
    back_references: list[str] = Field(
        default_factory=list,
        description="Words by which a sentence refers to the one before ('this', 'such reports').",
    )
    vague_quantities: list[str] = Field(
        default_factory=list, description="Quantities that are not figures ('thousands of')."
    )
    platform_wide_cues: list[str] = Field(
        default_factory=list,
        description="Words that say a passage covers every policy area ('across all policy "
        "areas', 'all categories'): such a passage is on topic only through its own words, not "
        "through a heading or the title above it.",
    )
    unbounded_periods: list[str] = Field(
        default_factory=list,
        description="Spans that are not a period ('since launch', 'to date'): a figure stated "
        "over one has no period, whatever period the document covers.",
    )
    metric_definition_cues: list[str] = Field(
        default_factory=list,
        description="Words that open the definition of a metric after its name and a colon "
        "('accounts actioned: the number of ...'). Such a glossary entry says what a figure "
        "counts: evidence of methodology, not the description of a practice.",
    )


# --------------------------------------------------------------------------- lexicons


def _words(description: str) -> list[str]:
    return Field(min_length=1, description=description)  # type: ignore[no-any-return]


class Lexicon(_Strict):
    """A language's general words, on any subject: what the engine needs to read report prose.

    Months and the words of a period beside a figure; the words that make a number a figure or
    keep it from being one; abbreviations that do not end a sentence; the headings of a table of
    contents; and phrases that look like a denial but are none. Words are matched in normalised
    text (lower case, one kind of apostrophe and dash), as whole words.
    """

    schema_: Literal["trustcheck/lexicon/v1"] = Field(alias="schema")
    id: Id
    title: str
    months: list[str] = _words(
        "Month names; a name may be cut to its first three letters or more, and a full stop may "
        "follow ('sept.')."
    )
    period_marks: list[str] = _words("Halves and quarters beside a figure ('h1', 'q3').")
    period_ordinals: list[str] = _words("Ordinals of a part of a year ('first' half).")
    period_parts: list[str] = _words("Parts of a year after an ordinal ('half', 'quarter').")
    period_determiners: list[str] = _words("Words before a span that make it a period ('this').")
    period_spans: list[str] = _words("Spans after a determiner ('year', '12 months').")
    fiscal_year_prefixes: list[str] = _words("Prefixes of a fiscal year before its digits ('fy').")
    period_words: list[str] = _words("Words that are a period on their own ('annually').")
    scale_words: list[str] = _words("Scales after a number ('million', 'k').")
    percent_words: list[str] = _words("Words or signs that make a number a percentage ('%').")
    number_words: list[str] = _words("Spelled numbers before a large number ('two', 'half a').")
    hundred_words: list[str] = _words("The word for hundred, between the two ('five hundred').")
    large_number_words: list[str] = _words("Spelled large numbers ('thousand', 'million').")
    not_figure_after: list[str] = _words(
        "Words after a number that make it a duration, time, size or ordinal, not a figure."
    )
    not_figure_before: list[str] = _words(
        "Words before a number that make it an age, a reference or a label, not a figure."
    )
    rating_words: list[str] = _words(
        "Words before a number, with or without a colon, that make it a rating or score on a "
        "scale ('severity 4', 'risk score: 12'), not a figure."
    )
    ratio_words: list[str] = _words(
        "Words between two numbers that make them a ratio, a share rather than a count ('1 in 5')."
    )
    list_joiners: list[str] = _words(
        "Words joining the numbers of a list of references ('articles 34 and 35'), so that the "
        "later numbers are references too."
    )
    citations: list[str] = _words("Legal codes after a title number ('u.s.c').")
    redaction_words: list[str] = _words("Words that mark a redacted figure ('redacted').")
    abbreviations: list[str] = _words("Abbreviations after which a full stop ends no sentence.")
    contents_headings: list[str] = _words("Headings of a table of contents ('contents').")
    summary_headings: list[str] = _words(
        "Headings of a part that restates the body in brief ('executive summary'): evidence "
        "is quoted from the body first."
    )
    affirmatives: list[str] = _words("Answers that affirm a question before them ('yes').")
    not_denials: list[str] = _words(
        "Phrases that start like a denial but deny nothing ('not only', 'do not allow')."
    )
    denial_verbs: list[str] = _words("Verbs of a denial after what it denies ('is' not).")
    denial_words: list[str] = _words("Negations after such a verb ('not', 'no longer').")
    denial_exceptions: list[str] = _words("Words after the negation that undo it ('only').")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    # --------------------------------------------------------------------------- signals

    def month_pattern(self) -> str:
        """A regular expression for any month, whole or shortened ("sep", "sept.", "september").

        Only the letters of the month's own name may follow its first three, so "deceptive",
        "market" and "separate" are no months.
        """
        names = []
        for name in sorted(self.months, key=len, reverse=True):
            tail = name[3:]
            rest = ""
            for letter in reversed(tail):
                rest = f"(?:{re.escape(letter)}{rest})?"
            names.append(re.escape(name[:3]) + rest)
        return rf"(?:{'|'.join(names)})(?![a-z])\.?"


class SignalExamples(_Strict):
    """Sentences that show what a signal finds, each a test ``trustcheck frameworks test`` runs.

    Every sentence is read as a one-paragraph document, with the vocabulary's language cues.
    """

    match: list[str] = Field(
        default_factory=list, description="Sentences that state the signal as a practice."
    )
    no_match: list[str] = Field(
        default_factory=list, description="Sentences in which the signal must not be found."
    )
    denied: list[str] = Field(
        default_factory=list,
        description="Sentences that name the signal only to deny it ('we do not ...').",
    )
    planned: list[str] = Field(
        default_factory=list,
        description="Sentences that state the signal as a plan, not a practice ('we will ...').",
    )


class Signal(_Strict):
    """A named group of terms and patterns that marks a passage as saying one thing.

    Terms match whole words after normalisation (case, Unicode, hyphens, plural ``s``); with
    ``fuzzy`` they also match spelling variants ("Photo DNA", "Photo-DNA"). Patterns are Python
    regular expressions, matched case-insensitively. ``requires`` and ``excludes`` name other
    signals that must, or must not, match the same sentence. ``requires_any_nearby`` names
    signals of which one must match the sentence or the text it belongs to: a harm named in a
    list counts as defined by a policy when the list's introduction states the policy.
    """

    id: Id
    description: str = Field(
        description="What the signal stands for, as a reviewer reads it in 'not found' messages."
    )
    terms: list[str] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list)
    fuzzy: bool = False
    requires: list[Id] = Field(default_factory=list)
    excludes: list[Id] = Field(default_factory=list)
    requires_any_nearby: list[Id] = Field(default_factory=list)
    examples: SignalExamples | None = Field(
        default=None,
        description="Sentences the signal must match, must not match, and must read as "
        "denied or as planned: tests of the signal on its own.",
    )

    @model_validator(mode="after")
    def _has_something_to_match(self) -> Signal:
        if not self.terms and not self.patterns and not self.requires:
            raise ValueError("a signal needs terms, patterns or requires")
        return self


# --------------------------------------------------------------------------- conditions


class SignalCondition(_Strict):
    """Holds when a passage matching the signal is found."""

    signal: Id


class FigureSpec(_Strict):
    """A figure tied to a metric: a number in the same sentence, table row or data value."""

    metric: Id = Field(description="Signal id that names what the figure counts.")
    kinds: list[FigureKind] = Field(
        default_factory=_count_only,
        description="Which kinds of figure satisfy the condition.",
    )
    period: bool = Field(
        default=True,
        description="The figure must have a period: beside it, in its heading or table, or the "
        "report's stated reporting period.",
    )
    not_counting: list[Id] = Field(
        default_factory=list,
        description="Signal ids of what a figure may count instead of the metric: a figure whose "
        "following words match one ('12,000 reports from users') counts that, not the metric.",
    )


class FigureCondition(_Strict):
    """Holds when a figure for the metric is found."""

    figure: FigureSpec


class AllCondition(_Strict):
    """Holds when every sub-condition holds (anywhere in the document)."""

    all: list[Condition] = Field(min_length=1)


class AnyCondition(_Strict):
    """Holds when at least one sub-condition holds."""

    any: list[Condition] = Field(min_length=1)


class AtLeastCondition(_Strict):
    """Holds when at least ``at_least`` of the sub-conditions hold."""

    at_least: int = Field(ge=1)
    of: list[Condition] = Field(min_length=1)

    @model_validator(mode="after")
    def _reachable(self) -> AtLeastCondition:
        if self.at_least > len(self.of):
            raise ValueError(f"at_least {self.at_least} of only {len(self.of)} conditions")
        return self


Condition = Id | SignalCondition | FigureCondition | AllCondition | AnyCondition | AtLeastCondition
"""A bare string is shorthand for ``{signal: ID}``."""

AllCondition.model_rebuild()
AnyCondition.model_rebuild()
AtLeastCondition.model_rebuild()


class LevelRule(_Strict):
    """What a passage set must satisfy for an element to reach one level.

    ``context: topic`` counts only passages on the framework's topic that are practices (not
    intentions); ``context: any`` counts every passage that is not a denial. When the rule holds
    only under the looser context, the element is capped one level lower.
    """

    level: Id
    when: Condition
    context: Literal["topic", "any"] = "topic"


class ElementCase(_Strict):
    """A short passage and the level the element must reach on it: a test of the rules."""

    text: str = Field(
        min_length=1,
        description="A passage or two, read as a whole document (Markdown: '#' headings, "
        "blank lines between paragraphs, '|' tables).",
    )
    level: Id = Field(description="The level the element must reach on the text.")


class Element(_Strict):
    """One thing a report should disclose, with its criteria in words and as rules."""

    id: Id
    title: str
    intent: str = Field(description="Why the element matters, in one or two sentences.")
    criteria: dict[Id, str] = Field(
        description="The rubric's words for each level above the lowest, keyed by level id."
    )
    rules: list[LevelRule] = Field(
        default_factory=list, description="Rules for levels above the lowest, best level first."
    )
    indicators: list[Id] = Field(
        default_factory=list,
        description="Practice indicators (see Framework.indicators) this element's evidence feeds.",
    )
    topic: Id | None = Field(
        default=None,
        description="Signal id of this element's topic when it differs from the framework's "
        "(e.g. child safety in general for prevention safeguards).",
    )
    evidence_from: list[EvidenceSource] = Field(
        default_factory=_all_sources,
        min_length=1,
        description="Which passages may be evidence: prose (paragraphs, list items), metric "
        "definitions (glossary entries of a data release), headings, table rows, or values from "
        "data embedded in a page. Practices are described in prose; a table of outcomes, or the "
        "definition of what a figure counts, is not a description of a process.",
    )
    records_at_most: Id | None = Field(
        default=None,
        description="The best level that table rows outside 'evidence_from' can give: a "
        "data release's row labels, column headers and table "
        "titles name a practice without describing it (a table of appeals shows an appeal "
        "exists). They count only for rules of this level or below, and as the rule's context "
        "says: for 'topic', a record on the topic (a CSEA row, or a table titled for it).",
    )
    cases: list[ElementCase] = Field(
        default_factory=list,
        description="Short passages with the level the element must reach on each: tests of "
        "its rules that 'trustcheck frameworks test' runs.",
    )


class Section(_Strict):
    id: Id
    title: str
    description: str = ""
    elements: list[Element] = Field(min_length=1)


class Indicator(_Strict):
    """A practice the coalition counts across members ("image hashing", "age assurance")."""

    id: Id
    title: str
    signals: list[Id] = Field(min_length=1, description="Any on-topic match of these counts.")


class Milepost(_Strict):
    """A category of the coalition's member mileposts, and what advances it.

    A member advances a milepost category from one year's audit to the next when one of the
    category's elements reaches a higher level, or one of its indicators (practices) appears.
    """

    id: Id
    title: str
    elements: list[Id] = Field(default_factory=list)
    indicators: list[Id] = Field(default_factory=list)

    @model_validator(mode="after")
    def _not_empty(self) -> Milepost:
        if not self.elements and not self.indicators:
            raise ValueError("a milepost category needs 'elements', 'indicators' or both")
        return self


class Framework(_Strict):
    """A framework file: metadata, levels and roll-up, language cues, signals and sections."""

    schema_: Literal["trustcheck/framework/v1"] = Field(alias="schema")
    id: Id
    title: str
    version: str
    publisher: str
    source: str = Field(description="Where the official text is published.")
    published: str | None = None
    provenance: Provenance
    levels: list[Level] = Field(min_length=2, description="Best level first.")
    rollup: Rollup
    vocabulary: Id | None = Field(
        default=None,
        description="Id of the vocabulary (language cues and signals) this framework's rules "
        "are written in: a bundled vocabulary, or <id>.yaml beside this file. Signals declared "
        "here add to it (a signal with the same id replaces the vocabulary's).",
    )
    signals_from: Id | None = Field(
        default=None,
        description="Id of a framework whose language and signals this one reuses; signals "
        "declared here add to them (a signal with the same id replaces the imported one).",
    )
    language: Language | None = None
    signals: list[Signal] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    mileposts: list[Milepost] = Field(
        default_factory=list,
        description="Categories of member mileposts, each fed by elements and indicators.",
    )
    sections: list[Section] = Field(min_length=1)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def element(self, element_id: str) -> Element:
        """The element with this id; raises ``KeyError`` when there is none."""
        for section in self.sections:
            for element in section.elements:
                if element.id == element_id:
                    return element
        raise KeyError(element_id)

    def signal(self, signal_id: str) -> Signal:
        for signal in self.signals:
            if signal.id == signal_id:
                return signal
        raise KeyError(signal_id)

    @property
    def elements(self) -> list[Element]:
        return [e for s in self.sections for e in s.elements]

    @property
    def lowest_level(self) -> Level:
        return self.levels[-1]

    @property
    def level_ids(self) -> list[str]:
        """The level ids, best first."""
        return [level.id for level in self.levels]

    def level_score(self, level_id: str) -> float:
        for level in self.levels:
            if level.id == level_id:
                return level.score
        raise KeyError(level_id)


# --------------------------------------------------------------------------- vocabularies


class Vocabulary(_Strict):
    """A vocabulary file: the language cues and signals that frameworks' rules are written in.

    Kept apart from any framework so that the words can be edited and tested on their own, and
    so that several frameworks on one subject share them (``vocabulary: ID`` in a framework).
    """

    schema_: Literal["trustcheck/vocabulary/v1"] = Field(alias="schema")
    id: Id
    title: str
    description: str = ""
    language: Language
    signals: list[Signal] = Field(min_length=1)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# --------------------------------------------------------------------------- cross-walks


class Mapping(_Strict):
    """One source element mapped to target elements, in the spirit of OSCAL's mapping model."""

    source: Id
    targets: list[Id] = Field(min_length=1)
    relationship: Literal["equivalent-to", "subset-of", "superset-of", "intersects-with"]
    coverage: Literal["full", "partial"] = "partial"
    notes: str = ""


class Crosswalk(_Strict):
    """Element-to-element mappings from one framework to another."""

    schema_: Literal["trustcheck/crosswalk/v1"] = Field(alias="schema")
    id: Id
    title: str
    source: Id = Field(description="Framework id the mappings start from.")
    target: Id = Field(description="Framework id the mappings point to.")
    provenance: Provenance
    mappings: list[Mapping] = Field(min_length=1)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
