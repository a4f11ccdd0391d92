"""Reading an audit folder back: members, their assessments, and the decisions in force.

Every output of an audit (review, diff, summary, SARIF) starts here, so that all of them show
the same thing: the machine's verdict with the reviewer's decision beside it, filled into
``ElementResult.decision``. Final levels apply accepted decisions and are rolled up to sections
and the report by the framework's own rule, the way the engine rolls up machine verdicts.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from trustcheck.assessment.models import Assessment, ReviewDecision
from trustcheck.audit.decisions import (
    DecisionEntry,
    apply_decisions,
    latest_decisions,
    read_decisions,
)
from trustcheck.audit.store import AuditIndex, AuditStore, MemberRecord
from trustcheck.errors import AuditError, TrustcheckError
from trustcheck.framework.models import Framework


@dataclass(frozen=True, slots=True)
class AuditMember:
    """One member: its index record and, when assessed, its assessment with decisions."""

    record: MemberRecord
    assessment: Assessment | None = None
    final_level: str | None = None
    final_sections: dict[str, str] = field(default_factory=dict)

    @property
    def member(self) -> str:
        return self.record.member

    @property
    def machine_level(self) -> str | None:
        return self.assessment.level if self.assessment is not None else None


@dataclass(frozen=True, slots=True)
class StaleDecision:
    """A decision whose evidence is gone from the re-assessed document."""

    member: str
    element: str
    decision: ReviewDecision


@dataclass(frozen=True, slots=True)
class Audit:
    """An audit folder as read: the framework, the members and the decisions log."""

    root: Path
    index: AuditIndex
    framework: Framework
    members: list[AuditMember]
    decisions: list[DecisionEntry]
    orphan_decisions: list[DecisionEntry]

    @property
    def levels(self) -> list[str]:
        """The framework's level ids, best first."""
        return [level.id for level in self.framework.levels]

    @property
    def assessed(self) -> list[AuditMember]:
        return [m for m in self.members if m.assessment is not None]

    @property
    def failed(self) -> list[AuditMember]:
        return [m for m in self.members if m.record.status != "ok"]

    def member(self, name: str) -> AuditMember:
        wanted = self.index.member(name).member
        return next(m for m in self.members if m.member == wanted)

    def stale_decisions(self) -> list[StaleDecision]:
        return [
            StaleDecision(m.member, e.id, e.decision)
            for m in self.assessed
            for e in m.assessment.elements  # type: ignore[union-attr]
            if e.decision is not None and e.decision.stale
        ]


def load_audit(audit_dir: str | os.PathLike[str]) -> Audit:
    """Read an audit folder written by :func:`~trustcheck.run_audit`, decisions applied."""
    from trustcheck.framework.loader import load_framework

    store = AuditStore(Path(audit_dir))
    index = store.read_index()
    try:
        framework = load_framework(index.framework)
    except TrustcheckError as err:
        raise AuditError(
            f"{store.root}: the audit's framework {index.framework!r} cannot be loaded",
            hint=str(err),
        ) from err
    log = read_decisions(store)
    latest = latest_decisions(log)
    members = []
    used: set[tuple[str, str]] = set()
    for record in index.members:
        if record.status != "ok":
            members.append(AuditMember(record))
            continue
        assessment = apply_decisions(record.member, read_assessment(store, record.slug), latest)
        used.update((record.member, e.id) for e in assessment.elements)
        report_level, sections = final_levels(framework, assessment)
        members.append(AuditMember(record, assessment, report_level, sections))
    orphans = [entry for key, entry in latest.items() if key not in used]
    return Audit(store.root, index, framework, members, log, orphans)


def read_assessment(store: AuditStore, slug: str) -> Assessment:
    path = store.result_path(slug)
    try:
        return Assessment.model_validate_json(path.read_bytes())
    except OSError as err:
        raise AuditError(f"{path} is missing", hint="re-run trustcheck audit") from err
    except (ValidationError, ValueError) as err:
        raise AuditError(f"{path} is not a valid assessment", hint="re-run the audit") from err


def final_levels(framework: Framework, assessment: Assessment) -> tuple[str, dict[str, str]]:
    """The report and section levels with accepted decisions applied to the elements."""
    from trustcheck.assessment.engine import rollup

    sections: dict[str, str] = {}
    scores = {level.id: level.score for level in framework.levels}
    section_scores = []
    for section in assessment.sections:
        levels = [e.final_level for e in section.elements]
        level, score = rollup(framework, levels, [scores.get(lv, 0.0) for lv in levels])
        sections[section.id] = level
        section_scores.append(score)
    report, _score = rollup(framework, list(sections.values()), section_scores)
    return report, sections
