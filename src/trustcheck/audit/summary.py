"""The coalition's figures from one audit: alignment counts and the practices members disclose.

These are the numbers the coalition publishes ("N of M members at least partially aligned",
"K members disclose image hashing"), so every count keeps the members behind it and every
practice count keeps the evidence behind each member. Counts use final levels (accepted reviewer
decisions applied, levels and scores recomputed by :func:`~trustcheck.apply_review`); the
machine's counts and scores are kept beside them so a reader can see what review changed.
Members whose report could not be read are named in every output, never silently left out of
M; reviewers can score them by hand, and those members are counted and marked as such.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field

from trustcheck.assessment.models import Assessment, ElementResult
from trustcheck.audit.load import Audit, AuditMember
from trustcheck.audit.manifest import MANIFEST_SUFFIXES
from trustcheck.audit.mileposts import MilepostFigures, count_mileposts
from trustcheck.render.common import page_ref


class EvidenceRef(BaseModel):
    page: int
    page_label: str | None = None
    citation: str = Field(default="", description="'p. ii (file page 2)' or 'p. 3'.")
    quote: str
    anchor: str


class ElementFigure(BaseModel):
    section: str
    element: str
    title: str
    final: dict[str, int] = Field(description="Members per final level.")
    machine: dict[str, int] = Field(description="Members per machine level.")
    members: dict[str, list[str]] = Field(description="Final level -> members.")
    decisions: int = Field(description="Members with a reviewer decision on this element.")
    mean_score: float = Field(default=0.0, description="Mean final score over members.")
    mean_machine_score: float = 0.0


class SectionFigure(BaseModel):
    section: str
    title: str
    final: dict[str, int]
    machine: dict[str, int]
    members: dict[str, list[str]]
    mean_score: float = 0.0
    mean_machine_score: float = 0.0


class IndicatorMember(BaseModel):
    member: str
    evidence: list[EvidenceRef]


class IndicatorFigure(BaseModel):
    id: str
    title: str
    count: int
    of: int
    members: list[IndicatorMember]


class VerdictRow(BaseModel):
    """One member's verdict on one element: machine and reviewer side by side."""

    member: str
    section: str
    element: str
    machine_level: str
    machine_score: float
    decision_level: str = ""
    decision_status: str = ""
    decision_reason: str = ""
    reviewer: str = ""
    stale: bool = False
    final_level: str
    final_score: float
    evidence_page: int | None = None
    evidence_citation: str = ""
    evidence_quote: str = ""


class MemberRow(BaseModel):
    """One member: levels and scores before and after review, its rank, and any failure."""

    member: str
    year: int | None
    status: str
    source: str = Field(default="", description="The manifest's source: a URL or relative path.")
    manual: bool = Field(default=False, description="Scored by hand: the report was not read.")
    machine_level: str | None
    machine_score: float | None = None
    final_level: str | None
    final_score: float | None = None
    rank: int | None = Field(default=None, description="By final score; ties share a rank.")
    section_scores: dict[str, float] = Field(default_factory=dict, description="Final.")
    element_scores: dict[str, float] = Field(default_factory=dict, description="Final.")
    decisions: int
    stale: int
    indicators: list[str]
    error: str | None = None
    notes: str = Field(default="", description="The manifest's notes on this member's report.")


class CoalitionSummary(BaseModel):
    """Everything ``trustcheck summary`` publishes, as one model."""

    audit: str
    framework_id: str
    framework_title: str
    framework_version: str
    levels: list[str] = Field(description="Level ids, best first.")
    listed: int = Field(description="Members in the audit.")
    assessed: int = Field(description="Members with levels: read, or scored by hand.")
    failed: list[str] = Field(description="Members whose report could not be read.")
    failures: dict[str, str] = Field(default_factory=dict, description="Member -> error.")
    manual: list[str] = Field(
        default_factory=list, description="Failed members that reviewers scored by hand."
    )
    unassessed: list[str] = Field(
        default_factory=list, description="Failed members with no levels at all."
    )
    sections_order: list[tuple[str, list[str]]] = Field(
        default_factory=list, description="(section id, its element ids) in framework order."
    )
    element_titles: dict[str, str] = Field(default_factory=dict)
    source_base: str = Field(
        default="",
        exclude=True,
        description="The folder relative sources are relative to, for links; never published.",
    )
    mean_score: float = Field(default=0.0, description="Mean final score of assessed members.")
    mean_machine_score: float = 0.0
    aligned: int = Field(description="Assessed members at least partially aligned (final).")
    aligned_machine: int
    headline: str
    report_levels: dict[str, int]
    report_levels_machine: dict[str, int]
    sections: list[SectionFigure]
    elements: list[ElementFigure]
    indicators: list[IndicatorFigure]
    members: list[MemberRow]
    verdicts: list[VerdictRow]
    decisions_in_force: int
    stale_decisions: int
    mileposts: MilepostFigures | None = Field(
        default=None, description="Mileposts advanced since the previous audit, when given."
    )


def summarise_audit(audit: Audit, previous: Audit | None = None) -> CoalitionSummary:
    """Compute the coalition's figures from a loaded audit.

    With ``previous`` (last year's audit), also count the mileposts members advanced since.
    """
    levels = audit.levels
    assessed = audit.assessed
    worst = levels[-1]
    report_final = _count(levels, [m.final_level or worst for m in assessed])
    report_machine = _count(levels, [m.machine_level or worst for m in assessed if not m.manual])
    aligned = sum(1 for m in assessed if m.final_level != worst)
    aligned_machine = sum(1 for m in assessed if m.machine_level not in (None, worst))
    failed = [m.member for m in audit.failed]
    manual = [m.member for m in audit.failed if m.manual]
    unassessed = [m.member for m in audit.unassessed]
    headline = (
        f"{aligned} of {len(assessed)} members at least partially aligned "
        f"with the {audit.framework.title}"
    )
    notes = []
    if manual:
        notes.append(f"{len(manual)} scored by hand")
    if unassessed:
        notes.append(f"{len(unassessed)} more could not be assessed")
    if notes:
        headline += f" ({'; '.join(notes)})"
    verdicts = [
        _verdict(m.member, section.id, element)
        for m in assessed
        for section in m.assessment.sections  # type: ignore[union-attr]
        for element in section.elements
    ]
    return CoalitionSummary(
        audit=audit.root.name,
        framework_id=audit.framework.id,
        framework_title=audit.framework.title,
        framework_version=audit.framework.version,
        levels=levels,
        listed=len(audit.members),
        assessed=len(assessed),
        failed=failed,
        failures={m.member: m.record.error or m.record.status for m in audit.failed},
        manual=manual,
        unassessed=unassessed,
        sections_order=[(s.id, [e.id for e in s.elements]) for s in audit.framework.sections],
        element_titles={e.id: e.title for e in audit.framework.elements},
        source_base=str(source_base(audit)),
        mean_score=_mean([m.final_score for m in assessed]),
        mean_machine_score=_mean([m.machine_score for m in assessed]),
        aligned=aligned,
        aligned_machine=aligned_machine,
        headline=headline,
        report_levels=report_final,
        report_levels_machine=report_machine,
        sections=_sections(audit),
        elements=_element_figures(audit),
        indicators=_indicators(audit),
        members=_ranked([_member_row(m) for m in audit.members]),
        verdicts=verdicts,
        decisions_in_force=sum(1 for v in verdicts if v.decision_status),
        stale_decisions=sum(1 for v in verdicts if v.stale),
        mileposts=count_mileposts(previous, audit) if previous is not None else None,
    )


def source_base(audit: Audit) -> Path:
    """The folder that members' relative sources (``AuditMember.source``) are relative to."""
    manifest = Path(audit.index.manifest)
    return manifest.parent if manifest.suffix.lower() in MANIFEST_SUFFIXES else manifest


def _mean(values: list[float | None]) -> float:
    known = [v for v in values if v is not None]
    return round(sum(known) / len(known), 1) if known else 0.0


def _ranked(rows: list[MemberRow]) -> list[MemberRow]:
    """Rank members by final score, best first; equal scores share a rank (1, 2, 2, 4)."""
    scores = sorted((r.final_score for r in rows if r.final_score is not None), reverse=True)
    for row in rows:
        if row.final_score is not None:
            row.rank = scores.index(row.final_score) + 1
    return rows


def _count(levels: list[str], values: list[str]) -> dict[str, int]:
    counts = dict.fromkeys(levels, 0)
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


def _group(levels: list[str], pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {level: [] for level in levels}
    for member, level in pairs:
        grouped.setdefault(level, []).append(member)
    return grouped


def _elements(member: AuditMember) -> list[ElementResult]:
    assessment: Assessment | None = member.assessment
    return assessment.elements if assessment is not None else []


def _sections(audit: Audit) -> list[SectionFigure]:
    figures = []
    for section in audit.framework.sections:
        final = [(m.member, m.final_sections.get(section.id, "")) for m in audit.assessed]
        machine = [
            s.level
            for m in audit.assessed
            if not m.manual
            for s in m.assessment.sections  # type: ignore[union-attr]
            if s.id == section.id
        ]
        results = [
            s
            for m in audit.assessed
            for s in m.assessment.sections  # type: ignore[union-attr]
            if s.id == section.id
        ]
        figures.append(
            SectionFigure(
                section=section.id,
                title=section.title,
                final=_count(audit.levels, [level for _m, level in final if level]),
                machine=_count(audit.levels, machine),
                members=_group(audit.levels, [(m, lv) for m, lv in final if lv]),
                mean_score=_mean([s.final_score for s in results]),
                mean_machine_score=_mean([s.score for s in results]),
            )
        )
    return figures


def _element_figures(audit: Audit) -> list[ElementFigure]:
    hand = {m.member for m in audit.assessed if m.manual}
    figures = []
    for section in audit.framework.sections:
        for element in section.elements:
            results = [
                (m.member, e) for m in audit.assessed for e in _elements(m) if e.id == element.id
            ]
            figures.append(
                ElementFigure(
                    section=section.id,
                    element=element.id,
                    title=element.title,
                    final=_count(audit.levels, [e.final_level for _m, e in results]),
                    machine=_count(audit.levels, [e.level for m, e in results if m not in hand]),
                    members=_group(audit.levels, [(m, e.final_level) for m, e in results]),
                    decisions=sum(1 for _m, e in results if e.decision is not None),
                    mean_score=_mean([e.final_score for _m, e in results]),
                    mean_machine_score=_mean([e.score for m, e in results if m not in hand]),
                )
            )
    return figures


def _indicators(audit: Audit) -> list[IndicatorFigure]:
    figures = []
    for indicator in audit.framework.indicators:
        members = []
        for member in audit.assessed:
            for result in member.assessment.indicators:  # type: ignore[union-attr]
                if result.id == indicator.id and result.found:
                    evidence = [
                        EvidenceRef(
                            page=e.page,
                            page_label=e.page_label,
                            citation=page_ref(e),
                            quote=e.quote,
                            anchor=e.anchor,
                        )
                        for e in result.evidence
                    ]
                    members.append(IndicatorMember(member=member.member, evidence=evidence))
        figures.append(
            IndicatorFigure(
                id=indicator.id,
                title=indicator.title,
                count=len(members),
                of=len(audit.assessed),
                members=members,
            )
        )
    return figures


def _verdict(member: str, section: str, element: ElementResult) -> VerdictRow:
    first = element.evidence[0] if element.evidence else None
    decision = element.decision
    return VerdictRow(
        member=member,
        section=section,
        element=element.id,
        machine_level=element.level,
        machine_score=element.score,
        decision_level=decision.level if decision else "",
        decision_status=decision.status if decision else "",
        decision_reason=decision.reason if decision else "",
        reviewer=decision.reviewer if decision else "",
        stale=bool(decision and decision.stale),
        final_level=element.final_level,
        final_score=element.final_score,
        evidence_page=first.page if first else None,
        evidence_citation=page_ref(first) if first else "",
        evidence_quote=first.quote if first else "",
    )


def _member_row(member: AuditMember) -> MemberRow:
    elements = _elements(member)
    found = [i.id for i in member.assessment.indicators if i.found] if member.assessment else []
    assessment = member.assessment
    return MemberRow(
        member=member.member,
        year=member.record.year,
        status=member.record.status,
        source=member.source,
        manual=member.manual,
        machine_level=member.machine_level,
        machine_score=member.machine_score,
        final_level=member.final_level,
        final_score=member.final_score,
        section_scores={s.id: s.final_score for s in assessment.sections} if assessment else {},
        element_scores={e.id: e.final_score for e in elements},
        decisions=sum(1 for e in elements if e.decision is not None),
        stale=sum(1 for e in elements if e.decision is not None and e.decision.stale),
        indicators=found,
        error=member.record.error,
        notes=member.record.notes,
    )
