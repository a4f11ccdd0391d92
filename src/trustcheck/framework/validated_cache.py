"""Validated frameworks and lexicons kept on disk, so a file is validated once per content.

Reading and validating a framework (YAML with line numbers, JSON Schema, the models, the
semantic checks that compile every pattern) takes about 0.1 s, which every ``trustcheck FILE``
paid again for the same bundled file. A framework that passed is stored as its model's JSON
under the user's cache folder (``$XDG_CACHE_HOME/trustcheck/frameworks``, by default
``~/.cache/trustcheck/frameworks``); reading it back takes a few milliseconds. Lexicons (the
language's general words, read by every worker) are kept the same way (about 40 ms each, and
JSON Schema's import).

An entry is used only when all of these still hold, and the framework is read and validated
again otherwise:

* it was written by this version of trustcheck (the models and checks may have changed);
* the framework file's content is the same (the entry's name is its SHA-256 with its path);
* every file it was built from (its vocabulary or the framework it takes its signals from, and
  the lexicon its placeholders were written out from) has the content it had, and the
  vocabulary or framework the file names is still found at the same path;
* the entry itself reads as a framework (a corrupt or truncated entry is ignored).

Entries are written atomically; a cache folder that cannot be created or written is no error,
the framework is then validated each time. Only frameworks that take their signals from at most
one other file are stored (a chain of ``signals_from`` is validated each time). Entries hold
what the files already say, so the cache holds nothing that is not on disk already.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from trustcheck._version import __version__
from trustcheck.framework.models import Framework
from trustcheck.fsutil import write_atomic

NUL = b"\0"
MAX_ENTRIES = 32
"""Entries kept; older ones are removed when a new one is written."""
Model = TypeVar("Model", bound=BaseModel)
Resolver = Callable[[Model], Path | None]
"""Where the vocabulary or base framework a framework names is found now (None: names none)."""


def cache_folder() -> Path:
    """Where validated frameworks and lexicons are kept: ``trustcheck/frameworks`` in the cache."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "trustcheck" / "frameworks"


Built = tuple[Framework, Path | None, list[Path] | None]
"""A validated framework, the file it names (a framework's vocabulary or base framework; None if
neither) and the other files it was built from (the lexicon); None for those: do not store."""


def load_validated(
    path: Path,
    model: type[Model],
    build: Callable[[], tuple[Model, Path | None, list[Path] | None]],
    resolve: Resolver[Model],
) -> Model:
    """The framework or lexicon at ``path`` (resolved), from the cache when its entry still
    holds, else from ``build`` (which reads and validates it), storing what ``build`` gives.
    ``resolve`` says which file the framework names today."""
    try:
        content = path.read_bytes()
    except OSError:
        return build()[0]  # the loader reports a file it cannot read
    key = model.__name__.encode() + NUL + os.fsencode(path) + NUL + content
    entry = cache_folder() / f"{_digest(key)}.json"
    found = _read_entry(entry, path, model, resolve)
    if found is not None:
        return found
    built, named, others = build()
    if others is not None:
        _write_entry(entry, built, [path, *others], named)
    return built


def _read_entry(
    entry: Path, path: Path, model: type[Model], resolve: Resolver[Model]
) -> Model | None:
    """The entry's model if it is whole, of this version, and its files are unchanged."""
    try:
        data = json.loads(entry.read_bytes())
        if not isinstance(data, dict) or data.get("trustcheck_version") != __version__:
            return None
        files = [(Path(name), digest) for name, digest in data["files"]]
        named = Path(data["named"]) if data["named"] is not None else None
        if not files or files[0][0] != path:
            return None
        if any(_file_digest(name) != digest for name, digest in files):
            return None
        found = model.model_validate(data["model"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError, ValidationError):
        return None  # missing, unreadable, corrupt or of another shape: validate again
    if resolve(found) != named:
        return None  # the file it names now resolves elsewhere (a new file beside it)
    return found


def _write_entry(entry: Path, built: BaseModel, files: list[Path], named: Path | None) -> None:
    try:
        digests = [[str(name), _file_digest(name)] for name in files]
        if any(digest is None for _, digest in digests):
            return
        payload = {
            "trustcheck_version": __version__,
            "files": digests,
            "named": str(named) if named is not None else None,
            "model": built.model_dump(mode="json", by_alias=True),
        }
        entry.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(entry, json.dumps(payload, ensure_ascii=False))
        _prune(entry.parent)
    except (OSError, ValueError):
        return  # an unwritable cache only costs validating next time


def _prune(folder: Path) -> None:
    """Keep the newest ``MAX_ENTRIES`` entries: each edit of a framework file makes a new one."""
    entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for stale in entries[MAX_ENTRIES:]:
        stale.unlink(missing_ok=True)


def _file_digest(path: Path) -> str | None:
    try:
        return _digest(path.read_bytes())
    except OSError:
        return None


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
