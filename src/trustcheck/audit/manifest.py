"""What an audit reads: a manifest (YAML or CSV) or a folder of reports, as a list of entries.

A manifest is written by people and reused from year to year, so every problem names the file
and the row. Relative paths are resolved against the manifest's folder, not the working
directory, so an audit can be re-run from anywhere. Member names become file names inside the
audit folder only through :func:`member_slug`, which keeps them from escaping it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from trustcheck.errors import AuditError
from trustcheck.fsutil import shown_path, special_kind

MANIFEST_SUFFIXES = {".yaml", ".yml", ".csv"}
_OPTIONAL_CELLS = {"year", "password", "password_env"}
_SLUG_UNSAFE = re.compile(r"[^a-z0-9]+")
_MAX_SLUG = 80


class ManifestEntry(BaseModel):
    """One member's report for the audit year."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    member: str = Field(min_length=1, description="The member's name as it appears in figures.")
    year: int | None = Field(default=None, ge=1990, le=2100)
    source: str = Field(min_length=1, description="A URL, or a path resolved to an absolute one.")
    notes: str = ""
    password: str | None = Field(
        default=None, repr=False, description="Password of an encrypted PDF (kept out of outputs)."
    )
    password_env: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z_][A-Za-z0-9_]*$",
        description="Name of an environment variable holding the PDF's password.",
    )

    @field_validator("member", "source", "notes", mode="before")
    @classmethod
    def _strip(cls, value: Any) -> Any:
        return value.strip() if isinstance(value, str) else value

    @property
    def is_url(self) -> bool:
        return is_url(self.source)

    def secret(self) -> str | None:
        """The PDF's password: given in the manifest, or read from ``password_env``."""
        if self.password:
            return self.password
        if self.password_env:
            value = os.environ.get(self.password_env)
            if value is None:
                raise AuditError(
                    f"{self.member}: environment variable {self.password_env} is not set",
                    hint=f"set {self.password_env} to the PDF's password before the audit",
                )
            return value
        return None

    @property
    def slug(self) -> str:
        return member_slug(self.member)


def is_url(source: str) -> bool:
    """Whether a manifest source names a URL rather than a file (any scheme, checked later)."""
    return re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", source) is not None


def member_slug(member: str) -> str:
    """A file-name-safe, case-folded ASCII form of a member name: no separators, no leading dots.

    Accents are dropped ("Ünïcode" -> "unicode"); a name in a script with no ASCII letters gets
    a short hash of itself, so it still names exactly one file.
    """
    ascii_name = unicodedata.normalize("NFKD", member).encode("ascii", "ignore").decode("ascii")
    slug = _SLUG_UNSAFE.sub("-", ascii_name.casefold()).strip("-")[:_MAX_SLUG].rstrip("-")
    if slug:
        return slug
    if any(ch.isalnum() for ch in member):
        return "member-" + hashlib.sha256(member.strip().encode("utf-8")).hexdigest()[:12]
    raise AuditError(f"member name {member!r} has no letters or digits to name its files by")


def load_entries(source: Path) -> list[ManifestEntry]:
    """Read a manifest file or a folder of reports; check that members are unique."""
    source = Path(source)
    try:
        entries = _entries(source)
    except OSError as err:  # a folder or file the user cannot read, say
        raise AuditError(
            f"{source} cannot be read: {err.strerror or err}", hint="check its permissions"
        ) from err
    _check_unique(source, entries)
    return entries


def _entries(source: Path) -> list[ManifestEntry]:
    if source.is_dir():
        entries = _from_folder(source)
    elif not source.exists():
        raise AuditError(f"{source} does not exist", hint="give a manifest or a folder of reports")
    elif (kind := special_kind(source.stat().st_mode)) is not None:
        raise AuditError(f"{source} is {kind}, not a manifest file or a folder")
    elif source.suffix.lower() in {".yaml", ".yml"}:
        entries = _from_yaml(source)
    elif source.suffix.lower() == ".csv":
        entries = _from_csv(source)
    else:
        raise AuditError(
            f"{source} is not a manifest", hint="use a .yaml, .yml or .csv file, or a folder"
        )
    return entries


def _from_folder(folder: Path) -> list[ManifestEntry]:
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith((".", "~")))
    if not files:
        raise AuditError(f"{folder} has no reports in it")
    for path in files:
        shown = shown_path(path)
        if shown != str(path):  # audit.json records names as text: they must be UTF-8
            raise AuditError(f"{shown}: the file name is not valid UTF-8", hint="rename the file")
    return [ManifestEntry(member=p.stem, source=str(p.resolve())) for p in files]


def _from_yaml(path: Path) -> list[ManifestEntry]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise AuditError(f"{path} cannot be read: {err}") from err
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise AuditError(f"{path}{where}: not valid YAML") from err
    defaults: dict[str, Any] = {}
    if isinstance(data, dict):
        unknown = set(data) - {"year", "members"}
        if unknown:
            raise AuditError(
                f"{path}: unknown key(s) {', '.join(sorted(map(str, unknown)))}",
                hint="a manifest has 'year' and 'members'",
            )
        if "year" in data:
            defaults["year"] = data["year"]
        data = data.get("members")
    if not isinstance(data, list) or not data:
        raise AuditError(f"{path}: expected a non-empty list of members", hint="see docs/audit.md")
    rows = []
    for index, row in enumerate(data, start=1):
        if not isinstance(row, dict):
            raise AuditError(f"{path}: member {index} is not a mapping of member, year, source")
        rows.append((f"member {index}", {**defaults, **row}))
    return [_entry(path, where, row) for where, row in rows]


def _from_csv(path: Path) -> list[ManifestEntry]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise AuditError(f"{path} cannot be read: {err}") from err
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = {"member", "source"} - set(header)
    if missing:
        raise AuditError(
            f"{path}: the header lacks {', '.join(sorted(missing))}",
            hint="columns are member, year, source, notes, password, password_env",
        )
    reader.fieldnames = header
    entries = []
    for row in reader:
        if not any((v or "").strip() for k, v in row.items() if k is not None):
            continue
        if None in row:
            raise AuditError(f"{path}:{reader.line_num}: more cells than header columns")
        cleaned = {
            k: v
            for k, v in row.items()
            if v is not None and (k not in _OPTIONAL_CELLS or v.strip())
        }
        entries.append(_entry(path, f"line {reader.line_num}", cleaned))
    if not entries:
        raise AuditError(f"{path}: no members listed")
    return entries


def _entry(manifest: Path, where: str, row: dict[str, Any]) -> ManifestEntry:
    try:
        entry = ManifestEntry.model_validate(row)
    except ValidationError as err:
        first = err.errors()[0]
        key = ".".join(str(p) for p in first["loc"]) or "row"
        raise AuditError(f"{manifest}, {where}, {key}: {first['msg']}") from err
    if entry.is_url:
        return entry
    resolved = (manifest.parent / Path(entry.source).expanduser()).resolve()
    return entry.model_copy(update={"source": str(resolved)})


def _check_unique(source: Path, entries: list[ManifestEntry]) -> None:
    seen: dict[str, str] = {}
    for entry in entries:
        other = seen.get(entry.slug)
        if other is not None:
            same = "is listed twice" if other == entry.member else f"clashes with {other!r}"
            raise AuditError(
                f"{source}: member {entry.member!r} {same}",
                hint="one report per member and audit; names must differ in letters or digits",
            )
        seen[entry.slug] = entry.member
