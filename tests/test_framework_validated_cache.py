"""Validated frameworks on disk: used while their files are unchanged, validated again otherwise."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from trustcheck import FrameworkError, load_framework
from trustcheck.framework import loader
from trustcheck.framework.validated_cache import cache_folder

BUNDLED = Path(__file__).resolve().parent.parent / "frameworks"


@pytest.fixture(autouse=True)
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    _forget()
    yield home
    _forget()


def _forget() -> None:
    """Drop what this process remembers, so the next load reads the disk (as a new command)."""
    loader._cached_framework.cache_clear()
    loader._cached_vocabulary.cache_clear()
    loader._cached_lexicon.cache_clear()
    loader._DEPENDENCIES.clear()


@pytest.fixture
def own(tmp_path: Path) -> Path:
    """A copy of the bundled framework with its vocabulary beside it."""
    folder = tmp_path / "fw"
    (folder / "vocabularies").mkdir(parents=True)
    shutil.copy(BUNDLED / "trust.yaml", folder / "trust.yaml")
    shutil.copy(BUNDLED / "vocabularies" / "csea.yaml", folder / "vocabularies" / "csea.yaml")
    return folder / "trust.yaml"


def _entries() -> list[Path]:
    return sorted(cache_folder().glob("*.json"))


def _entry_of(path: Path) -> Path:
    """The one entry stored for ``path`` (its lexicon has its own)."""
    [entry] = [
        e for e in _entries() if json.loads(e.read_bytes())["files"][0][0] == str(path.resolve())
    ]
    return entry


def _reload(path: Path) -> object:
    _forget()
    return load_framework(path)


def test_a_validated_framework_is_stored_and_read_back_equal(own: Path) -> None:
    first = load_framework(own)
    entry = _entry_of(own)
    stored = json.loads(entry.read_text(encoding="utf-8"))
    assert [Path(name).name for name, _ in stored["files"]] == [
        "trust.yaml",
        "csea.yaml",
        "en.yaml",
    ]
    assert _reload(own) == first
    assert _entry_of(own) == entry


def test_the_entry_is_what_a_later_command_reads(own: Path) -> None:
    load_framework(own)
    entry = _entry_of(own)
    stored = json.loads(entry.read_text(encoding="utf-8"))
    stored["model"]["title"] = "Read from the cache"
    entry.write_text(json.dumps(stored), encoding="utf-8")
    assert _reload(own).title == "Read from the cache"  # type: ignore[attr-defined]


def test_an_edited_framework_file_is_validated_again(own: Path) -> None:
    load_framework(own)
    text = own.read_text(encoding="utf-8")
    own.write_text(text.replace('title: "', 'title: "Edited ', 1), encoding="utf-8")
    assert _reload(own).title.startswith("Edited ")  # type: ignore[attr-defined]
    own.write_text(text.replace("schema: ", "schema_typo: ", 1), encoding="utf-8")
    with pytest.raises(FrameworkError):
        _reload(own)


def test_an_edited_vocabulary_is_validated_again(own: Path) -> None:
    load_framework(own)
    vocabulary = own.parent / "vocabularies" / "csea.yaml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8") + "\nunknown_key: 1\n", "utf-8")
    with pytest.raises(FrameworkError, match="csea"):
        _reload(own)


def test_a_vocabulary_that_now_resolves_elsewhere_is_validated_again(own: Path) -> None:
    load_framework(own)
    shutil.move(own.parent / "vocabularies" / "csea.yaml", own.parent / "csea.yaml")
    beside = own.parent / "csea.yaml"
    beside.write_text(beside.read_text(encoding="utf-8") + "\nunknown_key: 1\n", "utf-8")
    with pytest.raises(FrameworkError, match="csea"):
        _reload(own)


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],
        lambda text: "not json at all",
        lambda text: json.dumps({"trustcheck_version": "0.0.0-other", **json.loads(text)}),
        lambda text: json.dumps({**json.loads(text), "model": {"id": 3}}),
        lambda text: json.dumps([1, 2]),
    ],
    ids=["truncated", "not-json", "other-version", "wrong-shape", "a-list"],
)
def test_a_stale_or_corrupt_entry_is_ignored_and_replaced(own: Path, damage: object) -> None:
    expected = load_framework(own)
    entry = _entry_of(own)
    good = entry.read_text(encoding="utf-8")
    entry.write_text(damage(good), encoding="utf-8")  # type: ignore[operator]
    assert _reload(own) == expected
    assert json.loads(entry.read_text(encoding="utf-8"))["model"]["id"] == expected.id


def test_an_unwritable_cache_folder_is_no_error(
    own: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert _reload(own).id == "trust"  # type: ignore[attr-defined]
    assert _reload(own).id == "trust"  # type: ignore[attr-defined]


def test_an_invalid_framework_is_never_stored(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema: trustcheck/framework/v1\nid: bad\n", encoding="utf-8")
    with pytest.raises(FrameworkError):
        load_framework(bad)
    assert _entries() == []


def test_old_entries_are_removed_as_new_ones_are_written(
    own: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trustcheck.framework import validated_cache

    monkeypatch.setattr(validated_cache, "MAX_ENTRIES", 2)
    text = own.read_text(encoding="utf-8")
    titles = []
    for n in range(4):
        own.write_text(text.replace('title: "', f'title: "Edit {n} ', 1), encoding="utf-8")
        titles.append(_reload(own).title)  # type: ignore[attr-defined]
    assert len(_entries()) == 2
    assert [t.split()[1] for t in titles] == ["0", "1", "2", "3"]


def test_a_lexicon_is_stored_and_an_edited_one_validated_again(tmp_path: Path) -> None:
    from trustcheck.framework.loader import load_lexicon

    lexicon = tmp_path / "en.yaml"
    shutil.copy(BUNDLED / "lexicons" / "en.yaml", lexicon)
    first = load_lexicon(lexicon)
    assert len(_entries()) == 1
    loader._cached_lexicon.cache_clear()
    assert load_lexicon(lexicon) == first
    lexicon.write_text(lexicon.read_text(encoding="utf-8") + "\nunknown_key: 1\n", "utf-8")
    loader._cached_lexicon.cache_clear()
    with pytest.raises(FrameworkError, match="unknown_key"):
        load_lexicon(lexicon)
