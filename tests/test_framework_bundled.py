"""The bundled frameworks and cross-walks: they load, round-trip, and say what the docs say."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from trustcheck import (
    Crosswalk,
    Framework,
    list_crosswalks,
    list_frameworks,
    load_crosswalk,
    load_framework,
    validate_file,
)
from trustcheck.framework.resources import bundled_crosswalk_ids, bundled_framework_ids

FRAMEWORK_IDS = ["trust", "voluntary-principles", "weprotect-industry"]
CROSSWALK_IDS = ["voluntary-principles-to-trust", "weprotect-industry-to-trust"]


def test_bundled_ids() -> None:
    assert bundled_framework_ids() == FRAMEWORK_IDS
    assert bundled_crosswalk_ids() == CROSSWALK_IDS
    assert [f.id for f in list_frameworks()] == FRAMEWORK_IDS
    assert [(c.id, c.source, c.target) for c in list_crosswalks()] == [
        ("voluntary-principles-to-trust", "voluntary-principles", "trust"),
        ("weprotect-industry-to-trust", "weprotect-industry", "trust"),
    ]


@pytest.mark.parametrize("framework_id", FRAMEWORK_IDS)
def test_framework_round_trips_through_yaml_and_json(framework_id: str, tmp_path: Path) -> None:
    framework = load_framework(framework_id)
    assert framework.id == framework_id
    data = framework.model_dump(by_alias=True, mode="json")
    dumped = tmp_path / f"{framework_id}.yaml"
    dumped.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    assert load_framework(dumped) == framework
    assert Framework.model_validate(json.loads(json.dumps(data))) == framework


@pytest.mark.parametrize("crosswalk_id", CROSSWALK_IDS)
def test_crosswalk_round_trips(crosswalk_id: str, tmp_path: Path) -> None:
    crosswalk = load_crosswalk(crosswalk_id)
    data = crosswalk.model_dump(by_alias=True, mode="json")
    dumped = tmp_path / f"{crosswalk_id}.yaml"
    dumped.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    assert load_crosswalk(dumped) == crosswalk
    assert Crosswalk.model_validate(data) == crosswalk


@pytest.mark.parametrize("framework_id", FRAMEWORK_IDS)
def test_every_element_has_criteria_and_rules_for_full_and_partial(framework_id: str) -> None:
    framework = load_framework(framework_id)
    assert [level.id for level in framework.levels] == ["full", "partial", "none"]
    for element in framework.elements:
        assert set(element.criteria) == {"full", "partial"}, element.id
        assert all(text.strip() for text in element.criteria.values()), element.id
        assert {rule.level for rule in element.rules} == {"full", "partial"}, element.id
        assert element.intent.strip(), element.id


def test_trust_has_the_rubric_elements() -> None:
    trust = load_framework("trust")
    assert [s.id for s in trust.sections] == ["SC", "PP", "PS", "OUT"]
    assert [e.id for e in trust.elements] == [
        "SC1", "SC2",
        "PP1", "PP2", "PP3", "PP4",
        "PS1", "PS2", "PS3", "PS4", "PS5", "PS6",
        "OUT1", "OUT2", "OUT3", "OUT4", "OUT5", "OUT6",
    ]  # fmt: skip
    assert trust.provenance.reconstructed is True


def test_voluntary_principles() -> None:
    vp = load_framework("voluntary-principles")
    assert [e.id for e in vp.elements] == [f"P{n}" for n in range(1, 12)]
    assert [(s.id, [e.id for e in s.elements]) for s in vp.sections] == [
        ("CSAM", ["P1", "P2"]),
        ("GROOM", ["P3", "P4"]),
        ("LIVE", ["P5"]),
        ("SEARCH", ["P6"]),
        ("CHILD", ["P7"]),
        ("VICTIM", ["P8"]),
        ("COLLAB", ["P9", "P10", "P11"]),
    ]
    assert vp.vocabulary == "csea"
    assert vp.published == "2020-03-05"
    assert vp.provenance.reconstructed is True
    assert "paraphrase" in vp.provenance.notes
    assert "livestream" in vp.element("P5").intent


def test_weprotect_industry() -> None:
    wp = load_framework("weprotect-industry")
    assert [e.id for e in wp.elements] == [f"TI{n}" for n in range(1, 7)]
    assert wp.vocabulary == "csea"
    assert wp.provenance.reconstructed is True
    assert "paraphrase" in wp.provenance.notes
    titles = " ".join(e.title.lower() for e in wp.elements)
    for word in ("removal", "reporting", "machine-learning", "risk", "product", "transparency"):
        assert word in titles


def test_voluntary_principles_crosswalk_follows_the_reference() -> None:
    crosswalk = load_crosswalk("voluntary-principles-to-trust")
    mapped = {m.source: m.targets for m in crosswalk.mappings}
    assert mapped == {
        "P1": ["PS1", "OUT1", "OUT2", "OUT3"],
        "P2": ["PS2"],
        "P3": ["PS2", "PP1"],
        "P4": ["PS2", "PP1"],
        "P5": ["PS2", "PP1"],
        "P6": ["PP3"],
        "P7": ["PP3"],
        "P8": ["PP1", "PS3"],
        "P10": ["PP4"],
        "P11": ["SC1", "SC2", "OUT1", "OUT2", "OUT3", "OUT4", "OUT5", "OUT6"],
    }
    assert "P9" in crosswalk.provenance.notes


def test_weprotect_crosswalk_maps_every_capability() -> None:
    crosswalk = load_crosswalk("weprotect-industry-to-trust")
    assert [m.source for m in crosswalk.mappings] == [f"TI{n}" for n in range(1, 7)]
    trust_ids = {e.id for e in load_framework("trust").elements}
    for mapping in crosswalk.mappings:
        assert set(mapping.targets) <= trust_ids


@pytest.mark.parametrize("name", [f"{i}.yaml" for i in FRAMEWORK_IDS])
def test_bundled_files_are_valid(name: str) -> None:
    from trustcheck.framework.resources import bundled_root

    assert validate_file(bundled_root() / name) == []


def test_installed_layout_is_preferred(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from trustcheck.framework import resources
    from trustcheck.framework.resources import bundled_root

    package = tmp_path / "trustcheck"
    (package / "_data" / "frameworks").mkdir(parents=True)
    (package / "__init__.py").touch()
    monkeypatch.setattr(resources, "PACKAGE_DIR", package.resolve())
    bundled_root.cache_clear()
    try:
        assert bundled_root() == (package / "_data" / "frameworks").resolve()
    finally:
        bundled_root.cache_clear()


def test_source_checkout_uses_the_top_level_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trustcheck.framework import resources
    from trustcheck.framework.resources import bundled_root

    package = tmp_path / "src" / "trustcheck"
    package.mkdir(parents=True)
    (package / "__init__.py").touch()
    monkeypatch.setattr(resources, "PACKAGE_DIR", package.resolve())
    bundled_root.cache_clear()
    try:
        assert bundled_root() == (tmp_path / "frameworks").resolve()
    finally:
        bundled_root.cache_clear()
