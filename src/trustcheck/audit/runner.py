"""Running an audit: every member's report assessed, in parallel, surviving the bad ones.

The run is built to be interrupted and run again. Sources are hashed first; an assessment found
in the cache is reused; the rest go to worker processes (PDF parsing is CPU-bound, and a parser
that crashes, runs out of its memory bound or overruns its time is stopped there, costing one
report; see :mod:`trustcheck.workers`). Each result is written, atomically, as soon as it arrives,
and the index is rewritten with it, so a second run picks up where the first stopped. A report
that cannot be fetched or read is recorded with a one-line error and the others go on.
"""

from __future__ import annotations

import hashlib
import os
import time
import warnings
from collections.abc import Callable, Generator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from trustcheck._version import __version__
from trustcheck.assessment.models import Assessment
from trustcheck.audit.cache import AssessmentCache
from trustcheck.audit.fetch import FetchLimits, fetch, redact_url
from trustcheck.audit.manifest import MANIFEST_SUFFIXES, ManifestEntry, load_entries
from trustcheck.audit.store import (
    AuditIndex,
    AuditStore,
    FetchRecord,
    MemberRecord,
    RunReport,
    utc_now,
)
from trustcheck.errors import AuditError, FetchError, TrustcheckError, TrustcheckWarning
from trustcheck.framework.models import Framework
from trustcheck.fsutil import special_kind, write_atomic
from trustcheck.ingest.limits import Limits
from trustcheck.workers import AssessmentPool, Outcome


@dataclass(frozen=True, slots=True)
class ProgressEvent:
    """Sent once per member as it is settled: assessed, taken from the cache, or failed.

    Also sent, with ``status`` "fetching" and ``done`` unchanged, before a URL is downloaded:
    fetching comes first and can take minutes over a year's reports, so it must show too.
    """

    done: int
    total: int
    member: str
    status: str


ProgressCallback = Callable[[ProgressEvent], None]


def run_audit(
    manifest: str | os.PathLike[str],
    audit_dir: str | os.PathLike[str],
    *,
    framework: str | os.PathLike[str] = "trust",
    jobs: int | None = None,
    refetch: bool = False,
    fetch_limits: FetchLimits | None = None,
    limits: Limits | None = None,
    progress: ProgressCallback | None = None,
) -> RunReport:
    """Assess every report a manifest (or folder) lists; write results into ``audit_dir``.

    ``jobs`` defaults to the number of CPUs. URLs are fetched once and their bytes kept; pass
    ``refetch=True`` to download them again. ``limits`` bounds each document: a report that
    overruns its time or memory is stopped and recorded as failed (E305), one whose worker
    process dies is recorded too (E100), and the others go on. Returns what the run did;
    failures are in ``RunReport.errors`` and in the index, never raised. Raises
    :class:`AuditError` for the audit as a whole: another run is writing to ``audit_dir``, or
    the folder cannot be written (the message names the file and the cause).
    """
    from trustcheck.framework.loader import load_framework

    started = time.monotonic()
    entries = load_entries(Path(manifest))
    loaded = load_framework(framework)
    store = AuditStore(Path(audit_dir))
    with store.writing():
        return _run(
            store,
            entries,
            loaded,
            _framework_spec(framework),
            Path(manifest),
            started,
            jobs=jobs,
            refetch=refetch,
            fetch_limits=fetch_limits,
            limits=limits,
            progress=progress,
        )


def _run(
    store: AuditStore,
    entries: list[ManifestEntry],
    loaded: Framework,
    spec: str,
    manifest: Path,
    started: float,
    *,
    jobs: int | None,
    refetch: bool,
    fetch_limits: FetchLimits | None,
    limits: Limits | None,
    progress: ProgressCallback | None,
) -> RunReport:
    """The run itself, with the folder locked against a second audit writing into it."""
    index = _open_index(store, loaded, spec, manifest)
    store.create()
    store.write_index(index)  # the earlier members stay listed, with their status, until settled
    before = {record.slug: record for record in index.members}
    report = RunReport(members=len(entries), started=utc_now())
    tracker = _Tracker(len(entries), progress)

    base = Path(manifest).resolve()
    base = base.parent if base.suffix.lower() in MANIFEST_SUFFIXES else base
    records = [_prepare(store, index, e, refetch, fetch_limits, report, tracker) for e in entries]
    for record in records:
        _keep_settled(store, record, before.get(record.slug))
    shown = {r.slug: _shown(store, base, r) for r in records}
    for record in records:
        if record.error:
            record.error = _without_paths(record.error, shown[record.slug])
    passwords = {e.slug: _secret(e) for e in entries}
    index.members = records
    index.updated = utc_now()
    _remove_orphans(store, records)
    store.write_index(index)

    cache = AssessmentCache(store.cache_dir, loaded)
    todo: list[tuple[MemberRecord, Path]] = []
    for record in records:
        if record.status == "failed":
            _fail(store, record, record.error or "failed", report, tracker)
            continue
        cached = cache.get(record.sha256 or "")
        if cached is not None and cached.document.sha256 != record.sha256:
            cached = None  # another document's assessment under this key: never serve it
        if cached is None:
            todo.append((record, _assessed_path(store, record)))
            continue
        _write_result(store, record, cached)
        record.status, record.error, record.from_cache = "ok", None, True
        report.from_cache += 1
        tracker.advance(record.member, "cached")
    store.write_index(index)

    # closing(): an interruption (Ctrl-C, a callback raising) stops the workers at once.
    assessing = _assess_all(todo, loaded, jobs, limits or Limits(), passwords)
    with closing(assessing) as outcomes:
        for record, outcome in outcomes:
            if not outcome.ok:
                outcome = Outcome(False, _without_paths(outcome.payload, shown[record.slug]))
            _settle(store, cache, record, outcome, report, tracker)
            index.updated = utc_now()
            store.write_index(index)

    report.seconds = round(time.monotonic() - started, 2)
    store.write_run(report)
    return report


def _settle(
    store: AuditStore,
    cache: AssessmentCache,
    record: MemberRecord,
    outcome: Outcome,
    report: RunReport,
    tracker: _Tracker,
) -> None:
    if not outcome.ok:
        _fail(store, record, outcome.payload, report, tracker)
        return
    assessment = Assessment.model_validate_json(outcome.payload)
    cache.put(record.sha256 or "", outcome.payload)
    _write_result(store, record, assessment)
    record.status, record.error, record.from_cache = "ok", None, False
    report.assessed += 1
    tracker.advance(record.member, "assessed")


class _Tracker:
    def __init__(self, total: int, callback: ProgressCallback | None) -> None:
        self.total, self.done, self.callback = total, 0, callback

    def advance(self, member: str, status: str) -> None:
        self.done += 1
        self.note(member, status)

    def note(self, member: str, status: str) -> None:
        """Report what is happening to a member without counting it as settled."""
        if self.callback is not None:
            self.callback(ProgressEvent(self.done, self.total, member, status))


def _framework_spec(framework: str | os.PathLike[str]) -> str:
    path = Path(framework)
    return str(path.resolve()) if path.suffix or path.exists() else str(framework)


def _open_index(store: AuditStore, framework: Framework, spec: str, manifest: Path) -> AuditIndex:
    fresh = AuditIndex(
        trustcheck_version=__version__,
        framework=spec,
        framework_id=framework.id,
        framework_version=framework.version,
        manifest=str(manifest.resolve()),
        updated=utc_now(),
    )
    if not store.index_path.exists():
        store.refuse_foreign()
        return fresh
    old = store.read_index()
    if old.framework_id != framework.id:
        raise AuditError(
            f"{store.root} holds an audit against {old.framework_id!r}, not {framework.id!r}",
            hint="use a new folder for another framework",
        )
    # The members stay as they were until this run settles each one: a run stopped half-way
    # must leave the earlier results listed and reviewable, not "0 of 0 members".
    return fresh.model_copy(update={"fetched": old.fetched, "members": old.members})


def _keep_settled(store: AuditStore, record: MemberRecord, before: MemberRecord | None) -> None:
    """Keep a member "ok" while it is re-run, when its source is unchanged and its result kept.

    Reviewers can then go on deciding during a re-run, and an interrupted re-run loses nothing.
    """
    if (
        before is not None
        and record.status == "pending"
        and before.status == "ok"
        and before.sha256 == record.sha256
        and store.result_path(record.slug).is_file()
    ):
        record.status, record.from_cache = "ok", before.from_cache


def _prepare(
    store: AuditStore,
    index: AuditIndex,
    entry: ManifestEntry,
    refetch: bool,
    limits: FetchLimits | None,
    report: RunReport,
    tracker: _Tracker,
) -> MemberRecord:
    record = MemberRecord(
        member=entry.member,
        slug=entry.slug,
        year=entry.year,
        source=redact_url(entry.source) if entry.is_url else entry.source,
        notes=entry.notes,
    )
    store.result_path(record.slug)
    try:
        if entry.is_url:
            earlier = _reuse_fetched(store, index, record.source)
            kept = None if refetch else earlier
            if kept is None:
                tracker.note(entry.member, "fetching")
                try:
                    fetched = fetch(entry.source, store.sources_dir, limits)
                except FetchError as err:
                    if earlier is None:
                        raise
                    # A re-fetch that fails (a transient 404, a server down) must not cost
                    # the member its good copy: keep it, and say so.
                    message = (
                        f"{entry.member}: {err.one_line()}; kept the copy fetched "
                        f"{earlier.fetched_at}"
                    )
                    report.warnings[entry.member] = message
                    warnings.warn(message, TrustcheckWarning, stacklevel=2)
                    record.sha256, record.stored = earlier.sha256, earlier.stored
                    return record
                kept = FetchRecord(
                    url=fetched.url,
                    final_url=fetched.final_url,
                    sha256=fetched.sha256,
                    stored=fetched.path.relative_to(store.root).as_posix(),
                    content_type=fetched.content_type,
                    size=fetched.size,
                    fetched_at=fetched.fetched_at,
                )
                index.fetched[record.source] = kept
                report.fetched += 1
            record.sha256, record.stored = kept.sha256, kept.stored
        else:
            record.sha256 = _sha256_file(Path(entry.source))
        entry.secret()  # a password named but not set fails the member, not the run
    except TrustcheckError as err:
        record.status, record.error = "failed", err.one_line()
    return record


def _reuse_fetched(store: AuditStore, index: AuditIndex, url: str) -> FetchRecord | None:
    kept = index.fetched.get(url)
    if kept is None:
        return None
    path = store.inside(store.root / kept.stored)
    if not path.is_file() or _sha256_file(path) != kept.sha256:
        return None
    return kept


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        kind = special_kind(path.stat().st_mode)
        if kind is not None:
            raise AuditError(
                f"{path} is {kind}, not a regular file", hint="list saved reports in the manifest"
            )
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except FileNotFoundError as err:
        raise AuditError(f"{path} does not exist", hint="check the manifest") from err
    except OSError as err:
        raise AuditError(f"{path} cannot be read ({err.strerror or err})") from err
    return digest.hexdigest()


def _assessed_path(store: AuditStore, record: MemberRecord) -> Path:
    return store.root / record.stored if record.stored else Path(record.source)


def _write_result(store: AuditStore, record: MemberRecord, assessment: Assessment) -> None:
    """Write the member's result unless the file already holds exactly this content."""
    document = assessment.document.model_copy(update={"path": record.source})
    payload = assessment.model_copy(update={"document": document}).model_dump_json(indent=2)
    path = store.result_path(record.slug)
    try:
        if path.read_text(encoding="utf-8") == payload:
            return
    except OSError:
        pass
    write_atomic(path, payload)


def _fail(
    store: AuditStore, record: MemberRecord, error: str, report: RunReport, tracker: _Tracker
) -> None:
    record.status, record.error, record.from_cache = "failed", _one_line(error), False
    store.result_path(record.slug).unlink(missing_ok=True)
    report.failed += 1
    report.errors[record.member] = record.error
    tracker.advance(record.member, "failed")


def _remove_orphans(store: AuditStore, records: list[MemberRecord]) -> None:
    keep = {f"{r.slug}.json" for r in records}
    if store.results_dir.is_dir():
        for path in store.results_dir.glob("*.json"):
            if path.name not in keep:
                path.unlink()


_CLI_PASSWORD_HINT = "(pass the password with --password)"
_MANIFEST_PASSWORD_HINT = (
    "(give the member's password in the manifest: password, or password_env naming an "
    "environment variable; see docs/audit.md)"
)


def _one_line(text: str) -> str:
    # In an audit the password comes from the manifest, not from an option.
    text = text.replace(_CLI_PASSWORD_HINT, _MANIFEST_PASSWORD_HINT)
    return " ".join(text.split())[:500] or "failed"


# --- assessing, in worker processes ---------------------------------------------------------


def _assess_all(
    todo: list[tuple[MemberRecord, Path]],
    framework: Framework,
    jobs: int | None,
    limits: Limits,
    passwords: dict[str, str | None],
) -> Generator[tuple[MemberRecord, Outcome], None, None]:
    """Assess in worker processes, even with one job: only there do the limits hold by force."""
    if not todo:
        return
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    with AssessmentPool(limits, workers=workers) as pool:
        yield from pool.assess(
            ((record, str(path)) for record, path in todo),
            framework,
            password_of=lambda record: passwords.get(record.slug),
        )


def _shown(store: AuditStore, base: Path, record: MemberRecord) -> dict[str, str]:
    """Local paths in a member's error messages -> how outputs show the member's source."""
    if record.stored:  # a fetched URL, kept in the audit folder: say the URL
        kept = store.root / record.stored
        return {str(kept): record.source, str(kept.resolve()): record.source}
    if "://" in record.source:
        return {}
    try:
        relative = Path(os.path.relpath(record.source, base)).as_posix()
    except ValueError:
        relative = Path(record.source).name
    return {record.source: relative}


def _without_paths(error: str, shown: dict[str, str]) -> str:
    """An error message with the analyst's absolute paths replaced: it goes into exports."""
    for local, public in shown.items():
        error = error.replace(local, public)
    return error


def _secret(entry: ManifestEntry) -> str | None:
    try:
        return entry.secret()
    except AuditError:
        return None  # _prepare has recorded the member as failed with this error
