"""The framework loader: every class of broken file, signals_from, cross-walks and caching.

Each ``bad_*.yaml`` under ``tests/data/frameworks`` says why it exists in its first line and ends
with ``# expect: [FILE:]LINE: PATH: message`` lines: the exact problems the loader must report,
no more and no fewer. A new error class is a new file, not new test code.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from trustcheck import (
    Crosswalk,
    Element,
    Framework,
    FrameworkError,
    load_crosswalk,
    load_framework,
    validate_file,
)

DATA = Path(__file__).parent / "data" / "frameworks"
BAD_FILES = sorted(DATA.glob("bad_*.yaml")) + sorted(DATA.glob("crosswalks/bad_*.yaml"))
_EXPECT = re.compile(rb"^# expect: (?:(?P<file>[\w./-]+\.yaml):)?(?P<line>\d+): (?P<rest>.+)$")


def _expectations(path: Path) -> list[tuple[str, str]]:
    """(problem prefix, rest of the message) for each ``# expect:`` line of a bad file."""
    own = path.relative_to(DATA).as_posix()
    found = []
    for raw in path.read_bytes().splitlines():
        match = _EXPECT.match(raw)
        if match:
            file = match["file"].decode() if match["file"] else own
            found.append((f"{file}:{match['line'].decode()}: ", match["rest"].decode()))
    return found


@pytest.fixture
def in_data(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the data folder so problems name files as the expectations do."""
    monkeypatch.chdir(DATA)
    return DATA


def test_every_bad_file_has_expectations() -> None:
    assert len(BAD_FILES) >= 35
    for path in BAD_FILES:
        assert _expectations(path), f"{path.name} has no '# expect:' lines"


@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.relative_to(DATA).as_posix())
def test_bad_file_reports_exactly_its_problems(path: Path, in_data: Path) -> None:
    problems = validate_file(path.relative_to(DATA))
    expected = _expectations(path)
    assert len(problems) == len(expected), "\n".join(problems)
    for (prefix, rest), problem in zip(expected, problems, strict=True):
        assert problem.startswith(prefix + rest), f"{problem!r} != {prefix + rest!r}"
        assert "\n" not in problem


@pytest.mark.parametrize(
    "name", [p.name for p in BAD_FILES if "crosswalk" not in p.name and "schema_" not in p.name]
)
def test_load_framework_raises_with_all_problems(name: str, in_data: Path) -> None:
    with pytest.raises(FrameworkError) as info:
        load_framework(name)
    err = info.value
    assert err.code == "E200"
    assert err.problems == validate_file(name)
    assert str(err).startswith(err.problems[0])
    if len(err.problems) > 1:
        assert f"and {len(err.problems) - 1} more problem" in str(err)
        assert "trustcheck frameworks validate" in err.one_line()


def test_problem_names_file_line_path_and_allowed_values(in_data: Path) -> None:
    [problem] = validate_file("bad_unknown_key.yaml")
    allowed = ", ".join(Element.model_fields)
    assert problem == (
        "bad_unknown_key.yaml:48: sections[0].elements[0].criterias: unknown key 'criterias'; "
        f"did you mean 'criteria'? (allowed: {allowed})"
    )
    assert allowed.startswith("id, title, intent, criteria, rules, indicators")
    lines = (DATA / "bad_unknown_key.yaml").read_text().splitlines()
    assert lines[47].strip().startswith("criterias:")


def test_missing_file() -> None:
    with pytest.raises(FrameworkError) as info:
        load_framework(DATA / "no_such_framework.yaml")
    assert info.value.problems == [f"{_shown(DATA / 'no_such_framework.yaml')}: no such file"]


def test_directory_is_not_a_file() -> None:
    problems = validate_file(DATA / "crosswalks")
    assert problems == [f"{_shown(DATA / 'crosswalks')}: is a directory, not a YAML file"]


def test_unknown_bundled_id_suggests_the_nearest() -> None:
    with pytest.raises(FrameworkError) as info:
        load_framework("trusst")
    assert str(info.value) == "no bundled framework 'trusst'; did you mean 'trust'?"
    assert "bundled: " in info.value.one_line()
    assert "trust" in info.value.hint


def test_crosswalk_file_is_not_a_framework(in_data: Path) -> None:
    with pytest.raises(FrameworkError) as info:
        load_framework("crosswalks/minimal_to_extends.yaml")
    assert str(info.value) == (
        "crosswalks/minimal_to_extends.yaml:2: schema: this is a cross-walk file "
        "('trustcheck/crosswalk/v1'), not a framework file"
    )
    with pytest.raises(FrameworkError, match="this is a framework file"):
        load_crosswalk("minimal.yaml")


def test_minimal_framework_loads_with_dates_as_text() -> None:
    framework = load_framework(DATA / "minimal.yaml")
    assert isinstance(framework, Framework)
    assert framework.published == "2024-06-01"
    assert [e.id for e in framework.elements] == ["PS1", "OUT1"]
    assert framework.signal("hash_matching").patterns == [r"\bhash(es|ed)?\b"]
    assert validate_file(DATA / "minimal.yaml") == []


def test_signals_from_merges_language_and_signals() -> None:
    base = load_framework(DATA / "minimal.yaml")
    framework = load_framework(DATA / "extends_minimal.yaml")
    assert framework.signals_from == "minimal.yaml"
    assert framework.language == base.language
    # imported order kept, the file's own hash_source replaces the imported one in place,
    # and new signals follow
    assert [s.id for s in framework.signals] == [
        "csea",
        "hash_matching",
        "hash_source",
        "content_actioned",
        "grooming",
    ]
    assert framework.signal("hash_source").terms == ["NCMEC", "IWF", "Thorn", "Take It Down"]
    assert framework.signal("csea") == base.signal("csea")
    assert framework.indicators == []  # only language and signals are imported


def test_own_language_wins_over_imported(tmp_path: Path) -> None:
    text = (DATA / "extends_minimal.yaml").read_text()
    text = text.replace("signals_from: minimal.yaml\n", "signals_from: minimal\n")
    text = text.replace("signals:\n", "language: {topic: grooming}\nsignals:\n", 1)
    shutil.copy(DATA / "minimal.yaml", tmp_path / "minimal.yaml")
    (tmp_path / "own_language.yaml").write_text(text)
    framework = load_framework(tmp_path / "own_language.yaml")
    assert framework.language is not None
    assert framework.language.topic == "grooming"
    assert framework.language.intention_cues == []


def test_signals_from_bundled_trust() -> None:
    trust = load_framework("trust")
    framework = load_framework("voluntary-principles")
    assert framework.language == trust.language
    trust_ids = [s.id for s in trust.signals]
    assert [s.id for s in framework.signals][: len(trust_ids)] == trust_ids
    assert "grooming_countermeasure" in {s.id for s in framework.signals}


def test_crosswalk_loads_and_checks_both_frameworks() -> None:
    crosswalk = load_crosswalk(DATA / "crosswalks" / "minimal_to_extends.yaml")
    assert isinstance(crosswalk, Crosswalk)
    assert (crosswalk.source, crosswalk.target) == ("minimal", "extends_minimal")
    assert [(m.source, m.targets, m.coverage) for m in crosswalk.mappings] == [
        ("PS1", ["A1"], "full"),
        ("OUT1", ["A1", "A2"], "partial"),
    ]


def test_bundled_framework_is_cached() -> None:
    first = load_framework("trust")
    assert load_framework("trust") is first
    assert load_framework(first_path := _bundled("trust.yaml")) is first
    assert first_path.is_file()


def test_edited_file_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "edited.yaml"
    shutil.copy(DATA / "minimal.yaml", path)
    first = load_framework(path)
    assert load_framework(path) is first
    path.write_text(path.read_text().replace("title: Minimal test framework", "title: Edited"))
    os.utime(path, ns=(1, path.stat().st_mtime_ns + 1_000_000))
    assert load_framework(path).title == "Edited"


def test_problem_paths_are_relative_to_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "sub").mkdir()
    shutil.copy(DATA / "bad_regex.yaml", tmp_path / "sub" / "x.yaml")
    monkeypatch.chdir(tmp_path)
    [problem] = validate_file(tmp_path / "sub" / "x.yaml")
    assert problem.startswith(f"sub{os.sep}x.yaml:32: signals[1].patterns[0]: ")


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _bundled(name: str) -> Path:
    from trustcheck.framework.resources import bundled_root

    return bundled_root() / name
