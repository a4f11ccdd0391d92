"""What every output format says the same way: level words, page references, the summary line.

The renderers differ in layout only. Wording that a reader compares across formats (how a page
is cited, what "partially aligned" means, which level counts as the best) lives here once, so the
terminal table, the HTML report and the SARIF log never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

from trustcheck.assessment.models import Assessment, ElementResult, Evidence, SectionResult
from trustcheck.errors import UsageError

#: How a report's overall level reads in the summary line, by the level's rank: the best level,
#: one in between, the lowest.
VERDICT_WORDS = {"best": "aligned", "between": "partially aligned", "lowest": "not aligned"}

#: A mark per rank of level, so a verdict reads the same with and without colour.
LEVEL_MARK = {"best": "●", "between": "◐", "lowest": "○"}

Rank = Literal["best", "between", "lowest"]


def levels(assessment: Assessment) -> list[str]:
    """The framework's level ids, best first.

    The assessment carries its framework's levels; one written before it did has only
    ``counts``, whose keys were built from the levels in order.
    """
    if assessment.levels:
        return [lv.id for lv in sorted(assessment.levels, key=lambda lv: lv.order)]
    return list(assessment.counts)


def best_level(assessment: Assessment) -> str:
    return levels(assessment)[0]


def is_below(assessment: Assessment, level: str, threshold: str) -> bool:
    """True when ``level`` ranks below ``threshold`` in the assessment's framework."""
    order = levels(assessment)
    return order.index(level) > order.index(threshold)


def rank(order: Sequence[str], level: str) -> Rank | None:
    """Where a level stands among the framework's: best, in between, lowest (None: unknown)."""
    if level not in order:
        return None
    if level == order[0]:
        return "best"
    return "lowest" if level == order[-1] else "between"


def level_class(level: str, order: Sequence[str]) -> str:
    """``level-full rank-best``: the HTML classes of a level, its id and its rank.

    Style sheets colour by the rank, so a framework with its own level ids is coloured without
    a rule per id; the id stays for a reader's own styles. More than three levels share the
    ``rank-between`` colour. ``order`` is the framework's level ids, best first.
    """
    position = rank(order, level)
    return f"level-{level} rank-{position}" if position else f"level-{level}"


def level_text(level: str, order: Sequence[str]) -> str:
    """``● full``: the mark of the level's rank and its id, readable without colour.

    ``order`` is the framework's level ids, best first (:func:`levels`).
    """
    position = rank(order, level)
    return f"{LEVEL_MARK[position]} {level}" if position else level


def verdict_words(level: str, order: Sequence[str]) -> str:
    position = rank(order, level)
    return VERDICT_WORDS[position] if position else level


def summary_line(assessment: Assessment) -> str:
    """``partially aligned, score 61/100; 7 full, 8 partial, 3 none``.

    After review, the reviewed level, score and counts, then the machine's:
    ``aligned, score 75/100 after review (machine: partially aligned, 61/100); ...``.
    """
    order = levels(assessment)
    counts = ", ".join(f"{n} {level}" for level, n in assessment.final_counts.items())
    final = verdict_words(assessment.final_level, order)
    if assessment.manual:
        return (
            f"{final}, score {assessment.final_score:g}/100 "
            f"scored by hand (the report could not be read); {counts}"
        )
    machine = verdict_words(assessment.level, order)
    if assessment.reviewed is None:
        return f"{machine}, score {assessment.score:g}/100; {counts}"
    return (
        f"{final}, score {assessment.final_score:g}/100 after "
        f"review (machine: {machine}, {assessment.score:g}/100); {counts}"
    )


def page_ref(evidence: Evidence) -> str:
    """``p. 3``, or ``p. ii (file page 2)`` when the printed label differs from the index."""
    label = evidence.page_label
    if label and label != str(evidence.page):
        return f"p. {label} (file page {evidence.page})"
    return f"p. {evidence.page}"


def best_evidence(element: ElementResult) -> Evidence | None:
    """The quote shown first: the engine orders evidence by position; prefer on-topic practice."""
    if not element.evidence:
        return None
    for evidence in element.evidence:
        if evidence.on_topic and not evidence.intention:
            return evidence
    return element.evidence[0]


def trim(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def report_name(assessment: Assessment) -> str:
    """The document's title where it has one, else its path."""
    return assessment.document.title or assessment.document.path


def decision_text(element: ElementResult) -> str:
    """A reviewer's decision in one line, or an empty string."""
    decision = element.decision
    if decision is None:
        return ""
    text = f"{decision.level} ({decision.status.replace('-', ' ')})"
    if decision.reviewer:
        text += f" by {decision.reviewer}"
    if decision.stale:
        text += ", stale: evidence changed"
    return f"{text}: {decision.reason}" if decision.reason else text


def narrow(
    assessment: Assessment,
    elements: Iterable[str] = (),
    sections: Iterable[str] = (),
) -> Assessment:
    """A copy showing only the named elements and sections (ids, any case).

    The report's own level, score and counts are kept: they describe the whole report, and a
    narrowed view must not pretend otherwise. Unknown ids are an error, never silently ignored.
    """
    wanted_elements = {e.upper() for e in elements}
    wanted_sections = {s.upper() for s in sections}
    if not wanted_elements and not wanted_sections:
        return assessment
    check_known("--element", wanted_elements, [e.id for e in assessment.elements])
    check_known("--section", wanted_sections, [s.id for s in assessment.sections])
    kept: list[SectionResult] = []
    for section in assessment.sections:
        in_section = section.id.upper() in wanted_sections
        chosen = [e for e in section.elements if in_section or e.id.upper() in wanted_elements]
        if chosen:
            kept.append(section.model_copy(update={"elements": chosen}))
    return assessment.model_copy(update={"sections": kept})


def check_known(option: str, wanted: Iterable[str], ids: Sequence[str]) -> None:
    """A usage error naming every id in ``wanted`` (any case) that is not in ``ids``."""
    unknown = sorted({w.upper() for w in wanted} - {i.upper() for i in ids})
    if unknown:
        raise UsageError(
            f"{option} {', '.join(unknown)}: no such id in this framework",
            hint=f"choose from {', '.join(ids)}",
        )
