"""The assessment engine: from a document's facts to element, section and report verdicts.

For each element, its rules are tried best level first. The best level's rule must hold with
on-topic practices only; if it holds only when general (off-topic) text or stated plans are
counted too, the element is capped one level lower and the output says why. Lower levels' rules
admit plans. Whatever level is reached, the verdict carries the passages that satisfied the rule
and, below the best level, what was looked for and not found. Sections and the report roll up
by the framework's own rule (:class:`~trustcheck.framework.models.Rollup`). Nothing here
knows any element by name.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import get_args

from trustcheck._version import __version__
from trustcheck.assessment.conditions import Found, Outcome, Pool, evaluate, make_pool
from trustcheck.assessment.facts import DocumentFacts, SignalMatch, Stance
from trustcheck.assessment.models import (
    Assessment,
    DocumentRef,
    ElementResult,
    Evidence,
    FrameworkRef,
    IndicatorResult,
    LevelInfo,
    SectionResult,
)
from trustcheck.assessment.quotes import MAX_QUOTE, trim, verbatim
from trustcheck.assessment.ranking import Focus, Ranked, candidates, rank_evidence
from trustcheck.document import Document
from trustcheck.framework.models import (
    Element,
    EvidenceSource,
    Framework,
    LevelRule,
    mean_score,
)
from trustcheck.match.lexicon import lexicon_for
from trustcheck.match.signals import Matcher
from trustcheck.match.text import normalise
from trustcheck.match.units import build_units

MAX_EVIDENCE = 8


@dataclass(slots=True)
class _Verdict:
    level: str
    found: list[Found]
    missing: list[str]
    confidence: float
    rule: LevelRule | None = None
    """The rule that decided the level, and the pool it held in: where evidence is drawn."""
    pool: Pool | None = None


def framework_ref(framework: Framework) -> FrameworkRef:
    """What an assessment records of the framework it was made against."""
    return FrameworkRef(
        id=framework.id,
        version=framework.version,
        title=framework.title,
        reconstructed=framework.provenance.reconstructed,
    )


def level_infos(framework: Framework) -> list[LevelInfo]:
    """The framework's levels as an assessment carries them, best first."""
    return [
        LevelInfo(id=lv.id, label=lv.label, score=lv.score, order=i)
        for i, lv in enumerate(framework.levels)
    ]


def assess_document(
    document: Document, framework: Framework, *, matcher: Matcher | None = None
) -> Assessment:
    """Assess a read document against a loaded framework."""
    units = build_units(document, lexicon_for(framework.language))
    facts = DocumentFacts(framework, units, document.title, matcher)
    where = _where(document)
    sections: list[SectionResult] = []
    for section in framework.sections:
        elements = [_judge(facts, framework, element, where) for element in section.elements]
        level = framework.rollup.section_level(
            section.id, [e.level for e in elements], framework.level_ids
        )
        score = mean_score([e.score for e in elements])
        sections.append(
            SectionResult(
                id=section.id, title=section.title, level=level, score=score, elements=elements
            )
        )
    level = framework.rollup.report_level(
        [s.level for s in sections],
        [e.level for s in sections for e in s.elements],
        framework.level_ids,
    )
    score = mean_score([s.score for s in sections])
    counts = {lv.id: 0 for lv in framework.levels}
    for section_result in sections:
        for element_result in section_result.elements:
            counts[element_result.level] += 1
    warnings = list(document.warnings)
    if document.pages_without_text:
        pages = ", ".join(str(p) for p in document.pages_without_text)
        message = f"pages without a text layer were not read: {pages}"
        if message not in warnings:
            warnings.append(message)
    return Assessment(
        trustcheck_version=__version__,
        framework=framework_ref(framework),
        levels=level_infos(framework),
        document=DocumentRef(
            path=document.source,
            sha256=document.sha256,
            format=document.format.value,
            pages=document.page_count,
            title=document.title,
            pages_without_text=document.pages_without_text,
        ),
        level=level,
        score=score,
        counts=counts,
        reporting_period=facts.document_period,
        sections=sections,
        indicators=_indicators(facts, framework),
        warnings=warnings,
    )


def _where(document: Document) -> str:
    if document.page_count > 1:
        return f"searched {document.page_count} pages"
    return "searched the whole document"


# --------------------------------------------------------------------------- elements


@dataclass(frozen=True, slots=True)
class _Pools:
    """The pools one element is judged with: its topic, its evidence kinds."""

    strict: Pool
    """On-topic practices: what the best level needs."""
    practice: Pool
    """Practices on any topic."""
    topic: Pool
    """On-topic practices and plans: what lower levels need."""
    loose: Pool
    """Anything not denied."""
    records: tuple[Pool, Pool] | None = None
    """Records outside the element's evidence sources, on its topic and on any topic, which
    count for rules at or below ``records_at_most`` (see :func:`_record_pools`)."""
    records_at_most: int = 0
    """Rank (0 is best) of the best level records can give."""

    @classmethod
    def of(cls, facts: DocumentFacts, element: Element, level_ids: list[str]) -> _Pools:
        sources = frozenset(element.evidence_from)
        only = None if sources == frozenset(get_args(EvidenceSource)) else sources
        flags = facts.topic_flags(element.topic or facts.language.topic)
        cap = element.records_at_most
        return cls(
            strict=make_pool(flags, practice_only=True, sources=only),
            practice=make_pool(None, practice_only=True, sources=only),
            topic=make_pool(flags, practice_only=False, sources=only),
            loose=make_pool(None, practice_only=False, sources=only),
            records=_record_pools(flags, sources) if cap in level_ids else None,
            records_at_most=level_ids.index(cap) if cap in level_ids else 0,
        )

    def for_rule(self, rule: LevelRule, best: bool) -> Pool:
        if rule.context == "topic":
            return self.strict if best else self.topic
        return self.practice if best else self.loose

    def records_for(self, rule: LevelRule, rank: int | None = None) -> Pool | None:
        """The records that count for a rule: on the topic where the rule asks for it; none
        for a rule above ``records_at_most`` (``rank`` None: whatever the rule's level)."""
        if self.records is None or (rank is not None and rank < self.records_at_most):
            return None
        return self.records[0] if rule.context == "topic" else self.records[1]


NAMING_SOURCES: frozenset[EvidenceSource] = frozenset({"table"})
"""Records whose headers may name a practice: table rows (of a CSV, a workbook, a report's
tables). Values held in a page's scripts are the numbers behind its charts: their figures count
(see :data:`~trustcheck.assessment.facts.RECORD_SOURCES`), while the page's own text says what is
done."""


def _record_pools(
    on_topic: list[bool], sources: frozenset[EvidenceSource]
) -> tuple[Pool, Pool] | None:
    """Records the element's own sources leave out, on its topic and on any: a data release
    names its practices in row labels, column headers and table titles ("Appeals" over a
    child-safety row), which shows a practice exists without describing it."""
    extra = frozenset(NAMING_SOURCES - sources)
    if not extra:
        return None
    return (
        make_pool(on_topic, practice_only=False, sources=extra),
        make_pool(None, practice_only=False, sources=extra),
    )


def _either(first: Pool, second: Pool) -> Pool:
    def pool(facts: DocumentFacts, match: SignalMatch) -> bool:
        return first(facts, match) or second(facts, match)

    return pool


def _judge(
    facts: DocumentFacts, framework: Framework, element: Element, where: str
) -> ElementResult:
    verdict = _verdict(facts, framework, element)
    missing = [f"{m} ({where})" if m.startswith("not found") else m for m in verdict.missing]
    return ElementResult(
        id=element.id,
        title=element.title,
        level=verdict.level,
        score=framework.level_score(verdict.level),
        confidence=round(verdict.confidence, 2),
        evidence=_quoted(facts, element, verdict),
        missing=list(dict.fromkeys(missing)),
    )


def _verdict(facts: DocumentFacts, framework: Framework, element: Element) -> _Verdict:
    level_ids = [lv.id for lv in framework.levels]
    pools = _Pools.of(facts, element, level_ids)
    missing: list[str] = []
    for index, rule in enumerate(element.rules):
        best = index == 0
        rank = level_ids.index(rule.level)
        outcome = _evaluate_with_records(facts, rule, pools, best, rank)
        if outcome.ok:
            pool = pools.for_rule(rule, best)
            confidence = _confidence(outcome, best)
            return _Verdict(rule.level, outcome.found, missing, confidence, rule, pool)
        missing += outcome.missing
        if best and (reason := _record_cap_reason(facts, framework, rule, pools, rank)):
            missing.insert(0, reason)
        if best:
            relaxed = evaluate(facts, rule.when, pools.loose)
            if relaxed.ok:
                capped = level_ids[min(level_ids.index(rule.level) + 1, len(level_ids) - 1)]
                missing.insert(0, _cap_reason(facts, rule, framework, element, pools, relaxed))
                return _Verdict(capped, relaxed.found, missing, 0.6, rule, pools.loose)
    touched = any(evaluate(facts, r.when, pools.loose).leaves_met for r in element.rules)
    return _Verdict(level_ids[-1], [], missing, 0.65 if touched else 0.9)


def _evaluate_with_records(
    facts: DocumentFacts, rule: LevelRule, pools: _Pools, best: bool, rank: int
) -> Outcome:
    """A rule on the element's own evidence; failing that, with the table rows it admits too
    (a release's headers are evidence only where its text says nothing)."""
    pool = pools.for_rule(rule, best)
    outcome = evaluate(facts, rule.when, pool)
    records = pools.records_for(rule, rank)
    if outcome.ok or records is None:
        return outcome
    with_records = evaluate(facts, rule.when, _either(pool, records))
    return with_records if with_records.ok else outcome


def _record_cap_reason(
    facts: DocumentFacts, framework: Framework, rule: LevelRule, pools: _Pools, rank: int
) -> str | None:
    """Why records that meet a level above ``records_at_most`` do not reach it."""
    records = pools.records_for(rule)
    if records is None or rank >= pools.records_at_most:
        return None
    if not evaluate(facts, rule.when, records).ok:
        return None
    label = framework.levels[rank].label.lower()
    cap = framework.levels[pools.records_at_most].label.lower()
    return (
        f"the criteria for {label} are met only in records (row labels, column headers, "
        f"table titles), which name a practice without describing it: at most {cap}"
    )


def _cap_reason(
    facts: DocumentFacts,
    rule: LevelRule,
    framework: Framework,
    element: Element,
    pools: _Pools,
    relaxed: Outcome,
) -> str:
    label = next(lv.label for lv in framework.levels if lv.id == rule.level).lower()
    if evaluate(facts, rule.when, pools.practice).ok:
        topic_signal = facts.signals.get(element.topic or facts.language.topic)
        topic = topic_signal.description.removeprefix("a ") if topic_signal else "topic term"
        why = f"only in passages not tied to the topic (no {topic} in them or above them)"
    else:
        why = "only as a stated intention or plan, not as a current practice"
    example = next((f for f in relaxed.found if not pools.strict(facts, f.match)), None)
    where = ""
    if example is not None:
        unit = facts.units[example.match.unit]
        where = f', e.g. page {unit.passage.page}: "{_trim(unit.text, 160)}"'
    return f"the criteria for {label} are met {why}{where}"


def _confidence(outcome: Outcome, best: bool) -> float:
    """A heuristic: more independent supporting passages and exact matches, more confidence."""
    units = {f.match.unit for f in outcome.found}
    support = min(1.0, len(units) / max(1, 2 * max(outcome.leaves, 1)))
    exact = all(f.match.hit.score >= 100 for f in outcome.found)
    base = 0.7 if best else 0.6
    return min(1.0, base + 0.2 * support + (0.1 if exact else 0.0))


# --------------------------------------------------------------------------- evidence


def _trim(text: str, limit: int) -> str:
    return trim(text, limit)


def _quoted(facts: DocumentFacts, element: Element, verdict: _Verdict) -> list[Evidence]:
    """The verdict's evidence: every passage the deciding rule admits, not only the few the
    verdict needed, best first (see :mod:`trustcheck.assessment.ranking`)."""
    if verdict.rule is None or verdict.pool is None:
        return []
    found = candidates(facts, verdict.rule.when, verdict.pool) or verdict.found
    return _evidence(facts, found, Focus.of(element, verdict.rule, facts.language.topic))


def _evidence(
    facts: DocumentFacts, found: list[Found], focus: Focus | None = None
) -> list[Evidence]:
    """The passages to quote, best first (see :mod:`trustcheck.assessment.ranking`)."""
    focus = focus or Focus.signals(found, facts.language.topic)
    ranked = rank_evidence(facts, found, focus, MAX_EVIDENCE)
    return [_one_evidence(facts, item) for item in ranked]


def _one_evidence(facts: DocumentFacts, ranked: Ranked) -> Evidence:
    item = ranked.found[0]
    unit = facts.units[item.match.unit]
    passage = unit.passage
    quote = trim(verbatim(unit), MAX_QUOTE)
    return Evidence(
        quote=quote,
        page=passage.page,
        page_label=passage.page_label,
        heading=" > ".join(passage.heading_path),
        passage_id=passage.id,
        signal=item.signal,
        signals=[f.signal for f in ranked.found],
        signal_description=facts.signals[item.signal].description,
        score=item.match.hit.score,
        on_topic=facts.facts[item.match.unit].topic,
        intention=item.match.stance is Stance.INTENTION,
        figure=item.figure.text if item.figure else None,
        period=item.period if item.figure else None,
        anchor=anchor(quote),
    )


def anchor(quote: str) -> str:
    """A short, stable hash of a quote, to find the same evidence after re-extraction."""
    return hashlib.sha256(normalise(quote).encode("utf-8")).hexdigest()[:16]


def _indicators(facts: DocumentFacts, framework: Framework) -> list[IndicatorResult]:
    results = []
    strict = make_pool(facts.topic_flags(facts.language.topic), practice_only=True, sources=None)
    for indicator in framework.indicators:
        found = [
            Found(sid, m)
            for sid in indicator.signals
            for m in facts.matches.get(sid, [])
            if strict(facts, m)
        ]
        results.append(
            IndicatorResult(
                id=indicator.id,
                title=indicator.title,
                found=bool(found),
                evidence=_evidence(facts, found)[:3],
            )
        )
    return results
