"""What each unit of a document says, worked out once before any element is judged.

For every unit: whether it is on the framework's topic (CSEA), whether it is excluded (its
topic term sits in an exception), which figures and period it holds; and for every signal and
unit, whether the unit states the signal as a practice or only as an intention (denied and
excepted mentions do not count at all). Elements are then judged by looking these facts up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from trustcheck.document import PassageKind
from trustcheck.framework.models import EvidenceSource, Framework, Language, Signal
from trustcheck.match.clauses import ClauseReader, phrases
from trustcheck.match.figures import Figure, find_figures, find_period, find_redactions
from trustcheck.match.lexicon import lexicon
from trustcheck.match.signals import Hit, LexicalMatcher, Matcher, Prefiltering
from trustcheck.match.text import normalise
from trustcheck.match.units import CELL_BREAK, Unit


class Stance(Enum):
    """How a unit states a signal."""

    PRACTICE = "practice"
    INTENTION = "intention"


@dataclass(frozen=True, slots=True)
class SignalMatch:
    unit: int
    stance: Stance
    hit: Hit
    inherited: bool = False
    """The hit is in the text the unit inherits (:func:`inherited_text`), not in its own."""


@dataclass(slots=True)
class UnitFacts:
    source: EvidenceSource = "prose"
    topic: bool = False
    excluded: bool = False
    figures: list[Figure] = field(default_factory=list)
    period: str | None = None
    unbounded: bool = False
    question: bool = False
    """The unit asks rather than states ("Do you use classifiers?"), and is not affirmed."""
    citation: bool = False
    """A footnote or a reference to a source: its numbers and dates are the source's."""
    redactions: list[tuple[int, int]] = field(default_factory=list)
    """Where the unit withholds a figure ("[redacted]")."""
    """The figures are stated over a span that is no period ('since launch')."""


_EMPTY_LANGUAGE = Language(topic="no-topic")

_SOURCE_OF_KIND: dict[PassageKind, EvidenceSource] = {
    PassageKind.PARAGRAPH: "prose",
    PassageKind.LIST_ITEM: "prose",
    PassageKind.HEADING: "heading",
    PassageKind.TABLE_ROW: "table",
    PassageKind.DATA: "data",
}

RECORD_SOURCES: frozenset[EvidenceSource] = frozenset({"table", "data"})
"""Records: table rows (of a report's tables, a CSV or a workbook) and data values."""

_QUESTION = re.compile(r"\?[\s\"')\]]*$")
_CITED_SOURCE = re.compile(r"https?://|\bwww\.|\bdoi(?:\.org/|:)", re.IGNORECASE)
"""A web address or DOI: the unit points to a source ("12 Some Hotline, Annual Data 2023,
https://...")."""

MAX_METRIC_NAME_WORDS = 8
"""A glossary entry names its metric in a few words before the colon."""

MAX_PERIOD_LINE_WORDS = 10
"""A line this short that names a period ("Transparency report, H1 2024") labels the report."""


def _metric_definition(cues: list[str]) -> re.Pattern[str] | None:
    """'<metric name>: <cue> ...', e.g. 'accounts actioned: unique accounts actioned in ...'."""
    words = sorted({normalise(c) for c in cues if c.strip()}, key=len, reverse=True)
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in words)
    name = rf"[^\s:;.!?]+(?: [^\s:;.!?]+){{0,{MAX_METRIC_NAME_WORDS - 1}}}"
    return re.compile(rf"^{name}: (?:{alternatives})(?![0-9a-z])")


class DocumentFacts:
    """Signals, topic, figures and periods of every unit of one document, for one framework."""

    def __init__(
        self,
        framework: Framework,
        units: list[Unit],
        title: str | None = None,
        matcher: Matcher | None = None,
    ) -> None:
        self.framework = framework
        self.units = units
        self.language = framework.language or _EMPTY_LANGUAGE
        self.words = lexicon(self.language.lexicon)
        self.reader = ClauseReader(self.language, self.words)
        self.signals: dict[str, Signal] = {s.id: s for s in framework.signals}
        self.matcher: Matcher = matcher or LexicalMatcher(framework.signals, units)
        self._raw: dict[tuple[str, str], list[Hit]] = {}
        self._norms: list[str] | None = None
        self._inherited: list[str] = []
        self._title = normalise(title or "")
        definition = _metric_definition(self.language.metric_definition_cues)
        self.facts = [
            UnitFacts(source=_source(u, definition), citation=_is_citation(u)) for u in units
        ]
        self._mark_questions()
        self._topics: dict[str, list[bool]] = {}
        self._platform_wide = phrases(self.language.platform_wide_cues)
        self._mark_topic()
        self._mark_figures()
        self.matches: dict[str, list[SignalMatch]] = {sid: self._find(sid) for sid in self.signals}
        self.by_unit: dict[str, dict[int, SignalMatch]] = {
            sid: {m.unit: m for m in found} for sid, found in self.matches.items()
        }
        self.document_period = self._document_period()
        self.data_period = self._data_period()

    # ------------------------------------------------------------------ raw matching
    def raw_hits(self, signal_id: str, norm: str) -> list[Hit]:
        key = (signal_id, norm)
        if key not in self._raw:
            signal = self.signals.get(signal_id)
            self._raw[key] = self.matcher.hits(signal, norm) if signal else []
        return self._raw[key]

    def holds_in(self, signal_id: str, norm: str, _seen: frozenset[str] = frozenset()) -> bool:
        """The signal matches the text, its ``requires`` hold there and its ``excludes`` don't."""
        signal = self.signals.get(signal_id)
        if signal is None or signal_id in _seen:
            return False
        seen = _seen | {signal_id}
        if (signal.terms or signal.patterns) and not self.raw_hits(signal_id, norm):
            return False
        if not all(self.holds_in(r, norm, seen) for r in signal.requires):
            return False
        return not any(self.holds_in(x, norm, seen) for x in signal.excludes)

    # ------------------------------------------------------------------ unit facts
    def _mark_topic(self) -> None:
        """Mark units whose topic term sits only in an exception, then the main topic."""
        topic = self.language.topic
        for i, unit in enumerate(self.units):
            hits = self.raw_hits(topic, unit.norm)
            kept = [h for h in hits if not self.reader.excepted(unit.norm, h)]
            self.facts[i].excluded = bool(hits) and not kept
        for facts, flag in zip(self.facts, self.topic_flags(topic), strict=True):
            facts.topic = flag

    def topic_flags(self, topic: str) -> list[bool]:
        """Which units are on a topic: by their own words, a heading or the title above them,
        the sentence introducing their list (by its own words or its back-reference), or a
        back-reference to an on-topic sentence of their paragraph."""
        if topic in self._topics:
            return self._topics[topic]
        if topic not in self.signals:  # a framework without a topic: every unit counts
            flags = [True] * len(self.units)
        else:
            flags = [False] * len(self.units)
            title_on_topic = bool(self._title) and self.holds_in(topic, self._title)
            sentence_at: dict[str, int] = {}  # where each list introduction was read
            for i, unit in enumerate(self.units):
                if unit.kind is PassageKind.PARAGRAPH:
                    sentence_at[unit.norm] = i
                if self.facts[i].excluded:
                    continue
                own = any(
                    not self.reader.excepted(unit.norm, h) for h in self.raw_hits(topic, unit.norm)
                )
                wide = self._platform_wide
                if not own and wide is not None and wide.search(unit.norm):
                    continue  # "across all policy areas": not this section's topic
                on = own or title_on_topic
                if not on and unit.heading:
                    on = self.holds_in(topic, unit.heading)
                if not on and unit.lead_in:
                    # "We prohibit CSAM. This includes:" - the introduction is on the topic
                    # by its own words or by pointing back
                    lead = sentence_at.get(unit.lead_in)
                    on = self.holds_in(topic, unit.lead_in) or (lead is not None and flags[lead])
                if not on and i > 0 and self.units[i - 1].block == unit.block:
                    on = flags[i - 1] and self.reader.refers_back(unit.norm)
                flags[i] = on
        self._topics[topic] = flags
        return flags

    def _mark_questions(self) -> None:
        """A question states nothing, unless its answer is a bare yes ("Do you report to
        NCMEC?" "Yes."), which affirms it. Questions still set the topic of what follows."""
        for i, unit in enumerate(self.units):
            if not _QUESTION.search(unit.norm):
                continue
            answer = next((u.norm for u in self.units[i + 1 :] if u.block != unit.block), "")
            if not self.words.affirmed.match(answer):
                self.facts[i].question = True
            elif self.facts[i].source == "heading":
                self.facts[i].source = "prose"  # an FAQ's question, answered yes, is a statement

    def _mark_figures(self) -> None:
        vague = tuple(normalise(v) for v in self.language.vague_quantities)
        unbounded = phrases(self.language.unbounded_periods)
        for unit, facts in zip(self.units, self.facts, strict=True):
            if facts.citation:
                continue  # a cited source's numbers and years are not the report's figures
            facts.figures = find_figures(unit.norm, vague, self.words, unit.text)
            facts.redactions = find_redactions(unit.norm, self.words)
            if facts.figures and unbounded is not None and unbounded.search(unit.norm):
                facts.unbounded = True
            elif facts.figures:
                words = self.words
                facts.period = find_period(unit.norm, words) or find_period(unit.heading, words)
                if facts.period is None and unit.kind is PassageKind.LIST_ITEM:
                    facts.period = find_period(unit.lead_in, words)

    # ------------------------------------------------------------------ signals
    def _candidates(self, signal: Signal) -> list[int] | range:
        """Units whose own words, list introduction or (for a table row) section heading may
        hold a hit of the signal.

        Asking the matcher once for all units, when it can rule texts out in bulk, spares a
        look-up per signal and unit: most units hold none of a given signal's words.
        """
        if not isinstance(self.matcher, Prefiltering) or not (signal.terms or signal.patterns):
            return range(len(self.units))  # a signal of requires only: ask every unit
        if self._norms is None:
            self._norms = [u.norm for u in self.units]
            self._inherited = [inherited_text(u) for u in self.units]
        own = self.matcher.candidates(signal, self._norms)
        inherited = self.matcher.candidates(signal, self._inherited)
        return sorted(set(own).union(inherited)) if inherited else own

    def _find(self, signal_id: str) -> list[SignalMatch]:
        """Units where the signal is stated, each with its stance and best hit."""
        signal = self.signals[signal_id]
        found: list[SignalMatch] = []
        period = signal_id == self.language.period
        for i in self._candidates(signal):
            unit = self.units[i]
            if self.facts[i].excluded or self.facts[i].question:
                continue
            if period and not self._may_state_report_period(i):
                continue
            norm, lead_in = unit.norm, unit.lead_in
            hits = self.stated_hits(signal, norm)
            from_above = False
            if not hits and (inherited := inherited_text(unit)):
                # A list inherits what its introduction states ("Members may not:"); a table's
                # rows count what their title and column headers name together ("NCMEC" over
                # "Media reports").
                norm, lead_in, from_above = inherited, "", True
                hits = self.stated_hits(signal, norm)
            if not hits:
                continue
            if not all(self.holds_in(r, unit.context) for r in signal.requires):
                continue
            if any(self.holds_in(x, unit.norm) for x in signal.excludes):
                continue
            nearby = signal.requires_any_nearby
            if nearby and not any(self.holds_nearby(r, i) for r in nearby):
                continue
            best: SignalMatch | None = None
            for hit in hits:
                if self.reader.denied(norm, hit):
                    continue
                stance = (
                    Stance.INTENTION
                    if self.reader.intention(norm, hit, lead_in)
                    else Stance.PRACTICE
                )
                candidate = SignalMatch(i, stance, hit, from_above)
                if best is None or _better(candidate, best):
                    best = candidate
            if best is not None:
                found.append(best)
        return found

    def holds_nearby(self, signal_id: str, index: int) -> bool:
        """The signal holds in the unit or in the text the unit belongs to: its list's
        introduction, its innermost heading, or the sentence before it in its paragraph when
        the unit points back at it ("This includes ...").

        Why: a definition names its harms in a list or a follow-on sentence, under the sentence
        that states the policy; the same harms named in a risk taxonomy define nothing.
        """
        unit = self.units[index]
        texts = [unit.norm, unit.lead_in, unit.heading.rsplit(" > ", 1)[-1]]
        if self.reader.refers_back(unit.norm):
            texts.append(self._referred_sentence(index))
        if unit.lead_in and self.reader.refers_back(unit.lead_in):  # "This includes:"
            lead = next(
                (j for j in range(index - 1, -1, -1) if self.units[j].norm == unit.lead_in), None
            )
            if lead is not None:
                texts.append(self._referred_sentence(lead))
        return any(text and self.holds_in(signal_id, text) for text in texts)

    def _referred_sentence(self, index: int) -> str:
        """The sentence before a unit in its paragraph: what "this" or "such" in it points at."""
        if index > 0 and self.units[index - 1].block == self.units[index].block:
            return self.units[index - 1].norm
        return ""

    def _may_state_report_period(self, i: int) -> bool:
        """Whether a period named in the unit can be the period the report covers.

        A citation's period is its source's. In a sentence, a period is the date of what the
        sentence tells ("in Q2 2024 we removed 11,000 listings", "as of Q1 2024 the programme
        was closed"), unless the sentence says what it covers ("the figures in this report
        cover 2024"). A line of a few words ("January to June 2024" on a cover), a heading, a
        table row and data keep their periods: there the period labels what follows or sits
        beside.
        """
        facts = self.facts[i]
        if facts.citation:
            return False
        if facts.source not in ("prose", "metric_definition"):
            return True
        if not facts.figures and len(self.units[i].norm.split()) <= MAX_PERIOD_LINE_WORDS:
            return True
        scope = self.language.period_scope
        return scope is None or self.holds_in(scope, self.units[i].norm)

    def stated_hits(self, signal: Signal, norm: str) -> list[Hit]:
        """Where a signal is stated in a text: the hits of its terms and patterns or, for a
        signal of ``requires`` only ("detection of grooming"), the hits of the signals it
        requires, so that a denial or a plan of either is read as such."""
        if signal.terms or signal.patterns:
            return self.raw_hits(signal.id, norm)
        if not signal.requires or not self.holds_in(signal.id, norm):
            return []
        hits = {h for r in signal.requires for h in self.stated_hits(self.signals[r], norm)}
        return sorted(hits, key=lambda h: (h.start, h.end))

    def _document_period(self) -> str | None:
        """The reporting period the document states, if it states one as a practice."""
        period = self.language.period
        if period is None:
            return None
        for match in self.matches.get(period, []):
            if match.stance is Stance.PRACTICE:
                return self.span_text(match.unit, self._period_words(period, match))
        return None

    def _data_period(self) -> str | None:
        """The period a data release's own records are dated by, for its undated figures.

        A release may date its data rather than state a period: a table of months ("October",
        "November", "December") or of years, a title such as "July - December 2021". The
        records' periods, first to last in reading order, are the period of the release.
        """
        periods: list[str] = []
        for unit, facts in zip(self.units, self.facts, strict=True):
            if facts.source not in RECORD_SOURCES or not facts.period:
                continue
            period = _as_written(unit, facts.period)
            if period.casefold() not in (p.casefold() for p in periods):
                periods.append(period)
        if not periods:
            return None
        return periods[0] if len(periods) == 1 else f"{periods[0]} to {periods[-1]}"

    def _period_words(self, period: str, match: SignalMatch) -> Hit:
        """Where the sentence names its period, without the words around it.

        A sentence may state its period twice over: "the report covers the period from 1 January
        2024 to 31 December 2024" matches both a pattern that reaches from "covers" to a year
        (and can run on to a publication date) and the date range itself. Patterns with no
        open-ended gap name the period alone; the longest of their matches is the fullest.
        """
        norm = self.units[match.unit].norm
        exact: list[Hit] = []
        loose: list[Hit] = [match.hit]
        for pattern in self.signals[period].patterns:
            found = [Hit(m.start(), m.end(), 100.0) for m in re.finditer(pattern, norm, re.I)]
            (loose if "[^" in pattern else exact).extend(found)
        if exact:
            return max(exact, key=lambda h: (h.end - h.start, -h.start))
        return min(loose, key=lambda h: (h.end - h.start, h.start))

    def span_text(self, unit_index: int, hit: Hit) -> str:
        """The matched words as the reader sees them (falls back to normalised text)."""
        unit = self.units[unit_index]
        source = unit.text if len(unit.text) == len(unit.norm) else unit.norm
        return source[hit.start : hit.end]


def _as_written(unit: Unit, norm_words: str) -> str:
    """Words found in a unit's normalised text, as the unit writes them ("July", not "july")."""
    at = unit.norm.find(norm_words)
    if at < 0 or len(unit.text) != len(unit.norm):
        return norm_words
    return unit.text[at : at + len(norm_words)]


def inherited_text(unit: Unit) -> str:
    """What a unit states through the text above it: a list's introduction ending in a colon,
    or a table row's headers (:func:`record_headers`)."""
    if unit.lead_in.endswith(":"):
        return unit.lead_in
    if unit.kind is PassageKind.TABLE_ROW and unit.heading:
        return record_headers(unit.norm, _table_title(unit))
    return ""


def _table_title(unit: Unit) -> str:
    return unit.heading.rsplit(" > ", 1)[-1]


def record_headers(norm: str, title: str) -> str:
    """A table row's headers as a reader takes them: the table's title over each column.

    A data release names its metrics in two places: a table titled "NCMEC" with a column
    "Media reports" counts reports to NCMEC. Each cell of the row gives one piece, the title
    followed by the cell's column header (the title alone for a cell without one), so that the
    k-th piece names what the k-th cell counts (see :func:`header_cell`).
    """
    pieces = []
    for cell in norm.split(CELL_BREAK):
        column = cell.split(": ", 1)[0] if ": " in cell else ""
        pieces.append(f"{title} {column}" if column else title)
    return CELL_BREAK.join(pieces)


def header_cell(unit: Unit, hit: Hit) -> tuple[int, int] | None:
    """Where, in a table row's own text, the cell is whose column a hit in the row's headers
    (:func:`inherited_text`) names: None when the hit lies in the table's title alone, which
    names what every cell of the row counts ("Reports to NCMEC" over "H1 2024", "H2 2024")."""
    title = _table_title(unit)
    headers = record_headers(unit.norm, title)
    index = headers.count(CELL_BREAK, 0, hit.start)
    piece = headers.rfind(CELL_BREAK, 0, hit.start)
    piece = 0 if piece < 0 else piece + len(CELL_BREAK)
    if hit.end <= piece + len(title):
        return None
    start = 0
    for _ in range(index):
        found = unit.norm.find(CELL_BREAK, start)
        if found < 0:
            return None
        start = found + len(CELL_BREAK)
    end = unit.norm.find(CELL_BREAK, start)
    return start, end if end >= 0 else len(unit.norm)


def _is_citation(unit: Unit) -> bool:
    return unit.kind is PassageKind.FOOTNOTE or _CITED_SOURCE.search(unit.text) is not None


def _source(unit: Unit, metric_definition: re.Pattern[str] | None) -> EvidenceSource:
    source = _SOURCE_OF_KIND.get(unit.kind, "prose")
    if source == "prose" and metric_definition is not None and metric_definition.match(unit.norm):
        return "metric_definition"
    return source


def _better(a: SignalMatch, b: SignalMatch) -> bool:
    if a.stance is not b.stance:
        return a.stance is Stance.PRACTICE
    return a.hit.score > b.hit.score
