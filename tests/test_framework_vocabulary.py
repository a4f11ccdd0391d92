"""Vocabularies: language cues and signals kept apart from the frameworks that use them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from trustcheck import FrameworkError, load_framework
from trustcheck.framework.loader import load_vocabulary

DATA = Path(__file__).parent / "data" / "frameworks"


def test_a_framework_carries_the_signals_and_language_of_its_vocabulary() -> None:
    framework = load_framework(DATA / "uses_vocabulary.yaml")
    assert framework.vocabulary == "small"
    assert [s.id for s in framework.signals] == ["csea", "hash_matching", "hash_source", "grooming"]
    assert framework.language is not None and framework.language.topic == "csea"


def test_the_bundled_frameworks_share_one_vocabulary() -> None:
    vocabulary = load_vocabulary("csea")
    ids = [s.id for s in vocabulary.signals]
    for framework_id in ("trust", "voluntary-principles", "weprotect-industry"):
        framework = load_framework(framework_id)
        assert framework.vocabulary == "csea"
        assert [s.id for s in framework.signals][: len(ids)] == ids
        assert framework.language == vocabulary.language


def test_an_unknown_bundled_vocabulary_is_one_line_with_the_known_ids() -> None:
    with pytest.raises(FrameworkError) as info:
        load_vocabulary("cesa")
    assert str(info.value).splitlines()[0] == "no bundled vocabulary 'cesa'; did you mean 'csea'?"


def test_a_vocabulary_where_a_framework_is_expected_is_named_as_such() -> None:
    with pytest.raises(FrameworkError) as info:
        load_framework(DATA / "vocabularies" / "small.yaml")
    assert "this is a vocabulary file ('trustcheck/vocabulary/v1'), not a framework file" in str(
        info.value
    )


def test_an_edited_vocabulary_is_read_again(tmp_path: Path) -> None:
    shutil.copy(DATA / "uses_vocabulary.yaml", tmp_path / "uses_vocabulary.yaml")
    (tmp_path / "vocabularies").mkdir()
    vocabulary = tmp_path / "vocabularies" / "small.yaml"
    shutil.copy(DATA / "vocabularies" / "small.yaml", vocabulary)
    first = load_framework(tmp_path / "uses_vocabulary.yaml")
    assert "Thorn" not in first.signal("hash_source").terms
    text = vocabulary.read_text(encoding="utf-8").replace("[NCMEC, IWF]", "[NCMEC, IWF, Thorn]")
    vocabulary.write_text(text, encoding="utf-8")
    second = load_framework(tmp_path / "uses_vocabulary.yaml")
    assert "Thorn" in second.signal("hash_source").terms
