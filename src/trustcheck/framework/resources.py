"""Where the bundled frameworks, cross-walks and schemas live.

A wheel carries the repository's top-level ``frameworks/`` folder as
``trustcheck/_data/frameworks`` (see ``pyproject.toml``); a source checkout or an editable install
reads the folder itself, so editing a bundled framework takes effect without reinstalling.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

CROSSWALK_DIR = "crosswalks"
VOCABULARY_DIR = "vocabularies"
LEXICON_DIR = "lexicons"
SCHEMA_DIR = "schema"
SUFFIXES = (".yaml", ".yml")
PACKAGE_DIR = Path(__file__).resolve().parent.parent
"""The installed ``trustcheck`` package folder."""


@cache
def bundled_root() -> Path:
    """The folder holding the bundled framework files (``<id>.yaml``)."""
    package = PACKAGE_DIR
    installed = package / "_data" / "frameworks"
    if installed.is_dir():
        return installed
    return package.parent.parent / "frameworks"


def _ids(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.iterdir() if p.is_file() and p.suffix in SUFFIXES)


def _find(folder: Path, item_id: str) -> Path | None:
    for suffix in SUFFIXES:
        candidate = folder / f"{item_id}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def bundled_framework_ids() -> list[str]:
    """Ids of the bundled frameworks: the file names in the bundled folder, sorted."""
    return _ids(bundled_root())


def bundled_crosswalk_ids() -> list[str]:
    """Ids of the bundled cross-walks, sorted."""
    return _ids(bundled_root() / CROSSWALK_DIR)


def bundled_vocabulary_ids() -> list[str]:
    """Ids of the bundled vocabularies, sorted."""
    return _ids(bundled_root() / VOCABULARY_DIR)


def bundled_vocabulary_path(vocabulary_id: str) -> Path | None:
    """The file of a bundled vocabulary, or None when there is no such id."""
    return _find(bundled_root() / VOCABULARY_DIR, vocabulary_id)


def bundled_lexicon_ids() -> list[str]:
    """Ids of the bundled lexicons (a language's general words), sorted."""
    return _ids(bundled_root() / LEXICON_DIR)


def bundled_lexicon_path(lexicon_id: str) -> Path | None:
    """The file of a bundled lexicon, or None when there is no such id."""
    return _find(bundled_root() / LEXICON_DIR, lexicon_id)


def bundled_framework_path(framework_id: str) -> Path | None:
    """The file of a bundled framework, or None when there is no such id."""
    return _find(bundled_root(), framework_id)


def bundled_crosswalk_path(crosswalk_id: str) -> Path | None:
    """The file of a bundled cross-walk, or None when there is no such id."""
    return _find(bundled_root() / CROSSWALK_DIR, crosswalk_id)


def schema_path(file_name: str) -> Path:
    """The committed JSON Schema file with this name."""
    return bundled_root() / SCHEMA_DIR / file_name
