"""Reviewers' decisions: an append-only log beside the machine's verdicts, never over them.

Each decision is one JSON line saying who decided what, when, against which machine verdict and
which piece of evidence. The log is only ever appended to, so it is its own history (the review
steps of a yearly audit, and who changed what, can be read back from it); the latest line for a
(member, element) is the one in force. When an audit is re-run, a decision whose evidence is no
longer among the element's evidence is marked ``stale`` for a new review: neither silently kept
as if nothing had changed, nor dropped.

A second reviewer's check of a decision (agree: the same level; disagree: another) is a line of
kind ``second-review``: it is kept in the same history but never puts a level in force.
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import json
import os
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from trustcheck.assessment.models import Assessment, DocumentRef, ElementResult, ReviewDecision
from trustcheck.audit.store import AuditIndex, AuditStore, MemberRecord, audit_framework, utc_now
from trustcheck.errors import AuditError, TrustcheckWarning

DecisionStatus = Literal["accepted", "under-review", "rejected"]
STATUSES: tuple[DecisionStatus, ...] = ("accepted", "under-review", "rejected")
EntryKind = Literal["decision", "second-review"]


class DecisionEntry(BaseModel):
    """One line of ``decisions.jsonl``."""

    model_config = ConfigDict(extra="forbid")

    member: str
    element: str
    level: str
    old_level: str = Field(description="The level in force (machine or decision) before this.")
    machine_level: str
    reason: str = Field(min_length=1)
    reviewer: str
    status: DecisionStatus = "accepted"
    timestamp: str
    evidence_anchor: str | None = None
    document_sha256: str | None = None
    kind: EntryKind = Field(
        default="decision",
        description="``second-review``: a second reviewer's level for the decision in force "
        "(the same level agrees); it never changes a level.",
    )


def record_decision(
    audit_dir: str | os.PathLike[str],
    member: str,
    element: str,
    *,
    level: str,
    reason: str,
    reviewer: str | None = None,
    status: DecisionStatus = "accepted",
    kind: EntryKind = "decision",
) -> DecisionEntry:
    """Append a reviewer's decision on one element of one member's assessment.

    The element must exist and the level must be one of the framework's. A member whose report
    could not be read is scored by hand this way: its decisions apply to an assessment with
    every element at the lowest level and no evidence
    (:func:`trustcheck.audit.review.manual_assessment`).
    ``reviewer`` defaults to ``$TRUSTCHECK_REVIEWER`` or the login name. With ``kind``
    ``second-review`` the line records a second reviewer's level beside the one in force.
    """
    store = AuditStore(Path(audit_dir))
    index = store.read_index()
    record = index.member(member)
    assessment = member_assessment(store, index, record)
    target = _element(assessment, element)
    levels = list(assessment.counts)
    if level not in levels:
        raise AuditError(f"level {level!r} is not one of {', '.join(levels)}")
    if status not in STATUSES:
        raise AuditError(f"status {status!r} is not one of {', '.join(STATUSES)}")
    reason = " ".join(reason.split())
    if not reason:
        raise AuditError("a decision needs a reason", hint="pass --reason")
    previous = latest_decisions(read_decisions(store)).get((record.member, target.id))
    old_level = target.level
    if previous is not None and previous.status == "accepted":
        old_level = previous.level
    entry = DecisionEntry(
        member=record.member,
        element=target.id,
        level=level,
        old_level=old_level,
        machine_level=target.level,
        reason=reason,
        reviewer=(reviewer or "").strip() or _default_reviewer(),
        status=status,
        timestamp=utc_now(),
        evidence_anchor=target.evidence[0].anchor if target.evidence else None,
        document_sha256=assessment.document.sha256,
        kind=kind,
    )
    _append(store.decisions_path, entry)
    return entry


def member_assessment(store: AuditStore, index: AuditIndex, record: MemberRecord) -> Assessment:
    """The member's machine assessment, or for a report that failed, one to score by hand."""
    if record.status == "ok":
        return store.read_assessment(record.slug)
    from trustcheck.audit.review import manual_assessment

    framework = audit_framework(store, index)
    return manual_assessment(framework, unread_document(record), record.error or record.status)


def unread_document(record: MemberRecord) -> DocumentRef:
    """What is known of a report that could not be read: where it is and, maybe, its hash."""
    return DocumentRef(path=record.source, sha256=record.sha256 or "", format="unread", pages=0)


def _element(assessment: Assessment, element: str) -> ElementResult:
    wanted = element.strip().casefold()
    for result in assessment.elements:
        if result.id.casefold() == wanted:
            return result
    known = ", ".join(e.id for e in assessment.elements)
    raise AuditError(f"no element {element!r} in {assessment.framework.id} (elements: {known})")


def _default_reviewer() -> str:
    configured = os.environ.get("TRUSTCHECK_REVIEWER", "").strip()
    if configured:
        return configured
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def _append(path: Path, entry: DecisionEntry) -> None:
    """Add one whole line to the log, or nothing at all, and say so when it cannot.

    Written with O_APPEND under an exclusive ``flock``, so concurrent reviewers never
    interleave. A write the disk cuts short (``os.write`` returns fewer bytes, then fails) is
    taken back by truncating the log to where it was: a torn line would break every later
    read, and a decision reported as recorded must be on disk. A log left torn by something
    else is mended first (see :func:`_after_torn_line`).
    """
    plain = entry.kind == "decision"  # decisions are written as they always were
    line = (entry.model_dump_json(exclude={"kind"} if plain else None) + "\n").encode("utf-8")
    try:
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
    except OSError as err:
        raise _not_recorded(path, err) from err
    try:
        _lock(fd)
        start, line = _after_torn_line(fd, path, line)
        try:
            written = 0
            while written < len(line):
                count = os.write(fd, line[written:])
                if count <= 0:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                written += count
            os.fsync(fd)
        except OSError as err:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, start)
            raise _not_recorded(path, err) from err
    finally:
        os.close(fd)


def _after_torn_line(fd: int, path: Path, line: bytes) -> tuple[int, bytes]:
    """Where the new line goes, and the line: never glued to a last line without its end.

    A last line that is a decision only lacks its line end, which is added. One that is not (a
    torn write, skipped with a warning by every read) is removed, with a warning, so that it
    does not become a broken line in the middle of the log.
    """
    size = os.fstat(fd).st_size
    if not size or os.pread(fd, 1, size - 1) == b"\n":
        return size, line
    data = os.pread(fd, size, 0)
    start = data.rfind(b"\n") + 1
    try:
        DecisionEntry.model_validate_json(data[start:])
    except ValueError:
        os.ftruncate(fd, start)
        warnings.warn(
            f"{path}: removed an incomplete last line ({size - start} bytes) left by a write "
            "that failed",
            TrustcheckWarning,
            stacklevel=4,
        )
        return start, line
    return size, b"\n" + line


def _lock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # not POSIX: O_APPEND alone
        return
    fcntl.flock(fd, fcntl.LOCK_EX)


def _not_recorded(path: Path, err: OSError) -> AuditError:
    return AuditError(
        f"the decision was not recorded: cannot write {path}: {err.strerror or err}",
        hint="free some space or fix the folder's permissions, then review again",
    )


def read_decisions(store: AuditStore) -> list[DecisionEntry]:
    """Every decision in the log, oldest first; a malformed line is an error naming the line.

    A final line without its line end was cut short by a write that failed (a full disk, a
    killed process): it is skipped with a :class:`~trustcheck.errors.TrustcheckWarning`, so one
    lost decision does not make the whole log unreadable.
    """
    path = store.decisions_path
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as err:
        raise AuditError(f"{path} cannot be read: {err.strerror or err}") from err
    entries = []
    lines = data.split(b"\n")
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            entries.append(DecisionEntry.model_validate(json.loads(raw.decode("utf-8"))))
        except (ValueError, ValidationError) as err:
            if number == len(lines):  # no line end after it: a torn write
                warnings.warn(
                    f"{path}:{number}: skipped an incomplete last line ({len(raw)} bytes), "
                    "left by a write that failed; record that decision again if it is missing",
                    TrustcheckWarning,
                    stacklevel=2,
                )
                break
            reason = "not UTF-8 text" if isinstance(err, UnicodeDecodeError) else _first(err)
            raise AuditError(
                f"{path}:{number}: not a valid decision ({reason})",
                hint="correct or remove that line",
            ) from err
    return entries


def _first(err: Exception) -> str:
    if isinstance(err, ValidationError):
        first = err.errors()[0]
        return f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}"
    return str(err).splitlines()[0]


def latest_decisions(entries: Iterable[DecisionEntry]) -> dict[tuple[str, str], DecisionEntry]:
    """The decision in force per (member, element): the last one written (not second reviews)."""
    latest: dict[tuple[str, str], DecisionEntry] = {}
    for entry in entries:
        if entry.kind != "decision":
            continue
        latest[(entry.member, entry.element)] = entry
    return latest


def review_decisions(
    member: str, assessment: Assessment, latest: dict[tuple[str, str], DecisionEntry]
) -> dict[str, ReviewDecision]:
    """The decisions in force on ``member``'s elements, staleness judged against its evidence.

    Pass the result to :func:`~trustcheck.apply_review` to get the reviewed levels and scores.
    """
    found = {}
    for element in assessment.elements:
        entry = latest.get((member, element.id))
        if entry is not None:
            found[element.id] = to_review(entry, element)
    return found


def to_review(entry: DecisionEntry, element: ElementResult) -> ReviewDecision:
    """The decision as the assessment model carries it, ``stale`` if its evidence is gone."""
    return ReviewDecision(
        level=entry.level,
        reason=entry.reason,
        reviewer=entry.reviewer,
        status=entry.status,
        timestamp=entry.timestamp,
        machine_level=entry.machine_level,
        evidence_anchor=entry.evidence_anchor,
        stale=is_stale(entry, element),
    )


def is_stale(entry: DecisionEntry, element: ElementResult) -> bool:
    """Whether the evidence the reviewer saw is no longer what the machine found.

    Stale when the anchored passage is no longer among the element's evidence, or when the
    reviewer decided on an element without evidence and evidence has since appeared.
    """
    anchors = {e.anchor for e in element.evidence}
    if entry.evidence_anchor is None:
        return bool(anchors)
    return entry.evidence_anchor not in anchors
