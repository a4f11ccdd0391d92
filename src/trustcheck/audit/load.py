"""Reading an audit folder back: members, their assessments, and the decisions in force.

Every output of an audit (review, diff, summary, SARIF) starts here, so that all of them show
the same thing: the machine's verdict with the reviewer's decision beside it, filled into
``ElementResult.decision``, and the levels and scores recomputed from accepted decisions by
:func:`~trustcheck.apply_review` (``final_level``, ``final_score``). A member whose report
could not be read but that reviewers scored by hand gets a ``manual`` assessment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from trustcheck.assessment.models import Assessment, ReviewDecision
from trustcheck.audit.decisions import (
    DecisionEntry,
    latest_decisions,
    member_assessment,
    read_decisions,
    review_decisions,
)
from trustcheck.audit.manifest import MANIFEST_SUFFIXES, is_url
from trustcheck.audit.review import apply_review
from trustcheck.audit.store import AuditIndex, AuditStore, MemberRecord, audit_framework
from trustcheck.framework.models import Framework


@dataclass(frozen=True, slots=True)
class AuditMember:
    """One member: its index record and, when assessed, its assessment with decisions applied.

    ``assessment`` is None for a member whose report failed and that nobody scored by hand; for
    one scored by hand it is a ``manual`` assessment (``machine_level`` is then None).
    """

    record: MemberRecord
    assessment: Assessment | None = None
    source: str = ""
    """Where the report is, as the manifest says: a URL, or a path relative to the manifest."""

    @property
    def member(self) -> str:
        return self.record.member

    @property
    def failed(self) -> bool:
        return self.record.status != "ok"

    @property
    def manual(self) -> bool:
        return self.assessment is not None and self.assessment.manual

    @property
    def machine_level(self) -> str | None:
        if self.assessment is None or self.assessment.manual:
            return None
        return self.assessment.level

    @property
    def machine_score(self) -> float | None:
        if self.assessment is None or self.assessment.manual:
            return None
        return self.assessment.score

    @property
    def final_level(self) -> str | None:
        return self.assessment.final_level if self.assessment is not None else None

    @property
    def final_score(self) -> float | None:
        return self.assessment.final_score if self.assessment is not None else None

    @property
    def final_sections(self) -> dict[str, str]:
        if self.assessment is None:
            return {}
        return {s.id: s.final_level for s in self.assessment.sections}


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
        """Members with levels: read by the machine, or scored by hand after a failure."""
        return [m for m in self.members if m.assessment is not None]

    @property
    def failed(self) -> list[AuditMember]:
        """Members whose report could not be read, whether or not scored by hand since."""
        return [m for m in self.members if m.failed]

    @property
    def unassessed(self) -> list[AuditMember]:
        """Members with no levels at all: the report failed and nobody scored it by hand."""
        return [m for m in self.members if m.assessment is None]

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
    store = AuditStore(Path(audit_dir))
    index = store.read_index()
    framework = audit_framework(store, index)
    log = read_decisions(store)
    latest = latest_decisions(log)
    decided = {member for member, _element in latest}
    members = []
    used: set[tuple[str, str]] = set()
    for record in index.members:
        source = shown_source(index, record)
        if record.status != "ok" and record.member not in decided:
            members.append(AuditMember(record, None, source))
            continue
        machine = member_assessment(store, index, record)
        machine = machine.model_copy(
            update={"document": machine.document.model_copy(update={"path": source})}
        )
        found = review_decisions(record.member, machine, latest)
        used.update((record.member, element) for element in found)
        members.append(AuditMember(record, apply_review(machine, framework, found), source))
    orphans = [entry for key, entry in latest.items() if key not in used]
    return Audit(store.root, index, framework, members, log, orphans)


def shown_source(index: AuditIndex, record: MemberRecord) -> str:
    """The member's source as outputs show it: the URL, or the path relative to the manifest.

    Outputs are sent to members and published, so they never carry the analyst's own absolute
    paths; a path relative to the manifest still finds the file beside the manifest.
    """
    if is_url(record.source):
        return record.source
    manifest = Path(index.manifest)
    # A folder of reports is its own manifest: paths are relative to the folder itself.
    base = manifest.parent if manifest.suffix.lower() in MANIFEST_SUFFIXES else manifest
    try:
        return Path(os.path.relpath(record.source, base)).as_posix()
    except ValueError:  # another drive on Windows: nothing relative to say
        return Path(record.source).name
