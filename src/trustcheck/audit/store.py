"""The audit folder: where each file lives, and the index that ties members to results.

Layout (everything below ``AUDIT_DIR``, nothing anywhere else)::

    audit.json        the index: framework, members, their sources, hashes and status
    run.json          what the last run did (assessed, from cache, failed, seconds)
    results/<m>.json  one Assessment per member (``Assessment.model_dump_json``)
    sources/<sha256>  bytes fetched from URLs, kept so the audit can be reproduced
    cache/<key>.json  assessments by (document, framework, trustcheck version)
    decisions.jsonl   the reviewers' append-only decisions log

Every path that involves a member goes through :meth:`AuditStore.result_path`, which refuses a
path outside the folder, so a manifest cannot make the audit write anywhere else.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

if TYPE_CHECKING:
    from trustcheck.framework.models import Framework

from trustcheck.assessment.models import Assessment
from trustcheck.errors import AuditError, TrustcheckError
from trustcheck.fsutil import shown_path, write_atomic

#: The file an audit run holds a lock on, so a second run into the same folder is refused.
LOCK_NAME = ".trustcheck.lock"
INDEX_FORMAT: Literal["trustcheck/audit/v1"] = "trustcheck/audit/v1"
Status = Literal["ok", "failed", "pending"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MemberRecord(_Model):
    """One member of the audit: where its report came from and how its assessment went."""

    member: str
    slug: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="The member's file name.")
    year: int | None = None
    source: str = Field(description="The URL or absolute path the manifest gave.")
    notes: str = ""
    sha256: str | None = Field(default=None, description="Hash of the bytes assessed.")
    stored: str | None = Field(
        default=None, description="Where fetched bytes are kept, relative to the audit folder."
    )
    status: Status = "pending"
    error: str | None = None
    from_cache: bool = False


class FetchRecord(_Model):
    """A URL fetched for the audit; later runs reuse the stored bytes."""

    url: str
    final_url: str
    sha256: str
    stored: str
    content_type: str
    size: int
    fetched_at: str


class AuditIndex(_Model):
    """``audit.json``: the audit's identity and its members."""

    format: Literal["trustcheck/audit/v1"] = INDEX_FORMAT
    trustcheck_version: str
    framework: str = Field(description="Bundled framework id or framework file path.")
    framework_id: str
    framework_version: str
    manifest: str
    updated: str
    members: list[MemberRecord] = Field(default_factory=list)
    fetched: dict[str, FetchRecord] = Field(default_factory=dict)

    def member(self, name: str) -> MemberRecord:
        """Find a member by its name or its file name, ignoring case."""
        wanted = name.strip().casefold()
        for record in self.members:
            if wanted in (record.member.casefold(), record.slug):
                return record
        known = ", ".join(r.member for r in self.members) or "none"
        raise AuditError(f"no member {name!r} in this audit (members: {known})")


def audit_framework(store: AuditStore, index: AuditIndex) -> Framework:
    """The framework the audit was run against, or an error naming the audit folder."""
    from trustcheck.framework.loader import load_framework

    try:
        return load_framework(index.framework)
    except TrustcheckError as err:
        raise AuditError(
            f"{store.root}: the audit's framework {index.framework!r} cannot be loaded",
            hint=str(err),
        ) from err


class RunReport(_Model):
    """What one run of the audit did; written to ``run.json`` and returned by ``run_audit``."""

    members: int
    assessed: int = 0
    from_cache: int = 0
    failed: int = 0
    fetched: int = 0
    seconds: float = 0.0
    started: str
    errors: dict[str, str] = Field(default_factory=dict, description="Member -> one-line error.")
    warnings: dict[str, str] = Field(
        default_factory=dict, description="Member -> what was recovered from (a failed re-fetch)."
    )


def storage_error(folder: Path, err: OSError) -> AuditError:
    """An audit folder that cannot be written (full disk, read-only, no permission), said so.

    These are the user's to fix, not bugs: the message names the folder, the file and the cause.
    """
    cause = err.strerror or str(err)
    name = Path(os.fsdecode(err.filename)) if isinstance(err.filename, str | bytes) else None
    if name is not None and not name.resolve().is_relative_to(folder.resolve()):
        return AuditError(f"cannot use {shown_path(name)}: {cause}", hint="check the file")
    where = f" ({shown_path(name)})" if name is not None else ""
    return AuditError(
        f"cannot write to the audit folder {folder}{where}: {cause}",
        hint="free some space or fix the folder's permissions, then run the command again",
    )


def utc_now() -> str:
    """The current UTC time as ISO 8601 to the second, as every audit file records it."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class AuditStore:
    """Paths and reads/writes inside one audit folder."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @property
    def index_path(self) -> Path:
        return self.root / "audit.json"

    @property
    def run_path(self) -> Path:
        return self.root / "run.json"

    @property
    def results_dir(self) -> Path:
        return self.root / "results"

    @property
    def sources_dir(self) -> Path:
        return self.root / "sources"

    @property
    def cache_dir(self) -> Path:
        return self.root / "cache"

    @property
    def decisions_path(self) -> Path:
        return self.root / "decisions.jsonl"

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the folder's lock while an audit run writes into it; refuse a second run.

        Two runs of different manifests into one folder would each rewrite the index from
        their own members and silently drop the other's. The lock is an ``flock`` on a file in
        the folder, released by the system if the run is killed.
        """
        self.refuse_foreign()  # before the lock file: a folder of other work gets nothing added
        try:
            import fcntl
        except ImportError:  # not POSIX: no lock, as before
            yield
            return
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            handle = (self.root / LOCK_NAME).open("a+b")
        except OSError as err:
            raise storage_error(self.root, err) from err
        with handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as err:
                raise AuditError(
                    f"another trustcheck audit is writing to {self.root}",
                    hint="wait for it to finish, or give another folder",
                ) from err
            try:
                yield
            except OSError as err:
                raise storage_error(self.root, err) from err
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def refuse_foreign(self) -> None:
        """Refuse a folder that holds other files and no audit: it is someone else's work."""
        if self.index_path.exists() or not self.root.is_dir():
            return
        if any(path.name != LOCK_NAME for path in self.root.iterdir()):
            raise AuditError(
                f"{self.root} is not empty and is not an audit folder",
                hint="give a new or empty folder",
            )

    def create(self) -> None:
        if self.root.exists() and not self.root.is_dir():
            raise AuditError(f"{self.root} exists and is not a folder")
        for folder in (self.results_dir, self.sources_dir, self.cache_dir):
            folder.mkdir(parents=True, exist_ok=True)
            self.inside(folder)  # a folder linked to elsewhere would carry writes out

    def inside(self, path: Path) -> Path:
        """``path`` if it resolves inside the audit folder, else an :class:`AuditError`."""
        resolved = path.resolve()
        if not resolved.is_relative_to(self.root.resolve()):
            raise AuditError(f"refusing to use {path}: it is outside the audit folder")
        return path

    def result_path(self, slug: str) -> Path:
        return self.inside(self.results_dir / f"{slug}.json")

    def read_index(self) -> AuditIndex:
        if not self.index_path.is_file():
            raise AuditError(
                f"{self.root} is not an audit folder (no audit.json)",
                hint="create one with trustcheck audit MANIFEST -o AUDIT_DIR",
            )
        try:
            return AuditIndex.model_validate_json(self.index_path.read_bytes())
        except OSError as err:
            raise AuditError(
                f"{self.index_path} cannot be read: {err.strerror or err}",
                hint="check the folder's permissions",
            ) from err
        except ValidationError as err:
            first = err.errors()[0]
            key = ".".join(str(p) for p in first["loc"])
            raise AuditError(f"{self.index_path}: {key}: {first['msg']}") from err

    def read_assessment(self, slug: str) -> Assessment:
        """A member's stored assessment, as the machine wrote it (no decisions applied)."""
        path = self.result_path(slug)
        try:
            return Assessment.model_validate_json(path.read_bytes())
        except OSError as err:
            raise AuditError(f"{path} is missing", hint="re-run trustcheck audit") from err
        except (ValidationError, ValueError) as err:
            raise AuditError(f"{path} is not a valid assessment", hint="re-run the audit") from err

    def write_index(self, index: AuditIndex) -> None:
        write_atomic(self.index_path, index.model_dump_json(indent=2) + "\n")

    def write_run(self, report: RunReport) -> None:
        write_atomic(self.run_path, report.model_dump_json(indent=2) + "\n")
