"""Evaluating a rule's condition against a document's facts, within one pool of units.

A *pool* says which units may count: only on-topic practices (the strict pool a best level
needs), on-topic practices and plans, or everything not denied. The same condition evaluated in
different pools is how the engine tells "full", "full but only in general moderation text"
(capped at partial) and "only a plan" apart, without any element-specific code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from trustcheck.assessment.facts import (
    RECORD_SOURCES,
    DocumentFacts,
    SignalMatch,
    Stance,
    header_cell,
)
from trustcheck.framework.models import (
    AllCondition,
    AnyCondition,
    AtLeastCondition,
    Condition,
    EvidenceSource,
    FigureCondition,
    FigureSpec,
    SignalCondition,
)
from trustcheck.match.figures import Figure
from trustcheck.match.signals import Hit
from trustcheck.match.units import CELL_BREAK, cell_around

Pool = Callable[[DocumentFacts, SignalMatch], bool]

EVIDENCE_PER_LEAF = 2

_SENTENCES: frozenset[EvidenceSource] = frozenset({"prose", "metric_definition"})
"""Sources made of sentences, where a figure counts the metric of its own clause. A table row or
a data value joins its cells with separators that are not clause breaks."""


def make_pool(
    on_topic: list[bool] | None,
    *,
    practice_only: bool,
    sources: frozenset[EvidenceSource] | None,
) -> Pool:
    """A pool: units on the topic (when ``on_topic`` is given), practices only (or plans too),
    of the given evidence sources (or any)."""

    def pool(facts: DocumentFacts, match: SignalMatch) -> bool:
        if practice_only and match.stance is not Stance.PRACTICE:
            return False
        if on_topic is not None and not on_topic[match.unit]:
            return False
        return sources is None or facts.facts[match.unit].source in sources

    return pool


@dataclass(frozen=True, slots=True)
class Found:
    """One unit that satisfied a leaf condition."""

    signal: str
    match: SignalMatch
    figure: Figure | None = None
    period: str | None = None


@dataclass(slots=True)
class Outcome:
    ok: bool
    found: list[Found] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    leaves_met: int = 0
    leaves: int = 0


def signal_id(condition: Condition) -> str | None:
    if isinstance(condition, str):
        return condition
    if isinstance(condition, SignalCondition):
        return condition.signal
    return None


def describe(facts: DocumentFacts, condition: Condition) -> str:
    """A condition in a reviewer's words, from the signals' descriptions."""
    sid = signal_id(condition)
    if sid is not None:
        return facts.signals[sid].description
    if isinstance(condition, FigureCondition):
        spec = condition.figure
        what = f"a figure for {facts.signals[spec.metric].description}"
        return f"{what} with a period" if spec.period else what
    if isinstance(condition, AllCondition):
        return " and ".join(describe(facts, c) for c in condition.all)
    if isinstance(condition, AnyCondition):
        return " or ".join(describe(facts, c) for c in condition.any)
    assert isinstance(condition, AtLeastCondition)
    parts = "; ".join(describe(facts, c) for c in condition.of)
    return f"at least {condition.at_least} of: {parts}"


def evaluate(
    facts: DocumentFacts, condition: Condition, pool: Pool, per_leaf: int | None = EVIDENCE_PER_LEAF
) -> Outcome:
    """Whether the condition holds with the units the pool admits, and what was (not) found.

    ``per_leaf`` bounds the passages kept for each leaf (the best scored); ``None`` keeps every
    one, for the evidence ranking to choose from (see :mod:`trustcheck.assessment.ranking`).
    """
    sid = signal_id(condition)
    if sid is not None:
        matches = [m for m in facts.matches.get(sid, []) if pool(facts, m)]
        if not matches:
            return Outcome(False, missing=[f"not found: {describe(facts, condition)}"], leaves=1)
        best = sorted(matches, key=lambda m: (-m.hit.score, m.unit))[:per_leaf]
        return Outcome(True, [Found(sid, m) for m in best], leaves_met=1, leaves=1)
    if isinstance(condition, FigureCondition):
        return _evaluate_figure(facts, condition.figure, pool, per_leaf)
    if isinstance(condition, AllCondition):
        parts = [evaluate(facts, c, pool, per_leaf) for c in condition.all]
        return _combine(parts, ok=all(p.ok for p in parts))
    if isinstance(condition, AnyCondition):
        parts = [evaluate(facts, c, pool, per_leaf) for c in condition.any]
        ok = any(p.ok for p in parts)
        if ok:
            met = [p for p in parts if p.ok]
            return Outcome(
                True,
                [f for p in met for f in p.found],
                leaves_met=max(p.leaves_met for p in met),
                leaves=max(p.leaves for p in met),
            )
        listed = "; ".join(describe(facts, c) for c in condition.any)
        return Outcome(False, missing=[f"not found, any of: {listed}"], leaves=1)
    assert isinstance(condition, AtLeastCondition)
    parts = [evaluate(facts, c, pool, per_leaf) for c in condition.of]
    held = [c for c, p in zip(condition.of, parts, strict=True) if p.ok]
    outcome = _combine([p for p in parts if p.ok], ok=len(held) >= condition.at_least)
    outcome.leaves = condition.at_least
    outcome.leaves_met = min(len(held), condition.at_least)
    if not outcome.ok:
        unmet = [describe(facts, c) for c, p in zip(condition.of, parts, strict=True) if not p.ok]
        found = "; ".join(describe(facts, c) for c in held) or "none"
        outcome.missing = [
            f"not found: at least {condition.at_least} of these ({len(held)} found: {found}); "
            f"missing: {'; '.join(unmet)}"
        ]
    return outcome


def _combine(parts: list[Outcome], ok: bool) -> Outcome:
    return Outcome(
        ok,
        [f for p in parts for f in p.found],
        [m for p in parts for m in p.missing],
        leaves_met=sum(p.leaves_met for p in parts),
        leaves=sum(p.leaves for p in parts),
    )


def _counts_in_row(
    norm: str,
    hit: tuple[int, int],
    figure: Figure,
    same_clause: Callable[[str, tuple[int, int], tuple[int, int]], bool],
) -> bool:
    """Does a figure in a table row count the metric named elsewhere in the row?

    A row's figure counts its metric when it sits in the metric's own clause of the metric's
    cell ("accounts removed 1,204"; a cell of prose reads like a sentence) or when it is the
    value of its cell ("h1 2024: 1,204", "share: 98%"). A number inside another cell's words is
    part of that cell: a risk register's identifier ("risk id: cs 7"), a score in a
    description, an article cited in a mitigation.
    """
    start, end = cell_around(norm, figure.start, figure.end)
    if start <= hit[0] < end:
        return same_clause(norm, hit, (figure.start, figure.end))
    if _in_column_name(norm, hit):
        return False  # "change vs h2 2023: n/a": the column's own value, not another cell's
    cell = norm[start : figure.start]
    value = cell.rsplit(": ", 1)[-1] if ": " in cell else cell
    return not any(ch.isalpha() for ch in value)


def _in_own_cell(norm: str, hit: tuple[int, int], figures: list[Figure]) -> list[Figure]:
    """The figures in the cell that names the metric: in "accounts banned: 48,770; appeals
    received: 3,905", the appeals are 3,905, though 48,770 sits nearer the word "appeals"."""
    start, end = cell_around(norm, *hit)
    return [f for f in figures if start <= f.start and f.end <= end]


COUNTED_WORDS = 40
"""How far after a figure the words naming what it counts are read ("12,000 user reports")."""


def _counts_other(facts: DocumentFacts, spec: FigureSpec, norm: str, figure: Figure) -> bool:
    """The words right after the figure say it counts something else than the metric. A
    percentage is a share ("0.01% of all requests"): what follows it is the whole, not what it
    counts."""
    if figure.kind == "percentage":
        return False
    after = norm[figure.end : figure.end + COUNTED_WORDS]
    return any(facts.holds_in(other, after) for other in spec.not_counting)


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(a[0] - b[1], b[0] - a[1], 0)


def _withheld_nearer(
    redactions: list[tuple[int, int]], hit: tuple[int, int], figure: Figure
) -> bool:
    """A redaction nearer to the metric than the figure is the metric's own figure, withheld:
    the figure beyond it counts something else."""
    return any(_distance(r, hit) < _distance((figure.start, figure.end), hit) for r in redactions)


def _in_column_name(norm: str, hit: tuple[int, int]) -> bool:
    """The metric is named by a column of figures ("...; change vs h2 2023: n/a"), not by the
    row's label or the first column (which names what the table's rows are): that column's
    value is its figure, and no other cell's is."""
    start = norm.rfind(CELL_BREAK, 0, hit[0])
    if start < 0:
        return False  # the first cell
    start += len(CELL_BREAK)
    name_end = norm.find(": ", start)
    cell_end = norm.find(CELL_BREAK, start)
    cell_end = len(norm) if cell_end < 0 else cell_end
    return 0 <= name_end < cell_end and hit[1] <= name_end


def _evaluate_figure(
    facts: DocumentFacts, spec: FigureSpec, pool: Pool, per_leaf: int | None = EVIDENCE_PER_LEAF
) -> Outcome:
    """A unit that names the metric and holds a figure of an accepted kind (and a period)."""
    found: list[Found] = []
    without_period = False
    for match in facts.matches.get(spec.metric, []):
        if not pool(facts, match):
            continue
        unit_facts = facts.facts[match.unit]
        hit = match.hit
        figures = unit_facts.figures
        if unit_facts.source == "table" and match.inherited:
            # "ncmec media reports" names the metric of one column: its cell holds the figure
            cell = header_cell(facts.units[match.unit], hit)
            if cell is not None:
                figures = [f for f in figures if cell[0] <= f.start < cell[1]]
                hit = Hit(cell[0], cell[0], hit.score)
        elif unit_facts.source == "table":
            # "risk id: cs 7; risk scenario: ... removes it": a number in another cell's words
            norm = facts.units[match.unit].norm
            figures = [
                f
                for f in figures
                if _counts_in_row(norm, (hit.start, hit.end), f, facts.reader.same_clause)
            ]
            own = _in_own_cell(norm, (hit.start, hit.end), figures)
            figures = [f for f in own if f.kind in spec.kinds] or figures
        if spec.not_counting:
            norm = facts.units[match.unit].norm
            figures = [f for f in figures if not _counts_other(facts, spec, norm, f)]
        if not figures:
            continue
        # The figure that counts the metric is the one nearest to where the metric is named.
        figure = min(
            figures,
            key=lambda f: (max(hit.start - f.end, f.start - hit.end, 0), abs(f.start - hit.end)),
        )
        if figure.kind not in spec.kinds:
            continue
        if _withheld_nearer(unit_facts.redactions, (hit.start, hit.end), figure):
            continue  # "incidents: fewer than [redacted], while 3 other services...": withheld
        if unit_facts.source in _SENTENCES and not facts.reader.same_clause(
            facts.units[match.unit].norm, (hit.start, hit.end), (figure.start, figure.end)
        ):
            continue  # "we handle 2 billion messages a day, and most grooming is flagged..."
        period = unit_facts.period or (None if unit_facts.unbounded else facts.document_period)
        if period is None and unit_facts.source in RECORD_SOURCES:
            period = facts.data_period  # a figure in a release dated by its own data
        if spec.period and period is None:
            without_period = True
            continue
        found.append(Found(spec.metric, match, figure, period))
    if found:
        ranked = sorted(found, key=lambda f: (f.figure.kind != "count" if f.figure else True,))
        return Outcome(True, ranked[:per_leaf], leaves_met=1, leaves=1)
    description = f"a figure for {facts.signals[spec.metric].description}"
    if without_period:
        message = f"{description} was found, but not the period it covers"
    else:
        kinds = " or ".join(spec.kinds)
        message = f"not found: {description} ({kinds})" + (" with a period" if spec.period else "")
    return Outcome(False, missing=[message], leaves=1)
