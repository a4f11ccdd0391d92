"""Mileposts: the members that advanced in each of the coalition's categories, year to year.

The coalition publishes "N of M members advanced at least one milepost, K mileposts in all",
across categories (Reporting, Transparency, Detection, ...). The framework file maps each
category to elements and indicators (``mileposts:``); comparing two audits, a member advances a
category when one of its elements reaches a higher final level (reviewer decisions applied) or
one of its indicators is disclosed for the first time. One milepost is one category advanced by
one member, however many of its elements rose. Every advance keeps its evidence: the passages
of the newer report behind the higher level or the new practice.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from trustcheck.assessment.models import Assessment, ElementResult, Evidence, IndicatorResult
from trustcheck.audit.load import Audit, AuditMember
from trustcheck.errors import AuditError
from trustcheck.framework.models import Framework
from trustcheck.render.common import page_ref

_MAX_EVIDENCE = 3


class AdvanceEvidence(BaseModel):
    citation: str = Field(description="'p. ii (file page 2)' or 'p. 3'.")
    page: int
    quote: str
    anchor: str


class Advance(BaseModel):
    """One thing that rose for one member: an element's level or a disclosed practice."""

    member: str
    category: str
    kind: str = Field(description="'element' or 'indicator'.")
    id: str
    title: str
    old: str = Field(description="The older level, or 'not disclosed'.")
    new: str = Field(description="The newer level, or 'disclosed'.")
    evidence: list[AdvanceEvidence] = Field(default_factory=list)


class CategoryCount(BaseModel):
    id: str
    title: str
    members: list[str] = Field(description="Members that advanced in this category.")
    members_count: int
    advances: int = Field(description="Elements and indicators that rose, over all members.")


class MilepostFigures(BaseModel):
    """The milepost figures from two audits of the same framework."""

    old: str
    new: str
    compared: int = Field(description="Members assessed in both audits.")
    members_advanced: list[str]
    mileposts: int = Field(description="Categories advanced, summed over members.")
    headline: str
    categories: list[CategoryCount]
    advances: list[Advance]


def count_mileposts(old: Audit, new: Audit) -> MilepostFigures:
    """Count, per milepost category, the members whose report advanced from ``old`` to ``new``."""
    framework = new.framework
    if old.framework.id != framework.id:
        raise AuditError(
            f"cannot count mileposts between an audit against {old.framework.id!r} "
            f"and one against {framework.id!r}"
        )
    if not framework.mileposts:
        raise AuditError(
            f"the framework {framework.id!r} defines no milepost categories",
            hint="add 'mileposts:' to the framework file (see docs/frameworks.md)",
        )
    rank = {level: index for index, level in enumerate(new.levels)}
    before = {m.record.slug: m for m in old.members if m.assessment is not None}
    pairs = [
        (before[m.record.slug], m)
        for m in new.members
        if m.assessment is not None and m.record.slug in before
    ]
    advances: list[Advance] = []
    for was, now in pairs:
        advances.extend(_member_advances(framework, rank, was, now))
    categories = []
    per_member: dict[str, set[str]] = {}
    for milepost in framework.mileposts:
        found = [a for a in advances if a.category == milepost.id]
        members = sorted({a.member for a in found}, key=str.casefold)
        for member in members:
            per_member.setdefault(member, set()).add(milepost.id)
        categories.append(
            CategoryCount(
                id=milepost.id,
                title=milepost.title,
                members=members,
                members_count=len(members),
                advances=len(found),
            )
        )
    advanced = sorted(per_member, key=str.casefold)
    total = sum(len(c) for c in per_member.values())
    headline = (
        f"{len(advanced)} of {len(pairs)} members advanced at least one milepost from "
        f"{old.root.name} to {new.root.name}, {total} mileposts in all"
    )
    return MilepostFigures(
        old=old.root.name,
        new=new.root.name,
        compared=len(pairs),
        members_advanced=advanced,
        mileposts=total,
        headline=headline,
        categories=categories,
        advances=advances,
    )


def _member_advances(
    framework: Framework, rank: dict[str, int], was: AuditMember, now: AuditMember
) -> list[Advance]:
    old_a, new_a = was.assessment, now.assessment
    assert old_a is not None and new_a is not None
    found: list[Advance] = []
    for milepost in framework.mileposts:
        for element_id in milepost.elements:
            before, after = _element(old_a, element_id), _element(new_a, element_id)
            if before is None or after is None:
                continue
            old_level, new_level = before.final_level, after.final_level
            if rank.get(new_level, 99) < rank.get(old_level, 99):
                found.append(
                    Advance(
                        member=now.member,
                        category=milepost.id,
                        kind="element",
                        id=element_id,
                        title=after.title,
                        old=old_level,
                        new=new_level,
                        evidence=_evidence(after.evidence),
                    )
                )
        for indicator_id in milepost.indicators:
            before_i = _indicator(old_a, indicator_id)
            after_i = _indicator(new_a, indicator_id)
            if after_i is not None and after_i.found and not (before_i and before_i.found):
                found.append(
                    Advance(
                        member=now.member,
                        category=milepost.id,
                        kind="indicator",
                        id=indicator_id,
                        title=after_i.title,
                        old="not disclosed",
                        new="disclosed",
                        evidence=_evidence(after_i.evidence),
                    )
                )
    return found


def _element(assessment: Assessment, element_id: str) -> ElementResult | None:
    for element in assessment.elements:
        if element.id == element_id:
            return element
    return None


def _indicator(assessment: Assessment, indicator_id: str) -> IndicatorResult | None:
    for indicator in assessment.indicators:
        if indicator.id == indicator_id:
            return indicator
    return None


def _evidence(evidence: list[Evidence]) -> list[AdvanceEvidence]:
    return [
        AdvanceEvidence(citation=page_ref(e), page=e.page, quote=e.quote, anchor=e.anchor)
        for e in evidence[:_MAX_EVIDENCE]
    ]
