"""What the reviewer's workbench shows: the queue, one verdict, the member matrix, disagreements.

Everything is read from the audit folder through :func:`~trustcheck.load_audit`, so the levels
and scores here are the ones every other output shows after review (computed by
:func:`~trustcheck.apply_review`). The folder is read again only when ``audit.json`` or the
decisions log changed, so a decision written by ``trustcheck review`` in a terminal shows up on
the next page load, and a page load costs nothing when nothing changed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from trustcheck.assessment.confidence import Confidence, verdict_confidence
from trustcheck.assessment.models import Assessment, ElementResult
from trustcheck.audit.decisions import DecisionEntry, member_assessment
from trustcheck.audit.load import Audit, AuditMember, load_audit
from trustcheck.audit.review import apply_review
from trustcheck.audit.store import AuditStore
from trustcheck.framework.models import Element

Status = Literal["unreviewed", "accepted", "overridden", "stale"]
STATUSES: tuple[Status, ...] = ("unreviewed", "accepted", "overridden", "stale")


@dataclass(frozen=True, slots=True)
class QueueItem:
    """One verdict of one member, as the queue lists it."""

    slug: str
    member: str
    element: ElementResult
    section: str
    confidence: Confidence
    status: Status
    order: int
    """The element's position in the framework, to keep ties in framework order."""

    @property
    def key(self) -> tuple[str, str]:
        return (self.slug, self.element.id)


@dataclass(frozen=True, slots=True)
class Filters:
    """The queue's filters; empty strings mean "any". Carried from page to page."""

    member: str = ""
    element: str = ""
    level: str = ""
    status: str = ""
    band: str = ""

    def accepts(self, item: QueueItem) -> bool:
        return (
            (not self.member or item.slug == self.member)
            and (not self.element or item.element.id == self.element)
            and (not self.level or item.element.final_level == self.level)
            and (not self.status or item.status == self.status)
            and (not self.band or item.confidence.band == self.band)
        )

    def query(self) -> dict[str, str]:
        """The non-empty filters, for links that keep them."""
        pairs = {
            "member": self.member,
            "element": self.element,
            "level": self.level,
            "status": self.status,
            "band": self.band,
        }
        return {k: v for k, v in pairs.items() if v}


@dataclass(frozen=True, slots=True)
class MemberRow:
    """One row of the member overview: final levels by element, progress and the scores."""

    slug: str
    member: str
    assessment: Assessment | None
    reviewed: int
    total: int
    failed: bool

    @property
    def levels(self) -> dict[str, ElementResult]:
        if self.assessment is None:
            return {}
        return {e.id: e for e in self.assessment.elements}


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A second reviewer's level that differs from the decision in force."""

    slug: str
    member: str
    element: str
    in_force: str
    decided_by: str
    second: DecisionEntry


@dataclass(slots=True)
class Snapshot:
    """The audit as read at one moment, with the queue built from it."""

    audit: Audit
    members: dict[str, AuditMember]
    assessments: dict[str, Assessment]
    queue: list[QueueItem]
    second_reviews: dict[tuple[str, str], list[DecisionEntry]] = field(default_factory=dict)


class Workbench:
    """The audit folder behind the web pages; thread-safe, re-read when its files change."""

    def __init__(self, audit_dir: Path) -> None:
        self.root = Path(audit_dir)
        self.store = AuditStore(self.root)
        self._lock = threading.Lock()
        self._stamp: tuple[tuple[int, int], ...] | None = None
        self._snapshot: Snapshot | None = None
        self.snapshot()  # fail now, at start, on a folder that is not an audit

    def _files_stamp(self) -> tuple[tuple[int, int], ...]:
        stamps = []
        for path in (self.store.index_path, self.store.decisions_path):
            try:
                info = path.stat()
                stamps.append((info.st_mtime_ns, info.st_size))
            except OSError:
                stamps.append((0, 0))
        return tuple(stamps)

    def snapshot(self) -> Snapshot:
        """The audit as it is now on disk (read again only if a file changed)."""
        with self._lock:
            stamp = self._files_stamp()
            if self._snapshot is None or stamp != self._stamp:
                self._snapshot = self._read()
                self._stamp = stamp
            return self._snapshot

    def _read(self) -> Snapshot:
        audit = load_audit(self.root)
        framework = audit.framework
        order = {e.id: i for i, e in enumerate(framework.elements)}
        members: dict[str, AuditMember] = {}
        assessments: dict[str, Assessment] = {}
        queue: list[QueueItem] = []
        for member in audit.members:
            slug = member.record.slug
            members[slug] = member
            assessment = member.assessment
            if assessment is None:  # unread and not yet scored by hand: offer it for that
                manual = member_assessment(self.store, audit.index, member.record)
                assessment = apply_review(manual, framework)
            assessments[slug] = assessment
            for section in assessment.sections:
                for element in section.elements:
                    queue.append(
                        QueueItem(
                            slug=slug,
                            member=member.member,
                            element=element,
                            section=section.title,
                            confidence=verdict_confidence(element, framework),
                            status=status_of(element),
                            order=order.get(element.id, 0),
                        )
                    )
        queue.sort(key=lambda q: (q.confidence.value, q.member.casefold(), q.order))
        seconds: dict[tuple[str, str], list[DecisionEntry]] = {}
        slugs = {m.member: s for s, m in members.items()}
        for entry in audit.decisions:
            if entry.kind == "second-review" and entry.member in slugs:
                seconds.setdefault((slugs[entry.member], entry.element), []).append(entry)
        return Snapshot(audit, members, assessments, queue, seconds)

    # ------------------------------------------------------------------ views

    def filtered(self, filters: Filters) -> list[QueueItem]:
        return [item for item in self.snapshot().queue if filters.accepts(item)]

    def item(self, slug: str, element: str) -> QueueItem | None:
        for item in self.snapshot().queue:
            if item.slug == slug and item.element.id == element:
                return item
        return None

    def neighbours(
        self, slug: str, element: str, filters: Filters
    ) -> tuple[QueueItem | None, QueueItem | None]:
        """The verdicts before and after this one in the filtered queue."""
        items = self.filtered(filters)
        keys = [i.key for i in items]
        if (slug, element) not in keys:
            return None, (items[0] if items else None)
        at = keys.index((slug, element))
        before = items[at - 1] if at > 0 else None
        after = items[at + 1] if at + 1 < len(items) else None
        return before, after

    def framework_element(self, element: str) -> Element:
        return next(e for e in self.snapshot().audit.framework.elements if e.id == element)

    def members(self) -> list[MemberRow]:
        snap = self.snapshot()
        rows = []
        for slug, member in snap.members.items():
            assessment = snap.assessments.get(slug)
            elements = assessment.elements if assessment is not None else []
            reviewed = sum(e.decision is not None and not e.decision.stale for e in elements)
            rows.append(
                MemberRow(slug, member.member, assessment, reviewed, len(elements), member.failed)
            )
        return rows

    def second_reviews(self, slug: str, element: str) -> list[DecisionEntry]:
        return self.snapshot().second_reviews.get((slug, element), [])

    def disagreements(self) -> list[Disagreement]:
        """Second reviews that differ from the decision in force (latest per reviewer)."""
        snap = self.snapshot()
        found = []
        for (slug, element_id), entries in sorted(snap.second_reviews.items()):
            item = self.item(slug, element_id)
            if item is None or item.element.decision is None:
                continue
            decision = item.element.decision
            for entry in _latest_per_reviewer(entries):
                if entry.level != item.element.final_level:
                    found.append(
                        Disagreement(
                            slug,
                            item.member,
                            element_id,
                            item.element.final_level,
                            decision.reviewer,
                            entry,
                        )
                    )
        return found


def status_of(element: ElementResult) -> Status:
    """Where a verdict stands in review: decided and on the same evidence, or not."""
    decision = element.decision
    if decision is None or decision.status != "accepted":
        return "unreviewed"
    if decision.stale:
        return "stale"
    return "accepted" if decision.level == element.level else "overridden"


def _latest_per_reviewer(entries: Iterable[DecisionEntry]) -> list[DecisionEntry]:
    latest: dict[str, DecisionEntry] = {}
    for entry in entries:
        latest[entry.reviewer] = entry
    return list(latest.values())
