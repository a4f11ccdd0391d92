"""Year over year: what changed for each member and element between two audits.

Members are matched by their file-name form (case and punctuation do not split a member in
two). Levels are compared as *final* levels, reviewer decisions applied, because those are the
figures that were published; the machine levels are kept beside them. Evidence is compared by
anchor (a hash of the quote), not by page or offset, so a re-laid-out report does not look like
a changed one.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from trustcheck.assessment.models import ElementResult, Evidence
from trustcheck.audit.load import Audit, AuditMember
from trustcheck.audit.mileposts import MilepostFigures, count_mileposts
from trustcheck.errors import AuditError

Direction = Literal["better", "worse", "same"]
MemberStatus = Literal["compared", "added", "missing", "failed"]


class EvidenceRef(BaseModel):
    anchor: str
    page: int
    quote: str


class ElementChange(BaseModel):
    element: str
    title: str
    old_level: str
    new_level: str
    old_machine_level: str
    new_machine_level: str
    old_decision: str | None = None
    new_decision: str | None = None
    stale: bool = False
    direction: Direction
    evidence_added: list[EvidenceRef] = Field(default_factory=list)
    evidence_removed: list[EvidenceRef] = Field(default_factory=list)

    @property
    def changed(self) -> bool:
        return (
            self.direction != "same"
            or bool(self.evidence_added or self.evidence_removed)
            or self.old_decision != self.new_decision
        )


class MemberChange(BaseModel):
    member: str
    status: MemberStatus
    detail: str = ""
    old_level: str | None = None
    new_level: str | None = None
    old_score: float | None = Field(default=None, description="After review.")
    new_score: float | None = Field(default=None, description="After review.")
    direction: Direction | None = None
    elements: list[ElementChange] = Field(default_factory=list)


class AuditDiff(BaseModel):
    """The comparison of an older audit with a newer one."""

    old: str
    new: str
    framework: str
    members: list[MemberChange]
    mileposts: MilepostFigures | None = Field(
        default=None, description="Members that advanced per milepost category, with evidence."
    )

    @property
    def added(self) -> list[str]:
        return [m.member for m in self.members if m.status == "added"]

    @property
    def missing(self) -> list[str]:
        return [m.member for m in self.members if m.status == "missing"]

    def records(self) -> list[dict[str, str]]:
        """One flat row per member event and per changed element: what every renderer reads."""
        rows = []
        for m in self.members:
            change = m.direction if m.status == "compared" else m.status
            if change != "same" or m.old_score != m.new_score:
                row = _row(m.member, "", change or "", m.old_level, m.new_level, m.detail)
                row["old_score"] = _score(m.old_score)
                row["new_score"] = _score(m.new_score)
                rows.append(row)
            for e in m.elements:
                if not e.changed:
                    continue
                detail = _evidence_detail(e)
                row = _row(m.member, e.element, e.direction, e.old_level, e.new_level, detail)
                row["old_machine_level"] = e.old_machine_level
                row["new_machine_level"] = e.new_machine_level
                row["old_decision"] = e.old_decision or ""
                row["new_decision"] = e.new_decision or ""
                row["stale"] = "stale" if e.stale else ""
                rows.append(row)
        return rows


RECORD_FIELDS = [
    "member",
    "element",
    "change",
    "old_level",
    "new_level",
    "old_score",
    "new_score",
    "old_machine_level",
    "new_machine_level",
    "old_decision",
    "new_decision",
    "stale",
    "detail",
]


def _row(
    member: str, element: str, change: str, old: str | None, new: str | None, detail: str
) -> dict[str, str]:
    row = dict.fromkeys(RECORD_FIELDS, "")
    row.update(
        member=member, element=element, change=change, old_level=old or "", new_level=new or ""
    )
    row["detail"] = detail
    return row


def _score(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _evidence_detail(change: ElementChange) -> str:
    parts = []
    if change.evidence_added:
        parts.append(f"+{len(change.evidence_added)} evidence")
    if change.evidence_removed:
        parts.append(f"-{len(change.evidence_removed)} evidence")
    if change.old_decision != change.new_decision:
        parts.append("decision changed")
    return ", ".join(parts)


def diff_audits(old: Audit, new: Audit) -> AuditDiff:
    """Compare two loaded audits of the same framework."""
    if old.framework.id != new.framework.id:
        raise AuditError(
            f"cannot compare an audit against {old.framework.id!r} "
            f"with one against {new.framework.id!r}"
        )
    order = {level: rank for rank, level in enumerate(new.levels)}
    old_by = {m.record.slug: m for m in old.members}
    new_by = {m.record.slug: m for m in new.members}
    changes = []
    for slug, member in new_by.items():
        before = old_by.get(slug)
        if before is None:
            changes.append(
                MemberChange(
                    member=member.member,
                    status="added",
                    new_level=member.final_level,
                    new_score=member.final_score,
                )
            )
        else:
            changes.append(_compare_member(before, member, order))
    for slug, member in old_by.items():
        if slug not in new_by:
            changes.append(
                MemberChange(
                    member=member.member,
                    status="missing",
                    old_level=member.final_level,
                    old_score=member.final_score,
                )
            )
    changes.sort(key=lambda c: c.member.casefold())
    mileposts = count_mileposts(old, new) if new.framework.mileposts else None
    return AuditDiff(
        old=old.root.name,
        new=new.root.name,
        framework=new.framework.id,
        members=changes,
        mileposts=mileposts,
    )


def _compare_member(old: AuditMember, new: AuditMember, order: dict[str, int]) -> MemberChange:
    if old.assessment is None or new.assessment is None:
        which = "old" if old.assessment is None else "new"
        error = (old if old.assessment is None else new).record.error or "not assessed"
        return MemberChange(
            member=new.member,
            status="failed",
            detail=f"{which} audit: {error}",
            old_level=old.final_level,
            new_level=new.final_level,
            old_score=old.final_score,
            new_score=new.final_score,
        )
    old_elements = {e.id: e for e in old.assessment.elements}
    elements = [
        _compare_element(old_elements[e.id], e, order)
        for e in new.assessment.elements
        if e.id in old_elements
    ]
    return MemberChange(
        member=new.member,
        status="compared",
        old_level=old.final_level,
        new_level=new.final_level,
        old_score=old.final_score,
        new_score=new.final_score,
        direction=_direction(old.final_level or "", new.final_level or "", order),
        elements=elements,
    )


def _compare_element(
    old: ElementResult, new: ElementResult, order: dict[str, int]
) -> ElementChange:
    old_anchors = {e.anchor for e in old.evidence}
    new_anchors = {e.anchor for e in new.evidence}
    return ElementChange(
        element=new.id,
        title=new.title,
        old_level=old.final_level,
        new_level=new.final_level,
        old_machine_level=old.level,
        new_machine_level=new.level,
        old_decision=_decision_text(old),
        new_decision=_decision_text(new),
        stale=bool(new.decision and new.decision.stale),
        direction=_direction(old.final_level, new.final_level, order),
        evidence_added=[_ref(e) for e in new.evidence if e.anchor not in old_anchors],
        evidence_removed=[_ref(e) for e in old.evidence if e.anchor not in new_anchors],
    )


def _decision_text(element: ElementResult) -> str | None:
    decision = element.decision
    if decision is None:
        return None
    stale = ", stale" if decision.stale else ""
    return f"{decision.level} ({decision.status}{stale})"


def _direction(old: str, new: str, order: dict[str, int]) -> Direction:
    if old == new or old not in order or new not in order:
        return "same"
    return "better" if order[new] < order[old] else "worse"


def _ref(evidence: Evidence) -> EvidenceRef:
    return EvidenceRef(anchor=evidence.anchor, page=evidence.page, quote=evidence.quote)
