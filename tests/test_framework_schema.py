"""The committed JSON Schemas: generated from the models, valid draft 2020-12, strict."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from trustcheck.framework import schema
from trustcheck.framework.resources import bundled_root

SCHEMA_DIR = Path(__file__).parent.parent / "frameworks" / "schema"
CASES = [
    (schema.FRAMEWORK_SCHEMA_FILE, schema.framework_schema),
    (schema.CROSSWALK_SCHEMA_FILE, schema.crosswalk_schema),
    (schema.VOCABULARY_SCHEMA_FILE, schema.vocabulary_schema),
    (schema.LEXICON_SCHEMA_FILE, schema.lexicon_schema),
]


@pytest.mark.parametrize(("name", "generate"), CASES)
def test_committed_schema_equals_generated(name: str, generate: Any) -> None:
    committed = (SCHEMA_DIR / name).read_text(encoding="utf-8")
    assert committed == schema.dumps(generate()), (
        f"frameworks/schema/{name} is stale: run `python -m trustcheck.framework.schema`"
    )


@pytest.mark.parametrize(("name", "generate"), CASES)
def test_schema_is_valid_draft_2020_12(name: str, generate: Any) -> None:
    document = generate()
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(document)


def _objects(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if node.get("type") == "object":
            yield node
        for value in node.values():
            yield from _objects(value)
    elif isinstance(node, list):
        for item in node:
            yield from _objects(item)


@pytest.mark.parametrize(("name", "generate"), CASES)
def test_every_object_forbids_unknown_keys(name: str, generate: Any) -> None:
    objects = list(_objects(generate()))
    assert len(objects) >= (1 if name == schema.LEXICON_SCHEMA_FILE else 3)  # a lexicon is flat
    for node in objects:
        assert node.get("additionalProperties") is False, node


@pytest.mark.parametrize(("name", "generate"), CASES)
def test_every_property_is_described(name: str, generate: Any) -> None:
    document = generate()
    for node in [document, *document["$defs"].values()]:
        for key, sub in node.get("properties", {}).items():
            assert sub.get("description"), f"{key} has no description"


def test_conditions_share_one_definition() -> None:
    document = schema.framework_schema()
    condition = document["$defs"]["Condition"]
    assert len(condition["anyOf"]) == 6
    assert document["$defs"]["LevelRule"]["properties"]["when"]["$ref"] == "#/$defs/Condition"
    text = json.dumps(document)
    assert text.count('"#/$defs/SignalCondition"') == 1


def test_bundled_files_validate_against_committed_schemas() -> None:
    validators = {
        schema.FRAMEWORK_SCHEMA_ID: jsonschema.Draft202012Validator(
            json.loads((SCHEMA_DIR / schema.FRAMEWORK_SCHEMA_FILE).read_text())
        ),
        schema.CROSSWALK_SCHEMA_ID: jsonschema.Draft202012Validator(
            json.loads((SCHEMA_DIR / schema.CROSSWALK_SCHEMA_FILE).read_text())
        ),
    }
    files = sorted(bundled_root().glob("*.yaml")) + sorted(bundled_root().glob("crosswalks/*.yaml"))
    assert len(files) >= 5
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        errors = list(validators[data["schema"]].iter_errors(data))
        assert not errors, f"{path.name}: {errors[0].message}"


def test_schema_rejects_unknown_key() -> None:
    validator = jsonschema.Draft202012Validator(schema.crosswalk_schema())
    document = {
        "schema": "trustcheck/crosswalk/v1",
        "id": "x",
        "title": "x",
        "source": "a",
        "target": "b",
        "provenance": {"reconstructed": True},
        "mappings": [{"source": "A", "targets": ["B"], "relationship": "subset-of"}],
    }
    assert list(validator.iter_errors(document)) == []
    document["mappings"][0]["confidence"] = "high"
    [error] = validator.iter_errors(document)
    assert error.validator == "additionalProperties"


def test_main_writes_every_schema_file(tmp_path: Path) -> None:
    assert schema.main([str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "crosswalk.schema.json",
        "framework.schema.json",
        "lexicon.schema.json",
        "vocabulary.schema.json",
    ]
    assert (tmp_path / "framework.schema.json").read_text() == schema.dumps(
        schema.framework_schema()
    )
