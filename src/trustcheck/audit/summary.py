"""The coalition's figures from one audit: alignment counts and the practices members disclose.

These are the numbers the coalition publishes ("N of M members at least partially aligned",
"K members disclose image hashing"), so every count keeps the members behind it and every
practice count keeps the evidence behind each member. Counts use final levels (accepted reviewer
decisions applied); the machine's counts are kept beside them so a reader can see what review
changed. Members whose report could not be assessed are named, never silently left out of M.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from trustcheck.assessment.models import Assessment, ElementResult
from trustcheck.audit.load import Audit, AuditMember


class EvidenceRef(BaseModel):
    page: int
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


class SectionFigure(BaseModel):
    section: str
    title: str
    final: dict[str, int]
    machine: dict[str, int]
    members: dict[str, list[str]]


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
    decision_level: str = ""
    decision_status: str = ""
    decision_reason: str = ""
    reviewer: str = ""
    stale: bool = False
    final_level: str
    evidence_page: int | None = None
    evidence_quote: str = ""


class MemberRow(BaseModel):
    member: str
    year: int | None
    status: str
    machine_level: str | None
    final_level: str | None
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
    assessed: int
    failed: list[str]
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


def summarise_audit(audit: Audit) -> CoalitionSummary:
    """Compute the coalition's figures from a loaded audit."""
    levels = audit.levels
    assessed = audit.assessed
    worst = levels[-1]
    report_final = _count(levels, [m.final_level or worst for m in assessed])
    report_machine = _count(levels, [m.machine_level or worst for m in assessed])
    aligned = sum(1 for m in assessed if m.final_level != worst)
    aligned_machine = sum(1 for m in assessed if m.machine_level != worst)
    failed = [m.member for m in audit.failed]
    headline = (
        f"{aligned} of {len(assessed)} members at least partially aligned "
        f"with the {audit.framework.title}"
    )
    if failed:
        headline += f" ({len(failed)} more could not be assessed)"
    verdicts = [
        _verdict(m.member, section.id, element)
        for m in assessed
        for section in m.assessment.sections  # type: ignore[union-attr]
        for element in section.elements
    ]
    return CoalitionSummary(
        audit=str(audit.root),
        framework_id=audit.framework.id,
        framework_title=audit.framework.title,
        framework_version=audit.framework.version,
        levels=levels,
        listed=len(audit.members),
        assessed=len(assessed),
        failed=failed,
        aligned=aligned,
        aligned_machine=aligned_machine,
        headline=headline,
        report_levels=report_final,
        report_levels_machine=report_machine,
        sections=_sections(audit),
        elements=_element_figures(audit),
        indicators=_indicators(audit),
        members=[_member_row(m) for m in audit.members],
        verdicts=verdicts,
        decisions_in_force=sum(1 for v in verdicts if v.decision_status),
        stale_decisions=sum(1 for v in verdicts if v.stale),
    )


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
            )
        )
    return figures


def _element_figures(audit: Audit) -> list[ElementFigure]:
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
                    machine=_count(audit.levels, [e.level for _m, e in results]),
                    members=_group(audit.levels, [(m, e.final_level) for m, e in results]),
                    decisions=sum(1 for _m, e in results if e.decision is not None),
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
                        EvidenceRef(page=e.page, quote=e.quote, anchor=e.anchor)
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
        decision_level=decision.level if decision else "",
        decision_status=decision.status if decision else "",
        decision_reason=decision.reason if decision else "",
        reviewer=decision.reviewer if decision else "",
        stale=bool(decision and decision.stale),
        final_level=element.final_level,
        evidence_page=first.page if first else None,
        evidence_quote=first.quote if first else "",
    )


def _member_row(member: AuditMember) -> MemberRow:
    elements = _elements(member)
    found = [i.id for i in member.assessment.indicators if i.found] if member.assessment else []
    return MemberRow(
        member=member.member,
        year=member.record.year,
        status=member.record.status,
        machine_level=member.machine_level,
        final_level=member.final_level,
        decisions=sum(1 for e in elements if e.decision is not None),
        stale=sum(1 for e in elements if e.decision is not None and e.decision.stale),
        indicators=found,
        error=member.record.error,
        notes=member.record.notes,
    )
